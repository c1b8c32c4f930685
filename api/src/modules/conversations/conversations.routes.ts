import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { bearer, errorResponses, json, openApiApp, recordIdParam } from '../../lib/openapi.ts';
import { ConversationsService, withWindow } from './conversations.service.ts';

const ConversationSchema = z
  .object({
    id: z.string(),
    wa_number: z.string(),
    contact: z.string(),
    assignee: z.string(),
    status: z.enum(['open', 'closed']),
    unread_count: z.number(),
    contact_name: z.string(),
    contact_phone: z.string(),
    last_message_preview: z.string(),
    last_message_at: z.string(),
    last_message_direction: z.string(),
    last_message_status: z.string(),
    last_inbound_at: z.string(),
    window_open: z.boolean(),
    window_closes_at: z.string().nullable(),
  })
  .passthrough()
  .openapi('Conversation');

const MessageSchema = z
  .object({
    id: z.string(),
    conversation: z.string(),
    direction: z.enum(['in', 'out']),
    type: z.string(),
    payload: z.unknown(),
    preview: z.string(),
    wamid: z.string(),
    status: z.string(),
    error_code: z.number(),
    error_title: z.string(),
    error_details: z.string(),
    timestamp: z.string(),
    sender: z.string(),
  })
  .passthrough()
  .openapi('Message');

const IdParam = recordIdParam('conversation');
/** A server time as PocketBase writes it (`2025-05-10 09:00:00.000Z`) or ISO 8601. */
const Since = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'a UTC time like 2025-05-10 09:00:00.000Z');
const SyncedAt = z
  .string()
  .openapi({ description: 'server time before the read: pass it (less a margin) as updated_since to catch up' });

export function conversationsRoutes(ctx: AppContext) {
  const svc = new ConversationsService(ctx);
  const app = openApiApp();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/conversations',
      tags: ['conversations'],
      security: bearer,
      summary: 'Chats you may see, most recent activity first',
      request: {
        query: z.object({
          assignee: z.string().max(30).optional().openapi({ description: "'me', 'unassigned' or a user id" }),
          status: z.enum(['open', 'closed']).optional(),
          unread: z.enum(['true', 'false']).optional(),
          q: z.string().max(100).optional().openapi({ description: 'search name, phone or message text' }),
          number: z
            .string()
            .regex(/^[a-z0-9]{15}$/)
            .optional()
            .openapi({ description: 'only chats of this business number (wa-numbers id)' }),
          updated_since: Since.optional().openapi({
            description: 'only chats created or changed at or after this time (a resync)',
          }),
          page: z.coerce.number().int().min(1).default(1),
          perPage: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: {
        200: json(
          z.object({
            page: z.number(),
            perPage: z.number(),
            totalItems: z.number(),
            totalPages: z.number(),
            items: z.array(ConversationSchema),
            synced_at: SyncedAt,
          }),
          'A page of conversations',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const res = await svc.list(c.get('user'), c.get('token'), { ...q, unread: q.unread === 'true' });
      return c.json(res, 200);
    },
  );

  // before /conversations/{id}, which would otherwise take "counts" for an id
  app.openapi(
    createRoute({
      method: 'get',
      path: '/conversations/counts',
      tags: ['conversations'],
      security: bearer,
      summary: 'How many open chats you may see are yours, unassigned and unread (the tabs, the badge)',
      responses: {
        200: json(
          z.object({ mine: z.number(), unassigned: z.number(), unread: z.number() }).openapi('ConversationCounts'),
          'Counts of open chats',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await svc.counts(c.get('user'), c.get('token')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/conversations/{id}',
      tags: ['conversations'],
      security: bearer,
      summary: 'One chat',
      request: { params: IdParam },
      responses: { 200: json(ConversationSchema, 'The conversation'), ...errorResponses },
    }),
    async (c) => {
      return c.json(withWindow(await svc.get(c.get('token'), c.req.valid('param').id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/conversations/{id}/messages',
      tags: ['conversations'],
      security: bearer,
      summary: 'Messages of a chat, oldest first; page back with `before`',
      request: {
        params: IdParam,
        query: z.object({
          before: z
            .string()
            .max(40)
            .optional()
            .openapi({ description: 'timestamp of the oldest message already loaded' }),
          before_created: z.string().max(40).optional().openapi({
            description:
              'arrival time (`created`) of the oldest message loaded: pages follow arrival, so a burst sharing one second is never split at random',
          }),
          before_id: z
            .string()
            .regex(/^[a-z0-9]{15}$/)
            .optional()
            .openapi({
              description:
                'its id (with before_created): messages that arrived in the same millisecond are paged by id, so none is skipped',
            }),
          updated_since: Since.optional().openapi({
            description: 'only messages created or changed at or after this time (a resync), oldest change first',
          }),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(MessageSchema), has_more: z.boolean(), synced_at: SyncedAt }), 'Messages'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await svc.messages(c.get('token'), c.req.valid('param').id, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/conversations/{id}/assign',
      tags: ['conversations'],
      security: bearer,
      summary: 'Assign to a team member, or unassign with null',
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                assignee: z
                  .string()
                  .regex(/^[a-z0-9]{15}$/)
                  .nullable(),
              }),
            },
          },
        },
      },
      responses: { 200: json(ConversationSchema, 'Updated conversation'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await svc.assign(c.get('user'), c.get('token'), c.req.valid('param').id, c.req.valid('json').assignee),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/conversations/{id}/status',
      tags: ['conversations'],
      security: bearer,
      summary: 'Close or reopen a chat',
      request: {
        params: IdParam,
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ status: z.enum(['open', 'closed']) }) } },
        },
      },
      responses: { 200: json(ConversationSchema, 'Updated conversation'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await svc.setStatus(c.get('user'), c.get('token'), c.req.valid('param').id, c.req.valid('json').status),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/conversations/{id}/read',
      tags: ['conversations'],
      security: bearer,
      summary: 'Mark the chat read (and the customer messages read on WhatsApp)',
      request: { params: IdParam },
      responses: { 200: json(ConversationSchema, 'Updated conversation'), ...errorResponses },
    }),
    async (c) => c.json(await svc.markRead(c.get('user'), c.get('token'), c.req.valid('param').id), 200),
  );

  return app;
}
