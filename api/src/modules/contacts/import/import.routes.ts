/**
 * The CSV wizard's backend and the export: upload → preview and suggested mapping; analyse (no
 * writes); start (a background job with progress); status; report download. Admins and managers only.
 */
import { createReadStream, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../../lib/context.ts';
import { AppError, notFound } from '../../../lib/errors.ts';
import { bearer, errorResponses, openApiApp } from '../../../lib/openapi.ts';
import { isNotFound } from '../../../lib/pb.ts';
import type { JobRecord } from '../../../lib/records.ts';
import type { JobRunner } from '../../jobs/jobs.runner.ts';
import { filterFromQuery } from '../contacts.filters.ts';
import {
  body,
  ContactFilterSchema,
  ContactListQuery,
  Id,
  IdParam,
  json,
  type ContactFilter,
} from '../contacts.schema.ts';
import type { ContactsService } from '../contacts.service.ts';
import { assertMay } from '../../../engine/policy/policy.ts';
import { exportCsv, textStream } from '../export.ts';
import { analyseCsv } from './csv-analyse.ts';
import type { CsvImportJob, ImportParams } from './csv-import.job.ts';
import { previewCsv, readRecords } from './csv-read.ts';
import { STANDARD_TARGETS, suggestMapping, type Target } from './rows.ts';
import { updateRecord } from '../../../lib/record-update.ts';

const MAX_BYTES = 50 * 1024 * 1024;
const TargetSchema = z
  .string()
  .refine(
    (t) =>
      t === 'ignore' || (STANDARD_TARGETS as readonly string[]).includes(t) || /^field:[A-Z][A-Z0-9_]{0,39}$/.test(t),
    'a standard field, field:KEY or ignore',
  );
const Options = z.object({
  mapping: z.array(TargetSchema).min(1).max(500).openapi({
    description:
      'one target per column, in file order: phone, first_name, last_name, name, email, language, notes, country, field:KEY or ignore',
  }),
  default_country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .optional()
    .openapi({ description: 'for numbers written without a country code' }),
  date_order: z
    .enum(['dmy', 'mdy'])
    .default('dmy')
    .openapi({ description: '31/12/1990 (dmy) or 12/31/1990 (mdy); ISO dates and Excel serials are read either way' }),
  invalid_phones: z
    .enum(['skip', 'import'])
    .default('skip')
    .openapi({ description: 'numbers libphonenumber rejects: skip the row, or import flagged invalid' }),
});
const StartBody = Options.extend({
  list: Id.optional().openapi({ description: 'add every imported contact to this list' }),
  tag: Id.optional().openapi({ description: 'tag every imported contact (tags are never read from the file)' }),
  opt_in: z
    .object({ source: z.string().min(1).max(200), scope: z.enum(['marketing', 'utility', 'all']).default('marketing') })
    .optional()
    .openapi({ description: 'record an opt-in from this source (not over an opt-out)' }),
});
const JobSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    state: z.string(),
    progress: z.unknown(),
    result: z.unknown(),
    error: z.string(),
  })
  .passthrough()
  .openapi('Job');

export function importRoutes(
  ctx: AppContext,
  deps: {
    contacts: ContactsService;
    runner: JobRunner;
    importer: CsvImportJob;
    views: { load(token: string, id: string): Promise<ContactFilter> };
  },
) {
  const { contacts, runner, importer } = deps;
  const app = openApiApp();

  async function importJob(id: string): Promise<JobRecord> {
    try {
      const job = await runner.get(id);
      if (job.type !== 'contacts_import') throw notFound('Import');
      return job;
    } catch (err) {
      if (isNotFound(err)) throw notFound('Import');
      throw err;
    }
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/export',
      tags: ['contacts'],
      security: bearer,
      summary:
        'Download contacts as CSV (same filters as the list; streamed). Phone as digits with country code, formula-like cells neutralised. Admins and managers.',
      request: { query: ContactListQuery.omit({ sort: true, page: true, perPage: true }) },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      assertMay(user, 'contact.export');
      const q = c.req.valid('query');
      const f = filterFromQuery(
        q as unknown as Record<string, string | undefined>,
        q.view ? await deps.views.load(c.get('token'), q.view) : {},
      );
      const gen = exportCsv(ctx.pb, contacts.userPb(c.get('token')), contacts, user, f);
      return new Response(textStream(gen), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="contacts-${new Date().toISOString().slice(0, 10)}.csv"`,
        },
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contacts/export',
      tags: ['contacts'],
      security: bearer,
      summary: 'Download contacts as CSV for a JSON filter (as GET). Admins and managers.',
      request: { body: body(z.object({ filter: ContactFilterSchema.default({}) })) },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      assertMay(user, 'contact.export');
      const gen = exportCsv(ctx.pb, contacts.userPb(c.get('token')), contacts, user, c.req.valid('json').filter);
      return new Response(textStream(gen), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="contacts.csv"',
        },
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contacts/import',
      tags: ['contacts'],
      security: bearer,
      summary:
        'Upload a CSV (multipart field "file", up to 50 MB): returns the import id, detected format, header, first rows and a suggested mapping',
      request: {
        body: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }),
            },
          },
        },
      },
      responses: {
        201: json(
          z.object({
            job: JobSchema,
            format: z.record(z.string(), z.unknown()),
            header: z.array(z.string()),
            preview: z.array(z.array(z.string())),
            rows: z.number(),
            suggested_mapping: z.array(z.string()),
          }),
          'Uploaded',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const user = c.get('user');
      assertMay(user, 'contact.import');
      const file = (c.req.valid('form') as { file?: unknown }).file;
      if (!(file instanceof File))
        throw new AppError('validation_failed', 422, 'file: a multipart file field named "file" is required');
      if (file.size > MAX_BYTES) throw new AppError('file_too_large', 413, 'The file is larger than 50 MB');
      if (file.size === 0) throw new AppError('validation_failed', 422, 'file: empty');
      const job = await runner.create('contacts_import', {
        params: { filename: file.name },
        createdBy: user.id,
        state: 'draft',
        file: file.name.slice(0, 255),
      });
      const path = join(runner.dir(job.id), 'upload.csv');
      await writeFile(path, Readable.fromWeb(file.stream() as import('node:stream/web').ReadableStream<Uint8Array>));
      const p = await previewCsv(path, 10);
      if (!p.header.length) throw new AppError('validation_failed', 422, 'file: no header row');
      let rows = -1;
      for await (const _ of readRecords(path, p.format)) rows++;
      const updated = await updateRecord<JobRecord>(ctx.pb, 'jobs', job.id, {
        progress: { done: 0, total: Math.max(0, rows) },
      });
      return c.json(
        {
          job: updated,
          format: p.format,
          header: p.header,
          preview: p.rows,
          rows: Math.max(0, rows),
          suggested_mapping: suggestMapping(p.header, await contacts.defs.map()),
        },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contacts/import/{id}/analyse',
      tags: ['contacts'],
      security: bearer,
      summary:
        'What the import would do with this mapping (no writes): create/update counts, duplicates in the file, invalid or missing phones, missing required fields, values that do not fit',
      request: { params: IdParam, body: body(Options) },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Analysis'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.import');
      const job = await importJob(c.req.valid('param').id);
      const opts = await importer.rowOptions({
        ...c.req.valid('json'),
        mapping: c.req.valid('json').mapping as Target[],
      } as ImportParams);
      const analysis = await analyseCsv(
        ctx.pb,
        await contacts.defaultNumberId(),
        join(runner.dir(job.id), 'upload.csv'),
        opts,
      );
      return c.json(analysis as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contacts/import/{id}/start',
      tags: ['contacts'],
      security: bearer,
      summary:
        'Start the import as a background job (same phone → update, else create); follow GET /contacts/import/{id} or the jobs collection in realtime',
      request: { params: IdParam, body: body(StartBody) },
      responses: { 202: json(JobSchema, 'Queued'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      assertMay(user, 'contact.import');
      const job = await importJob(c.req.valid('param').id);
      if (job.state !== 'draft') throw new AppError('already_started', 409, `This import is already ${job.state}`);
      const b = c.req.valid('json');
      const params: ImportParams = {
        ...b,
        mapping: b.mapping as Target[],
        filename: String(job.params?.filename ?? ''),
      };
      await importer.rowOptions(params);
      if (b.list)
        await ctx.pb
          .collection('lists')
          .getOne(b.list, { fields: 'id' })
          .catch(() => {
            throw new AppError('unknown_reference', 422, 'list: no such list');
          });
      if (b.tag)
        await ctx.pb
          .collection('tags')
          .getOne(b.tag, { fields: 'id' })
          .catch(() => {
            throw new AppError('unknown_reference', 422, 'tag: no such tag');
          });
      return c.json(await runner.queueDraft(job.id, params as unknown as Record<string, unknown>), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/import/{id}',
      tags: ['contacts'],
      security: bearer,
      summary: 'Import status: state, progress {done,total}, result counts and reasons',
      request: { params: IdParam },
      responses: { 200: json(JobSchema, 'The import job'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.import');
      return c.json(await importJob(c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/import/{id}/report',
      tags: ['contacts'],
      security: bearer,
      summary:
        'Per-row result as CSV: row, phone as in the file, phone, outcome (created/updated/skipped), reason, contact id, warnings',
      request: { params: IdParam },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.import');
      const job = await importJob(c.req.valid('param').id);
      const path = join(runner.dir(job.id), 'report.csv');
      if (job.state === 'failed' || job.state === 'cancelled')
        throw new AppError(
          'import_undone',
          409,
          `The import ${job.state === 'failed' ? 'failed' : 'was cancelled'} and its changes were undone: ${job.error}`,
        );
      if (job.state !== 'succeeded' || !existsSync(path))
        throw new AppError('not_ready', 409, 'The report is ready when the import has finished');
      const stream = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
      return new Response(stream, {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="import-${job.id}-report.csv"`,
        },
      });
    },
  );

  return app;
}
