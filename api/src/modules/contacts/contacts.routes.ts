/**
 * /contacts: list (filters), get, create, upsert by phone, edit, soft delete / restore, block, consent,
 * the contact's tags and its activity. Reads obey the PocketBase rules through the caller's token
 * (operators: contacts of chats they may see); see contacts.service.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { bearer, errorResponses, openApiApp } from '../../lib/openapi.ts';
import { contactActivity } from './activity.ts';
import { filterFromQuery } from './contacts.filters.ts';
import {
  body,
  ConsentInput,
  ContactInput,
  ContactListQuery,
  ContactPatch,
  ContactSchema,
  Id,
  IdParam,
  json,
  Page,
} from './contacts.schema.ts';
import { present, type ContactsService } from './contacts.service.ts';
import type { ContactFilter } from './contacts.schema.ts';
import { assertMay } from '../../engine/policy/policy.ts';

const tags = ['contacts'];
const ActivitySchema = z.object({
  items: z.array(
    z.object({
      kind: z.string(),
      at: z.string(),
      data: z.record(z.string(), z.unknown()),
      by: z.string(),
      actor: z.string(),
    }),
  ),
  has_more: z.boolean(),
});

export function contactsRoutes(
  ctx: AppContext,
  svc: ContactsService,
  views: { load(token: string, id: string): Promise<ContactFilter> },
) {
  const app = openApiApp();
  /** the query's filter over the saved view it names, if any */
  const filterOf = async (token: string, q: { view?: string | undefined }) =>
    filterFromQuery(q as unknown as Record<string, string | undefined>, q.view ? await views.load(token, q.view) : {});

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts',
      tags,
      security: bearer,
      summary: 'Contacts you may see, filtered (all conditions ANDed); deleted ones only with deleted=include|only',
      request: { query: ContactListQuery },
      responses: { 200: json(Page(ContactSchema), 'A page of contacts'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await svc.list(c.get('user'), c.get('token'), await filterOf(c.get('token'), q), q), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/count',
      tags,
      security: bearer,
      summary: 'How many contacts you may see match these filters (same parameters as the list)',
      request: { query: ContactListQuery.omit({ sort: true, page: true, perPage: true, total: true }) },
      responses: { 200: json(z.object({ total: z.number().int() }), 'The count'), ...errorResponses },
    }),
    async (c) => {
      return c.json(
        { total: await svc.count(c.get('user'), c.get('token'), await filterOf(c.get('token'), c.req.valid('query'))) },
        200,
      );
    },
  );

  const upsertRoute = (method: 'post' | 'put') =>
    createRoute({
      method,
      path: '/contacts',
      tags,
      security: bearer,
      summary:
        method === 'post'
          ? 'Create a contact (409 if the phone exists) — admins and managers'
          : 'Create or update the contact with this phone (upsert) — admins and managers',
      request: { body: body(ContactInput) },
      responses: {
        200: json(ContactSchema, 'Updated'),
        201: json(ContactSchema, 'Created'),
        409: json(
          z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }) }),
          'Phone already used',
        ),
        ...errorResponses,
      },
    });
  app.openapi(upsertRoute('post'), async (c) => {
    const { contact } = await svc.create(c.get('user'), c.req.valid('json'), { upsert: false });
    return c.json(present(contact), 201);
  });
  app.openapi(upsertRoute('put'), async (c) => {
    const { contact, created } = await svc.create(c.get('user'), c.req.valid('json'), { upsert: true });
    return c.json(present(contact), created ? 201 : 200);
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}',
      tags,
      security: bearer,
      summary: 'One contact',
      request: { params: IdParam },
      responses: { 200: json(ContactSchema, 'The contact'), ...errorResponses },
    }),
    async (c) => c.json(present(await svc.get(c.get('token'), c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/contacts/{id}',
      tags,
      security: bearer,
      summary: 'Edit a contact you can see (not viewers); fields are merged, null clears one',
      request: { params: IdParam, body: body(ContactPatch) },
      responses: { 200: json(ContactSchema, 'Updated contact'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        present(await svc.update(c.get('user'), c.get('token'), c.req.valid('param').id, c.req.valid('json'))),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/contacts/{id}',
      tags,
      security: bearer,
      summary: 'Soft-delete (restore with POST /contacts/{id}/restore); not viewers',
      request: { params: IdParam },
      responses: { 200: json(ContactSchema, 'Deleted contact'), ...errorResponses },
    }),
    async (c) =>
      c.json(present(await svc.setFlag(c.get('user'), c.get('token'), c.req.valid('param').id, 'delete')), 200),
  );

  for (const action of ['restore', 'block', 'unblock'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/contacts/{id}/${action}`,
        tags,
        security: bearer,
        summary: `${action[0]!.toUpperCase()}${action.slice(1)} a contact (not viewers)`,
        request: { params: IdParam },
        responses: { 200: json(ContactSchema, 'Updated contact'), ...errorResponses },
      }),
      async (c) =>
        c.json(present(await svc.setFlag(c.get('user'), c.get('token'), c.req.valid('param').id, action)), 200),
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contacts/{id}/consent',
      tags,
      security: bearer,
      summary: 'Record an opt-in or opt-out (history + current state); not viewers',
      request: { params: IdParam, body: body(ConsentInput) },
      responses: { 200: json(ContactSchema, 'Updated contact'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      assertMay(user, 'contact.consent');
      const contact = await svc.get(c.get('token'), c.req.valid('param').id);
      return c.json(
        present(await svc.consent(contact.id, c.req.valid('json'), { kind: 'user', userId: user.id })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/consents',
      tags,
      security: bearer,
      summary: 'Consent history, newest first',
      request: { params: IdParam },
      responses: {
        200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'History'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const contact = await svc.get(c.get('token'), c.req.valid('param').id);
      const items = await svc
        .userPb(c.get('token'))
        .collection('contact_consents')
        .getFullList({ filter: ctx.pb.filter('contact = {:c}', { c: contact.id }), sort: '-at,-id' });
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/activity',
      tags,
      security: bearer,
      summary:
        'Timeline: messages in/out, tags, lists, consent, field changes, block, delete — newest first; page back with `before`',
      request: {
        params: IdParam,
        query: z.object({
          before: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: { 200: json(ActivitySchema, 'Activity'), ...errorResponses },
    }),
    async (c) => {
      const contact = await svc.get(c.get('token'), c.req.valid('param').id);
      return c.json(await contactActivity(svc.userPb(c.get('token')), contact, c.req.valid('query')), 200);
    },
  );

  // The contact's tags: a convenience over PATCH {tags}.
  const TagsBody = z.object({ tags: z.array(Id).min(1).max(200) });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/tags',
      tags,
      security: bearer,
      summary: "The contact's tags",
      request: { params: IdParam },
      responses: {
        200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Tags'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const contact = await svc.get(c.get('token'), c.req.valid('param').id);
      const ids = contact.tags ?? [];
      const items = ids.length
        ? await ctx.pb
            .collection('tags')
            .getFullList({ filter: ids.map((id) => ctx.pb.filter('id = {:id}', { id })).join(' || '), sort: 'name' })
        : [];
      return c.json({ items }, 200);
    },
  );
  for (const [method, summary] of [
    ['post', 'Add tags'],
    ['put', 'Replace the tags'],
    ['delete', 'Remove tags'],
  ] as const) {
    app.openapi(
      createRoute({
        method,
        path: '/contacts/{id}/tags',
        tags,
        security: bearer,
        summary: `${summary} (not viewers)`,
        request: { params: IdParam, body: body(TagsBody) },
        responses: { 200: json(ContactSchema, 'Updated contact'), ...errorResponses },
      }),
      async (c) => {
        const user = c.get('user');
        assertMay(user, 'contact.write');
        const contact = await svc.get(c.get('token'), c.req.valid('param').id);
        const given = c.req.valid('json').tags;
        const current = contact.tags ?? [];
        const next =
          method === 'put'
            ? given
            : method === 'post'
              ? [...new Set([...current, ...given])]
              : current.filter((t) => !given.includes(t));
        if (next.length > 200) throw new AppError('validation_failed', 422, 'tags: at most 200 per contact');
        return c.json(present(await svc.applyPatch(user, contact, { tags: next })), 200);
      },
    );
  }

  return app;
}
