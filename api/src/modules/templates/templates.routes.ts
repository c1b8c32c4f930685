/**
 * /api/v1/templates: list and read (operators see approved ones), write drafts, submit to Meta, edit where
 * Meta allows, duplicate, delete a language or all (admins and managers), header samples, re-sync.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../../lib/context.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import { bearer, errorResponses, json, openApiApp, recordIdParam } from '../../lib/openapi.ts';
import { createUserClient } from '../../lib/pb.ts';
import { nextEditAllowedAt, type StudioTemplate } from './template-model.ts';
import { validateTemplate } from './template-rules.ts';
import {
  CreateTemplateBody,
  DuplicateBody,
  ListQuery,
  PatchTemplateBody,
  SubmitBody,
  TemplateDetail,
  TemplateView,
} from './templates.schema.ts';
import { TemplatesService } from './templates.service.ts';
import type { TemplateSync } from './templates.sync.ts';
import { assertMay } from '../../engine/policy/policy.ts';

const tooLarge = (max: string) => () => {
  throw new AppError('payload_too_large', 413, `Body above ${max}`);
};
const jsonLimit = bodyLimit({ maxSize: 256 * 1024, onError: tooLarge('256 KB') });
const fileLimit = bodyLimit({ maxSize: 17 * 1024 * 1024, onError: tooLarge('16 MB') });
const IdParam = recordIdParam('template');
const Items = z.object({ items: z.array(TemplateView) });
const WRITERS = new Set(['admin', 'manager']);

export function templatesRoutes(ctx: AppContext, sync: TemplateSync) {
  const svc = new TemplatesService(ctx);
  const app = openApiApp();
  app.use('/templates', jsonLimit);
  app.use('/templates/:id/sample', fileLimit);
  app.use('/templates/:id', jsonLimit);
  app.use('/templates/:id/submit', jsonLimit);
  app.use('/templates/:id/duplicate', jsonLimit);

  const detail = async (t: StudioTemplate) => {
    const view = TemplatesService.editorView(t);
    const next = nextEditAllowedAt(t.status, t.edit_log);
    return {
      template: t,
      translations: await svc.translations(t),
      issues: validateTemplate(
        { name: t.name, category: t.category, language: t.language, components: view.components },
        view.examples,
      ),
      next_edit_at: next ? new Date(next).toISOString() : null,
    };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/templates',
      tags: ['templates'],
      security: bearer,
      summary: 'Templates, one item per language (admins and managers: drafts too; others: templates Meta approved)',
      request: { query: ListQuery },
      responses: { 200: json(Items, 'Templates'), ...errorResponses },
    }),
    async (c) => {
      const pb = createUserClient(ctx.pbProcess.url, c.get('token'));
      const q = c.req.valid('query');
      const writer = WRITERS.has(c.get('user').role);
      const status = q.status ?? (writer ? undefined : 'APPROVED');
      const parts = [
        status ? pb.filter('status = {:s}', { s: status }) : '',
        q.name ? pb.filter('name = {:n}', { n: q.name }) : '',
      ].filter(Boolean);
      const items = await pb
        .collection('templates')
        .getFullList<StudioTemplate>({ filter: parts.join(' && '), sort: 'name,language' });
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/templates',
      tags: ['templates'],
      security: bearer,
      summary:
        "Write a draft (admins, managers): Meta's create payload; text may use %%FIELD%%; a new language of an existing name adds a translation",
      request: { body: { required: true, content: { 'application/json': { schema: CreateTemplateBody } } } },
      responses: {
        201: json(TemplateDetail, 'Draft saved, with the rules it does not meet yet'),
        409: json(z.unknown(), 'Exists, identical to another, or name blocked after deletion'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { template } = await svc.create(c.get('user'), c.req.valid('json'));
      return c.json(await detail(template), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/templates/{id}',
      tags: ['templates'],
      security: bearer,
      summary: 'One language of a template with its translations, the rules it breaks and when it may be edited next',
      request: { params: IdParam },
      responses: { 200: json(TemplateDetail, 'Template'), ...errorResponses },
    }),
    async (c) => {
      const t = await svc.get(c.req.valid('param').id);
      if (!WRITERS.has(c.get('user').role) && ['DRAFT', 'SUBMITTED', 'PENDING', 'REJECTED'].includes(t.status))
        throw forbidden('Only admins and managers see templates before Meta approves them');
      return c.json(await detail(t), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/templates/{id}',
      tags: ['templates'],
      security: bearer,
      summary:
        "Change a draft; an approved, rejected or paused template is edited at Meta within Meta's limits (approved: 1 per 24 h, 10 per 30 days, category fixed). Mapping and default language always.",
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: PatchTemplateBody } } },
      },
      responses: {
        200: json(TemplateDetail, 'Saved'),
        409: json(z.unknown(), 'Meta allows no edit now: duplicate it as new'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { template } = await svc.update(c.get('user'), c.req.valid('param').id, c.req.valid('json'));
      return c.json(await detail(template), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/templates/{id}',
      tags: ['templates'],
      security: bearer,
      summary:
        'Delete this language (or every language with ?all=true); at Meta too. A deleted approved name cannot be used again for 30 days.',
      request: { params: IdParam, query: z.object({ all: z.enum(['true', 'false']).optional() }) },
      responses: {
        200: json(z.object({ deleted: z.number(), name_reusable_at: z.string().optional() }), 'Deleted'),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(await svc.remove(c.get('user'), c.req.valid('param').id, c.req.valid('query').all === 'true'), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/templates/{id}/submit',
      tags: ['templates'],
      security: bearer,
      summary:
        "Send a draft (or all draft languages) to Meta's review: %%FIELD%% become named parameters with examples",
      request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: SubmitBody } } } },
      responses: {
        200: json(Items, 'Submitted: PENDING until Meta decides (status webhooks follow)'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json') ?? {};
      const items = await svc.submit(c.get('user'), c.req.valid('param').id, {
        all: body.all_languages ?? false,
        allowCategoryChange: body.allow_category_change ?? false,
      });
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/templates/{id}/duplicate',
      tags: ['templates'],
      security: bearer,
      summary: 'Copy every language as drafts under a new name',
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: DuplicateBody } } },
      },
      responses: { 201: json(Items, 'The new drafts'), ...errorResponses },
    }),
    async (c) =>
      c.json({ items: await svc.duplicate(c.get('user'), c.req.valid('param').id, c.req.valid('json').name) }, 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/templates/{id}/sample',
      tags: ['templates'],
      security: bearer,
      summary:
        'Header sample of a draft (image, video or PDF; multipart "file"): uploaded to Meta with the Resumable Upload API, the handle goes in the header',
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }),
            },
          },
        },
      },
      responses: { 200: json(TemplateDetail, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const file = (c.req.valid('form') as { file?: unknown }).file;
      if (!(file instanceof File))
        throw new AppError('validation_failed', 422, 'file: a multipart file field named "file" is required');
      return c.json(await detail(await svc.setHeaderSample(c.get('user'), c.req.valid('param').id, file)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/templates/sync',
      tags: ['templates'],
      security: bearer,
      summary: 'Re-read templates from Meta now (admin, manager)',
      responses: {
        200: { description: 'Synced', content: { 'application/json': { schema: z.object({ synced: z.number() }) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      assertMay(c.get('user'), 'template.write');
      return c.json({ synced: await sync.syncAll() }, 200);
    },
  );
  return app;
}
