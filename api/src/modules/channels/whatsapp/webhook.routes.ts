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

export interface WebhookAuth {
  /** signature check across every connected app (webhook-auth.ts); default: appSecret alone */
  verify?: (raw: Uint8Array, header: string | undefined) => boolean;
  /** verify tokens of every connected number; default: verifyToken alone */
  verifyTokenOk?: (token: string | undefined) => boolean;
}

export function webhookRoutes(
  deps: { appSecret: string; verifyToken: string; journal: WebhookJournal; log: Logger } & WebhookAuth,
): Hono {
  const app = new Hono();

  app.get('/', (c) => {
    const mode = c.req.query('hub.mode');
    const token = c.req.query('hub.verify_token');
    const challenge = c.req.query('hub.challenge') ?? '';
    const tokenOk = deps.verifyTokenOk ? deps.verifyTokenOk(token) : token === deps.verifyToken;
    if (mode === 'subscribe' && tokenOk) return c.text(challenge, 200);
    return c.text('Forbidden', 403);
  });

  app.post('/', async (c) => {
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > MAX_BODY)
      return c.json({ error: { code: 'payload_too_large', message: 'Webhook body above 3 MB' } }, 413);
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (raw.byteLength > MAX_BODY)
      return c.json({ error: { code: 'payload_too_large', message: 'Webhook body above 3 MB' } }, 413);
    const header = c.req.header('x-hub-signature-256');
    if (!(deps.verify ? deps.verify(raw, header) : verifySignature(raw, header, deps.appSecret))) {
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
