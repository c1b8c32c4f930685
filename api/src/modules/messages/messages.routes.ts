import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { bearer, errorResponses, openApiApp } from '../../lib/openapi.ts';
import { outboundMessageSchema } from '../channels/whatsapp/outbound.schema.ts';
import { IdempotencyStore } from './idempotency.ts';
import { MessagesService } from './messages.service.ts';

export function messagesRoutes(ctx: AppContext) {
  const svc = new MessagesService(ctx);
  const idem = new IdempotencyStore(ctx.pb);
  const app = openApiApp();

  app.openapi(
    createRoute({
      method: 'post', path: '/messages', tags: ['messages'], security: bearer,
      summary: 'Send a WhatsApp message (Meta-like body). Free-form types need an open 24 h window; otherwise send a template.',
      request: {
        headers: z.object({
          'idempotency-key': z.string().max(255).optional().openapi({ description: 'Repeats with the same key within 24 h return the first response and never send twice' }),
          'x-phone-number-id': z.string().regex(/^\d+$/).optional().openapi({ description: 'Which business number sends (default: the first one)' }),
        }),
        body: { required: true, content: { 'application/json': { schema: outboundMessageSchema } } },
      },
      responses: {
        202: { description: 'Queued for sending; status updates follow (realtime)', content: { 'application/json': { schema: z.object({ message: z.record(z.string(), z.unknown()) }) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const key = c.req.header('idempotency-key');
      const phoneNumberId = c.req.header('x-phone-number-id');
      const user = c.get('user');
      const exec = async () => {
        const { message } = await svc.send(user, c.get('token'), body, { clientId: key ? `${user.id}:${key}` : undefined, phoneNumberId });
        return { status: 202, body: { message } };
      };
      const res = key ? await idem.run(user.id, key, IdempotencyStore.hash(body), exec) : { ...(await exec()), replayed: false };
      if (res.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(res.body as { message: Record<string, unknown> }, 202);
    },
  );

  return { app, idempotency: idem };
}
