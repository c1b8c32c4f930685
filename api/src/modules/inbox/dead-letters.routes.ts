/**
 * GET  /api/v1/dead-letters               — webhook events kept because the store refused them (admin)
 * POST /api/v1/dead-letters/{id}/replay   — apply one again after a fix (idempotent)
 * POST /api/v1/dead-letters/replay        — apply every one still dead
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { bearer, errorResponses, json, openApiApp } from '../../lib/openapi.ts';
import { requirePermission } from '../../engine/policy/policy.ts';
import { DeadLettersService } from './dead-letters.service.ts';

const DeadLetter = z
  .object({
    id: z.string(),
    at: z.string(),
    reason: z.enum(['invalid_event', 'corrupt_record']),
    error: z.string(),
    event_id: z.string(),
    state: z.enum(['dead', 'replayed']),
    replayed_at: z.string().nullable(),
    replay_attempts: z.number().int(),
    last_replay_error: z.string().nullable(),
    size: z.number().int(),
    raw_preview: z.string(),
    summary: z
      .object({
        messages: z.number().int(),
        statuses: z.number().int(),
        other: z.number().int(),
        senders: z.array(z.string()),
      })
      .nullable(),
  })
  .openapi('DeadLetter');
const Outcome = z
  .object({ id: z.string(), result: z.enum(['replayed', 'already_replayed', 'failed']), error: z.string().optional() })
  .openapi('ReplayOutcome');
const idParam = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'not a dead-letter id')
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const unavailable = { 503: json(z.unknown(), 'The store is not answering; nothing was changed') };

export function deadLettersRoutes(ctx: AppContext) {
  const svc = new DeadLettersService(ctx);
  const app = openApiApp();
  app.use('/dead-letters', requirePermission('dead_letters.read'));
  app.use('/dead-letters/*', async (c, next) =>
    requirePermission(c.req.method === 'GET' ? 'dead_letters.read' : 'dead_letters.write')(c, next),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/dead-letters',
      tags: ['dead letters'],
      security: bearer,
      summary: 'Webhook events the store refused, newest first (admin)',
      request: { query: z.object({ state: z.enum(['dead', 'replayed', 'all']).optional() }) },
      responses: {
        200: json(z.object({ items: z.array(DeadLetter), pending: z.number().int() }), 'Dead letters'),
        ...errorResponses,
      },
    }),
    (c) => c.json({ items: svc.list(c.req.valid('query').state ?? 'all'), pending: ctx.deadLetters.pending }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/dead-letters/replay',
      tags: ['dead letters'],
      security: bearer,
      summary: 'Replay every dead letter still dead (admin)',
      responses: {
        200: json(
          z.object({ replayed: z.number().int(), failed: z.array(z.object({ id: z.string(), error: z.string() })) }),
          'Outcome',
        ),
        ...errorResponses,
        ...unavailable,
      },
    }),
    async (c) => c.json(await svc.replayAll(), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/dead-letters/{id}/replay',
      tags: ['dead letters'],
      security: bearer,
      summary: 'Replay one dead letter (admin; replaying twice stores once)',
      request: { params: idParam },
      responses: { 200: json(Outcome, 'Replayed (or already replayed before)'), ...errorResponses, ...unavailable },
    }),
    async (c) => {
      const out = await svc.replay(c.req.valid('param').id);
      if (out.result === 'failed')
        throw new AppError('replay_failed', 422, 'The store refused the event again', { error: out.error });
      return c.json(out, 200);
    },
  );
  return app;
}
