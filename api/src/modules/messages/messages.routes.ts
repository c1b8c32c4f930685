import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { bearer, errorResponses, openApiApp } from '../../lib/openapi.ts';
import { outboundMessageSchema } from '../channels/whatsapp/outbound.schema.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { createUserClient, isNotFound } from '../../lib/pb.ts';
import type { MessageRecord } from '../../lib/records.ts';
import { IdempotencyStore } from './idempotency.ts';
import { MediaService } from './media.service.ts';
import { MessagesService } from './messages.service.ts';
import { assertMay } from '../../engine/policy/policy.ts';

export function messagesRoutes(ctx: AppContext) {
  const media = new MediaService(ctx);
  const svc = new MessagesService(ctx);
  const idem = new IdempotencyStore(ctx.pb);
  const app = openApiApp();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/messages',
      tags: ['messages'],
      security: bearer,
      summary:
        'Send a WhatsApp message (Meta-like body). Free-form types need an open 24 h window; otherwise send a template.',
      request: {
        headers: z.object({
          'idempotency-key': z.string().max(255).optional().openapi({
            description: 'Repeats with the same key within 24 h return the first response and never send twice',
          }),
          'x-phone-number-id': z
            .string()
            .regex(/^\d+$/)
            .optional()
            .openapi({ description: 'Which business number sends (default: the first one)' }),
        }),
        body: { required: true, content: { 'application/json': { schema: outboundMessageSchema } } },
      },
      responses: {
        202: {
          description: 'Queued for sending; status updates follow (realtime)',
          content: { 'application/json': { schema: z.object({ message: z.record(z.string(), z.unknown()) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const key = c.req.header('idempotency-key');
      const phoneNumberId = c.req.header('x-phone-number-id');
      const user = c.get('user');
      const exec = async () => {
        const { message } = await svc.send(user, c.get('token'), body, {
          clientId: key ? `${user.id}:${key}` : undefined,
          phoneNumberId,
        });
        return { status: 202, body: { message } };
      };
      const res = key
        ? await idem.run(user.id, key, IdempotencyStore.hash(body), exec)
        : { ...(await exec()), replayed: false };
      if (res.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(res.body as { message: Record<string, unknown> }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/media',
      tags: ['messages'],
      security: bearer,
      summary:
        'Upload a file to send (multipart field "file"); returns the media id for an image/video/audio/document/sticker body',
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
        201: {
          description: 'Uploaded',
          content: {
            'application/json': {
              schema: z.object({
                id: z.string(),
                mime_type: z.string(),
                filename: z.string(),
                size: z.number(),
                kind: z.string(),
              }),
            },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      assertMay(c.get('user'), 'media.upload');
      const file = (c.req.valid('form') as { file?: unknown }).file;
      if (!(file instanceof File))
        throw new AppError('validation_failed', 422, 'file: a multipart file field named "file" is required');
      const number = await svc.defaultNumber(c.req.header('x-phone-number-id'));
      return c.json(await media.upload(file, number.phone_number_id), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/messages/{id}/retry',
      tags: ['messages'],
      security: bearer,
      summary: 'Send a failed message again (when the error allows it)',
      request: {
        params: z.object({
          id: z
            .string()
            .regex(/^[a-z0-9]{15}$/)
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
      },
      responses: {
        202: {
          description: 'Queued again',
          content: { 'application/json': { schema: z.object({ message: z.record(z.string(), z.unknown()) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      let m: MessageRecord;
      try {
        m = await createUserClient(ctx.pbProcess.url, c.get('token'))
          .collection('messages')
          .getOne<MessageRecord>(c.req.valid('param').id);
      } catch (err) {
        if (isNotFound(err)) throw notFound('Message');
        throw err;
      }
      return c.json({ message: (await svc.retry(c.get('user'), m)) as unknown as Record<string, unknown> }, 202);
    },
  );

  return { app, idempotency: idem };
}
