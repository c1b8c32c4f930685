/** GET /api/v1/numbers (each number's health for the dashboard) and POST /api/v1/numbers/{id}/refresh. */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { assertMay } from '../../engine/policy/policy.ts';
import { AppError } from '../../lib/errors.ts';
import { bearer, errorResponses, json, openApiApp, recordIdParam } from '../../lib/openapi.ts';
import type { NumberStatusService } from '../analytics/number-status.ts';

const NumberStatus = z
  .object({
    id: z.string(),
    display_phone_number: z.string(),
    verified_name: z.string(),
    quality_rating: z.string(),
    quality_trend: z.array(z.object({ date: z.string(), rating: z.string() })),
    status: z.string(),
    status_detail: z
      .object({
        event: z.string(),
        restrictions: z.array(z.string()),
        until: z.string().nullable(),
        at: z.string(),
      })
      .nullable(),
    throughput: z.string(),
    throughput_mps: z.number(),
    messaging_limit: z.string(),
    limit: z.number().nullable(),
    limit_used_24h: z.number().nullable(),
    limit_resets_at: z.string().nullable(),
    contacted_24h: z.number(),
    contacted_7d: z.number(),
    next_tier: z
      .object({ tier: z.string(), rule: z.string(), source: z.object({ url: z.string(), checked: z.string() }) })
      .nullable(),
  })
  .openapi('NumberStatus');

const limit = bodyLimit({
  maxSize: 1024,
  onError: () => {
    throw new AppError('payload_too_large', 413, 'Body above 1 KB');
  },
});

export function numbersStatusRoutes(deps: { numbers: NumberStatusService; refresh: (id: string) => Promise<void> }) {
  const app = openApiApp();
  app.use('/numbers/*', limit);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/numbers',
      tags: ['analytics'],
      security: bearer,
      summary: "Each number's health: quality and its trend, status, throughput, messaging limit, people contacted",
      responses: { 200: json(z.object({ items: z.array(NumberStatus) }), 'Numbers'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('principal') ?? c.get('user'), 'analytics.read');
      return c.json({ items: await deps.numbers.list() }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/numbers/{id}/refresh',
      tags: ['analytics'],
      security: bearer,
      summary: "Read the number's standing from Meta now (quality, status, tier, throughput) and check alerts",
      request: { params: recordIdParam('number') },
      responses: { 200: json(NumberStatus, 'Number'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('principal') ?? c.get('user'), 'numbers.refresh');
      const id = c.req.valid('param').id;
      await deps.refresh(id);
      const item = (await deps.numbers.list()).find((n) => n.id === id);
      if (!item) throw new AppError('not_found', 404, 'WhatsApp number not found');
      return c.json(item, 200);
    },
  );
  return app;
}
