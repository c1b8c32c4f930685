/** /tags, /lists (+ members by ids or filter) and /fields (dynamic field definitions). */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { bearer, errorResponses, openApiApp } from '../../lib/openapi.ts';
import { isUniqueViolation } from '../../lib/pb.ts';
import type { ContactFieldRecord, ListRecord, TagRecord } from '../../lib/records.ts';
import type { BulkService } from './bulk.ts';
import { SYNC_LIMIT } from './bulk.ts';
import { body, ContactFilterSchema, ContactSchema, FieldKey, Id, IdParam, json, Page } from './contacts.schema.ts';
import type { ContactsService } from './contacts.service.ts';
import { assertMay } from '../../engine/policy/policy.ts';
import type { FieldDefs } from './field-defs.ts';
import { updateRecord } from '../../lib/record-update.ts';

const Items = <T extends z.ZodTypeAny>(s: T) => z.object({ items: z.array(s) });
const TagSchema = z
  .object({ id: z.string(), name: z.string(), color: z.string(), contacts: z.number().optional() })
  .passthrough()
  .openapi('Tag');
const Counts = z.object({ counts: z.enum(['true', 'false']).default('false') });
const ListSchema = z
  .object({ id: z.string(), name: z.string(), description: z.string(), members: z.number().optional() })
  .passthrough()
  .openapi('List');
const FieldSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    label: z.string(),
    type: z.string(),
    on_contact: z.boolean(),
    required: z.boolean(),
  })
  .passthrough()
  .openapi('ContactField');
const Color = z.string().regex(/^(#[0-9a-fA-F]{6})?$/, 'a colour like #25D366');
const Members = z
  .object({ ids: z.array(Id).min(1).max(5000).optional(), filter: ContactFilterSchema.optional() })
  .refine((b) => !!b.ids !== !!b.filter, 'give either ids or filter');
const BulkResult = z.object({
  matched: z.number().optional(),
  changed: z.number().optional(),
  job: z.record(z.string(), z.unknown()).optional(),
});

async function save<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('already_exists', 409, `A ${what} with this name already exists`);
    throw err;
  }
}

export function taxonomyRoutes(
  ctx: AppContext,
  deps: {
    contacts: ContactsService;
    defs: FieldDefs;
    membersBulk: (
      c: { user: Parameters<BulkService['run']>[0]; token: string },
      action: 'add_to_list' | 'remove_from_list',
      list: string,
      sel: z.infer<typeof Members>,
    ) => Promise<z.infer<typeof BulkResult> & { status: 200 | 202 }>;
  },
) {
  const app = openApiApp();
  const { pb } = ctx;

  /** contacts (not deleted) per tag and per list, counted in one pass (pb_hooks/contact_counts.pb.js) */
  const membership = () =>
    pb.send<{ tags: Record<string, number>; lists: Record<string, number> }>('/api/spunta/contacts/membership-counts', {
      requestKey: null,
    });

  // ---- tags
  app.openapi(
    createRoute({
      method: 'get',
      path: '/tags',
      tags: ['tags'],
      security: bearer,
      summary: 'All tags, with how many contacts carry each when counts=true',
      request: { query: Counts },
      responses: { 200: json(Items(TagSchema), 'Tags'), ...errorResponses },
    }),
    async (c) => {
      const tags = await pb.collection('tags').getFullList<TagRecord>({ sort: 'name' });
      if (c.req.valid('query').counts !== 'true') return c.json({ items: tags }, 200);
      const n = (await membership()).tags;
      return c.json({ items: tags.map((t) => ({ ...t, contacts: n[t.id] ?? 0 })) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/tags',
      tags: ['tags'],
      security: bearer,
      summary: 'Create a tag (admins, managers)',
      request: { body: body(z.object({ name: z.string().trim().min(1).max(60), color: Color.default('') })) },
      responses: { 201: json(TagSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.taxonomy');
      return c.json(await save('tag', () => pb.collection('tags').create<TagRecord>(c.req.valid('json'))), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/tags/{id}',
      tags: ['tags'],
      security: bearer,
      summary: 'Rename or recolour a tag (admins, managers)',
      request: {
        params: IdParam,
        body: body(z.object({ name: z.string().trim().min(1).max(60).optional(), color: Color.optional() })),
      },
      responses: { 200: json(TagSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.taxonomy');
      return c.json(
        await save('tag', () => updateRecord<TagRecord>(pb, 'tags', c.req.valid('param').id, c.req.valid('json'))),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/tags/{id}',
      tags: ['tags'],
      security: bearer,
      summary: 'Delete a tag (removed from every contact; admins, managers)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.taxonomy');
      await pb.collection('tags').delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  // ---- lists
  app.openapi(
    createRoute({
      method: 'get',
      path: '/lists',
      tags: ['lists'],
      security: bearer,
      summary: 'All lists, with member counts when counts=true',
      request: { query: Counts },
      responses: { 200: json(Items(ListSchema), 'Lists'), ...errorResponses },
    }),
    async (c) => {
      const lists = await pb.collection('lists').getFullList<ListRecord>({ sort: 'name' });
      if (c.req.valid('query').counts !== 'true') return c.json({ items: lists }, 200);
      const n = (await membership()).lists;
      return c.json({ items: lists.map((l) => ({ ...l, members: n[l.id] ?? 0 })) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/lists',
      tags: ['lists'],
      security: bearer,
      summary: 'Create a list (admins, managers)',
      request: {
        body: body(z.object({ name: z.string().trim().min(1).max(100), description: z.string().max(500).default('') })),
      },
      responses: { 201: json(ListSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.taxonomy');
      return c.json(await save('list', () => pb.collection('lists').create<ListRecord>(c.req.valid('json'))), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/lists/{id}',
      tags: ['lists'],
      security: bearer,
      summary: 'Rename a list (admins, managers)',
      request: {
        params: IdParam,
        body: body(
          z.object({ name: z.string().trim().min(1).max(100).optional(), description: z.string().max(500).optional() }),
        ),
      },
      responses: { 200: json(ListSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.taxonomy');
      return c.json(
        await save('list', () => updateRecord<ListRecord>(pb, 'lists', c.req.valid('param').id, c.req.valid('json'))),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/lists/{id}',
      tags: ['lists'],
      security: bearer,
      summary: 'Delete a list (its contacts stay; admins, managers)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.taxonomy');
      await pb.collection('lists').delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/lists/{id}/members',
      tags: ['lists'],
      security: bearer,
      summary: 'Contacts in the list that you may see',
      request: {
        params: IdParam,
        query: z.object({
          page: z.coerce.number().int().min(1).default(1),
          perPage: z.coerce.number().int().min(1).max(500).default(50),
        }),
      },
      responses: { 200: json(Page(ContactSchema), 'Members'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await deps.contacts.list(
          c.get('user'),
          c.get('token'),
          { lists: [c.req.valid('param').id] },
          { sort: '-created', ...c.req.valid('query') },
        ),
        200,
      ),
  );
  for (const [suffix, action] of [
    ['', 'add_to_list'],
    ['/remove', 'remove_from_list'],
  ] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/lists/{id}/members${suffix}`,
        tags: ['lists'],
        security: bearer,
        summary: `${action === 'add_to_list' ? 'Add' : 'Remove'} contacts by ids or by filter (more than ${SYNC_LIMIT} matches run as a job → 202)`,
        request: { params: IdParam, body: body(Members) },
        responses: { 200: json(BulkResult, 'Done'), 202: json(BulkResult, 'Started as a job'), ...errorResponses },
      }),
      async (c) => {
        const { status, ...res } = await deps.membersBulk(
          { user: c.get('user'), token: c.get('token') },
          action,
          c.req.valid('param').id,
          c.req.valid('json'),
        );
        return c.json(res, status);
      },
    );
  }

  // ---- dynamic fields
  app.openapi(
    createRoute({
      method: 'get',
      path: '/fields',
      tags: ['fields'],
      security: bearer,
      summary: 'Dynamic field definitions',
      responses: { 200: json(Items(FieldSchema), 'Fields'), ...errorResponses },
    }),
    async (c) => c.json({ items: [...(await deps.defs.map()).values()] }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/fields',
      tags: ['fields'],
      security: bearer,
      summary: 'Define a dynamic field (admins, managers)',
      request: {
        body: body(
          z.object({
            key: FieldKey,
            label: z.string().max(100).default(''),
            type: z.enum(['text', 'number', 'date', 'datetime', 'boolean']),
            on_contact: z.boolean().default(true),
            required: z.boolean().default(false),
          }),
        ),
      },
      responses: { 201: json(FieldSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.fields');
      const rec = await save('field', () =>
        pb.collection('contact_fields').create<ContactFieldRecord>(c.req.valid('json')),
      );
      deps.defs.invalidate();
      return c.json(rec, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/fields/{id}',
      tags: ['fields'],
      security: bearer,
      summary: 'Change label, on-the-contact switch or required (key and type are fixed; admins, managers)',
      request: {
        params: IdParam,
        body: body(
          z
            .object({
              label: z.string().max(100).optional(),
              on_contact: z.boolean().optional(),
              required: z.boolean().optional(),
            })
            .strict(),
        ),
      },
      responses: { 200: json(FieldSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.fields');
      const rec = await updateRecord<ContactFieldRecord>(
        pb,
        'contact_fields',
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      deps.defs.invalidate();
      return c.json(rec, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/fields/{id}',
      tags: ['fields'],
      security: bearer,
      summary: 'Delete a field definition (stored values are no longer shown or filterable; admins, managers)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'contact.fields');
      await pb.collection('contact_fields').delete(c.req.valid('param').id);
      deps.defs.invalidate();
      return c.body(null, 204);
    },
  );

  return app;
}

export { Members, BulkResult };
