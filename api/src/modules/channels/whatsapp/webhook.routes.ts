/**
 * GET  /webhooks/whatsapp — Meta's verification handshake.
 * POST /webhooks/whatsapp — signature checked on the raw bytes, body recorded durably, then 200.
 * Processing happens afterwards from the recorded row (InboxWriter), never inside the request.
 */
import { Hono } from 'hono';
import type { Logger } from '../../../lib/logger.ts';
import { verifySignature } from './signature.ts';
import type { WebhookJournal } from './webhook-journal.ts';

const MAX_BODY = 3 * 1024 * 1024;

export function webhookRoutes(deps: { appSecret: string; verifyToken: string; journal: WebhookJournal; log: Logger }): Hono {
  const app = new Hono();

  app.get('/', (c) => {
    const mode = c.req.query('hub.mode');
    const token = c.req.query('hub.verify_token');
    const challenge = c.req.query('hub.challenge') ?? '';
    if (mode === 'subscribe' && token === deps.verifyToken) return c.text(challenge, 200);
    return c.text('Forbidden', 403);
  });

  app.post('/', async (c) => {
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > MAX_BODY) return c.json({ error: { code: 'payload_too_large', message: 'Webhook body above 3 MB' } }, 413);
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (raw.byteLength > MAX_BODY) return c.json({ error: { code: 'payload_too_large', message: 'Webhook body above 3 MB' } }, 413);
    if (!verifySignature(raw, c.req.header('x-hub-signature-256'), deps.appSecret)) {
      deps.log.warn('webhook rejected: bad or missing signature');
      return c.json({ error: { code: 'invalid_signature', message: 'X-Hub-Signature-256 missing or invalid' } }, 401);
    }
    try {
      await deps.journal.append(Buffer.from(raw).toString('utf8'));
    } catch (err) {
      deps.log.error('webhook could not be recorded; Meta will retry', { err: String(err) });
      return c.json({ error: { code: 'store_unavailable', message: 'Could not record the event, retry later' } }, 503);
    }
    return c.text('EVENT_RECEIVED', 200);
  });

  return app;
}
