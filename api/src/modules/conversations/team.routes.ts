/** Team work inside a chat: internal notes with @mentions and "who is viewing / typing". */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { bearer, errorResponses, json, openApiApp, recordIdParam } from '../../lib/openapi.ts';
import { ConversationsService } from './conversations.service.ts';
import { assertMay } from '../../engine/policy/policy.ts';
import { updateRecord } from '../../lib/record-update.ts';

const IdParam = recordIdParam('conversation');

export function teamRoutes(ctx: AppContext) {
  const svc = new ConversationsService(ctx);
  const app = openApiApp();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/conversations/{id}/notes',
      tags: ['conversations'],
      security: bearer,
      summary: 'Add an internal note (never sent to the customer)',
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                text: z.string().trim().min(1).max(4096),
                mentions: z
                  .array(z.string().regex(/^[a-z0-9]{15}$/))
                  .max(20)
                  .optional(),
              }),
            },
          },
        },
      },
      responses: { 201: json(z.object({ message: z.record(z.string(), z.unknown()) }), 'The note'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      assertMay(user, 'conversation.note');
      const { id } = c.req.valid('param');
      await svc.get(c.get('token'), id);
      const { text, mentions = [] } = c.req.valid('json');
      if (mentions.length) {
        const found = await ctx.pb
          .collection('users')
          .getFullList({ filter: mentions.map((m) => ctx.pb.filter('id = {:m}', { m })).join(' || '), fields: 'id' });
        if (found.length !== new Set(mentions).size)
          throw new AppError('unknown_mention', 422, 'mentions: unknown team member');
      }
      const message = await ctx.writer.createNote(id, user.id, text, [...new Set(mentions)]);
      return c.json({ message: message as unknown as Record<string, unknown> }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/conversations/{id}/presence',
      tags: ['conversations'],
      security: bearer,
      summary:
        "Tell teammates you are viewing or typing in this chat ('idle' when you leave); entries older than 30 s are stale",
      request: {
        params: IdParam,
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ state: z.enum(['viewing', 'typing', 'idle']) }) } },
        },
      },
      responses: { 204: { description: 'Recorded' }, ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      const { id } = c.req.valid('param');
      await svc.get(c.get('token'), id);
      const { state } = c.req.valid('json');
      // viewers read along; "typing" would tell the team someone is answering who cannot
      if (state === 'typing') assertMay(user, 'presence.typing');
      const { pb } = ctx;
      const existing = await pb.collection('presence').getList<{ id: string }>(1, 1, {
        filter: pb.filter('conversation = {:c} && user = {:u}', { c: id, u: user.id }),
        fields: 'id',
      });
      const row = existing.items[0];
      if (state === 'idle') {
        if (row) await pb.collection('presence').delete(row.id);
      } else if (row) {
        await updateRecord(pb, 'presence', row.id, { state, user_name: user.name || user.email });
      } else {
        await pb
          .collection('presence')
          .create({ conversation: id, user: user.id, state, user_name: user.name || user.email });
      }
      return c.body(null, 204);
    },
  );
  return app;
}
