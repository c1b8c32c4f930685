/** GET/PUT /api/v1/out-of-hours: the automatic reply to customers who write while closed (admins write). */
import { createRoute } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from '../../lib/errors.ts';
import { bearer, errorResponses, json, openApiApp } from '../../lib/openapi.ts';
import { OutOfHoursInput, OutOfHoursOutput } from './out-of-hours.schema.ts';
import type { OutOfHoursService } from './out-of-hours.service.ts';
import { assertMay } from '../../engine/policy/policy.ts';

export function outOfHoursRoutes(service: OutOfHoursService) {
  const app = openApiApp();
  app.use(
    '/out-of-hours',
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => c.json(errorBody('payload_too_large', 'Out-of-hours settings are limited to 64 KB'), 413),
    }),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/out-of-hours',
      tags: ['business hours'],
      security: bearer,
      summary:
        'The automatic reply sent once per customer-service window to customers who write outside business hours or on a holiday',
      responses: { 200: json(OutOfHoursOutput, 'Settings'), ...errorResponses },
    }),
    async (c) => c.json(await service.settings(), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/out-of-hours',
      tags: ['business hours'],
      security: bearer,
      request: { body: { required: true, ...json(OutOfHoursInput, 'Settings') } },
      summary: 'Replace the out-of-hours reply (admins). Per-language variants follow the contact’s language',
      responses: { 200: json(OutOfHoursOutput, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'business_hours.write', undefined, 'Only admins change the out-of-hours reply');
      return c.json(await service.save(c.req.valid('json')), 200);
    },
  );
  return app;
}
