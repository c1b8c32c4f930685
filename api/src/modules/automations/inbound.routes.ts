/**
 * POST /webhooks/automations/{id}?key=… — the inbound integration by URL, for tools that can call a URL but
 * not sign in (a form, Zapier, a shop): {phone, first_name?, last_name?, fields?} creates or updates the
 * contact and starts the automation. The key (or the `x-spunta-key` header) is the automation's own, shown
 * to admins with its webhook secret; an `Idempotency-Key` header makes a repeated call start it once.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../lib/errors.ts';
import { StartBody } from './automation.schema.ts';
import type { AutomationsService } from './automations.service.ts';

export function inboundRoutes(svc: AutomationsService) {
  const app = new Hono();
  app.post(
    '/automations/:id',
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new AppError('payload_too_large', 413, 'Body above 64 KB');
      },
    }),
    async (c) => {
      const id = c.req.param('id');
      if (!/^[a-z0-9]{15}$/.test(id)) throw new AppError('not_found', 404, 'No such automation');
      const key = c.req.query('key') ?? c.req.header('x-spunta-key') ?? '';
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        throw new AppError('invalid_json', 400, 'The body is not JSON');
      }
      const body = StartBody.safeParse(raw);
      if (!body.success)
        throw new AppError(
          'validation_failed',
          422,
          body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          body.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      const idem = c.req.header('idempotency-key')?.slice(0, 100);
      return c.json(await svc.startByKey(id, key, body.data, idem), 202);
    },
  );
  return app;
}
