/** Bulk actions, saved views (contact_views) and job status / cancel. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { bearer, errorResponses, openApiApp } from '../../lib/openapi.ts';
import { isNotFound } from '../../lib/pb.ts';
import type { JobRecord, UserRecord } from '../../lib/records.ts';
import type { JobRunner } from '../jobs/jobs.runner.ts';
import { SYNC_LIMIT, type BulkService } from './bulk.ts';
import {
  BulkAction,
  body,
  ContactFilterSchema,
  IdParam,
  json,
  type BulkActionT,
  type ContactFilter,
} from './contacts.schema.ts';
import { BulkResult } from './taxonomy.routes.ts';
import { assertMay, may, principalOf } from '../../engine/policy/policy.ts';
import { updateRecord } from '../../lib/record-update.ts';

const ViewSchema = z
  .object({ id: z.string(), name: z.string(), filter: z.unknown(), owner: z.string(), shared: z.boolean() })
  .passthrough()
  .openapi('ContactView');
const JobSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    state: z.string(),
    progress: z.unknown(),
    result: z.unknown(),
    error: z.string(),
  })
  .passthrough();

export class Views {
  constructor(
    private readonly ctx: AppContext,
    private readonly userPb: (token: string) => import('../../lib/pb.ts').PocketBase,
  ) {}

  async load(token: string, id: string): Promise<ContactFilter> {
    try {
      const v = await this.userPb(token).collection('contact_views').getOne<{ filter: unknown }>(id);
      const parsed = ContactFilterSchema.safeParse(v.filter ?? {});
      return parsed.success ? parsed.data : {};
    } catch (err) {
      if (isNotFound(err)) throw notFound('View');
      throw err;
    }
  }
}

export type BulkDispatch = (
  c: { user: UserRecord; token: string },
  a: BulkActionT,
) => Promise<{ status: 200 | 202; matched?: number; changed?: number; job?: Record<string, unknown> }>;

/** Small selections run in the request; "all matching" beyond SYNC_LIMIT becomes a job (admins, managers). */
export function bulkDispatcher(deps: {
  bulk: BulkService;
  runner: JobRunner;
  userPb: (token: string) => import('../../lib/pb.ts').PocketBase;
}): BulkDispatch {
  return async ({ user, token }, a) => {
    await deps.bulk.checkAllowed(user, a);
    const client = deps.userPb(token);
    const n = await deps.bulk.count(user, client, a);
    if (a.ids || n <= SYNC_LIMIT) return { status: 200, ...(await deps.bulk.run(user, client, a)) };
    if (!may(principalOf(user), 'contact.bulk_large'))
      throw new AppError('too_many', 422, `Operators can change at most ${SYNC_LIMIT} contacts at once (${n} match)`);
    const job = await deps.runner.create('contacts_bulk', {
      params: { action: a, user: user.id },
      createdBy: user.id,
      total: n,
    });
    return { status: 202, job: job as unknown as Record<string, unknown> };
  };
}

export function extrasRoutes(
  ctx: AppContext,
  deps: { dispatch: BulkDispatch; runner: JobRunner; userPb: (token: string) => import('../../lib/pb.ts').PocketBase },
) {
  const app = openApiApp();
  const { pb } = ctx;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contacts/bulk',
      tags: ['contacts'],
      security: bearer,
      summary: `Tag, untag, add to / remove from a list, block, unblock, delete or restore contacts by ids, or all matching a filter (over ${SYNC_LIMIT} → a job, 202). Delete/restore: admins, managers; operators only on contacts they can see.`,
      request: { body: body(BulkAction) },
      responses: { 200: json(BulkResult, 'Done'), 202: json(BulkResult, 'Started as a job'), ...errorResponses },
    }),
    async (c) => {
      const { status, ...res } = await deps.dispatch(
        { user: c.get('user'), token: c.get('token') },
        c.req.valid('json'),
      );
      return c.json(res, status);
    },
  );

  // ---- saved views
  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/views',
      tags: ['contacts'],
      security: bearer,
      summary: 'Your saved views and the shared ones',
      responses: { 200: json(z.object({ items: z.array(ViewSchema) }), 'Views'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          items: await deps
            .userPb(c.get('token'))
            .collection('contact_views')
            .getFullList<z.infer<typeof ViewSchema>>({ sort: 'name' }),
        },
        200,
      ),
  );
  const ViewBody = z.object({
    name: z.string().trim().min(1).max(100),
    filter: ContactFilterSchema,
    shared: z.boolean().default(false),
  });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/contacts/views',
      tags: ['contacts'],
      security: bearer,
      summary: 'Save a view (shared ones: admins, managers)',
      request: { body: body(ViewBody) },
      responses: { 201: json(ViewSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      const b = c.req.valid('json');
      if (b.shared) assertMay(user, 'contact_view.share');
      return c.json(
        await pb.collection('contact_views').create<z.infer<typeof ViewSchema>>({ ...b, owner: user.id }),
        201,
      );
    },
  );
  const ownView = async (user: UserRecord, id: string) => {
    let v: { owner: string };
    try {
      v = await pb.collection('contact_views').getOne<{ owner: string; shared: boolean }>(id);
    } catch (err) {
      if (isNotFound(err)) throw notFound('View');
      throw err;
    }
    assertMay(
      user,
      'contact_view.write',
      { kind: 'owned', owner: v.owner },
      'Only its owner (or an admin) can change a view',
    );
  };
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/contacts/views/{id}',
      tags: ['contacts'],
      security: bearer,
      summary: 'Change your view',
      request: { params: IdParam, body: body(ViewBody.partial()) },
      responses: { 200: json(ViewSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      await ownView(user, c.req.valid('param').id);
      const b = c.req.valid('json');
      if (b.shared) assertMay(user, 'contact_view.share');
      return c.json(
        await updateRecord<z.infer<typeof ViewSchema>>(pb, 'contact_views', c.req.valid('param').id, b),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/contacts/views/{id}',
      tags: ['contacts'],
      security: bearer,
      summary: 'Delete your view',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await ownView(c.get('user'), c.req.valid('param').id);
      await pb.collection('contact_views').delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  // ---- jobs
  const visibleJob = async (token: string, id: string): Promise<JobRecord> => {
    try {
      return await deps.userPb(token).collection('jobs').getOne<JobRecord>(id);
    } catch (err) {
      if (isNotFound(err)) throw notFound('Job');
      throw err;
    }
  };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/jobs/{id}',
      tags: ['jobs'],
      security: bearer,
      summary: 'A background job (admins, managers, or who started it)',
      request: { params: IdParam },
      responses: { 200: json(JobSchema, 'The job'), ...errorResponses },
    }),
    async (c) => c.json(await visibleJob(c.get('token'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/jobs/{id}/cancel',
      tags: ['jobs'],
      security: bearer,
      summary: 'Cancel a queued or running job (an import is undone; a bulk action keeps what it did)',
      request: { params: IdParam },
      responses: { 202: json(JobSchema, 'Cancelling'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      const job = await visibleJob(c.get('token'), c.req.valid('param').id);
      assertMay(user, 'jobs.cancel');
      if (job.state === 'draft' || job.state === 'queued')
        return c.json(
          await updateRecord<JobRecord>(pb, 'jobs', job.id, {
            state: 'cancelled',
            error: 'Cancelled before it started',
          }),
          202,
        );
      if (job.state !== 'running') throw new AppError('not_running', 409, `The job is already ${job.state}`);
      deps.runner.cancel(job.id);
      return c.json(job, 202);
    },
  );

  return app;
}
