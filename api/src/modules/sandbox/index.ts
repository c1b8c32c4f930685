/**
 * Sandbox: a stand-in for Meta's Graph API (WhatsApp Cloud API) that speaks Meta's exact protocol, sends
 * signed webhooks back, and offers a "customer phone" page. The product only knows a Graph base URL
 * (`<publicBaseUrl>/graph/v23.0`); nothing in the product's adapter branches on the sandbox.
 */
import { GraphError, graphErrorResponse } from './errors.ts';
import { type Context, Hono } from 'hono';
import type { SandboxContext } from './context.ts';
import { controlRoutes, emitChange, setTemplateQuality, setTemplateStatus } from './control.routes.ts';
import { customerSend } from './customer.inbound.ts';
import { customerRoutes, mediaResponse } from './customer.routes.ts';
import { Faults } from './faults.ts';
import { bearerOk, graphRoutes } from './graph.routes.ts';
import { MediaStore } from './media.ts';
import { customerRead, failSentMessage } from './outbound.ts';
import { phonePageHtml } from './phone-page.ts';
import { RateLimits } from './rate-limits.ts';
import { MessagingLimitModel, StandingStore } from './messaging-limit.ts';
import { SandboxState } from './sandbox.state.ts';
import { TemplateStore } from './templates.store.ts';
import { UploadStore } from './uploads.ts';
import type { Sandbox, SandboxOptions } from './types.ts';
import { TimerSet, toWaId } from './util.ts';
import { WebhookDispatcher } from './webhooks.ts';

export type * from './types.ts';
export { CustomerInputError } from './customer.inbound.ts';

export interface SandboxExtras {
  /** PAUSED/DISABLED/… a template by name (all languages unless given) and send the status webhook */
  setTemplateStatus(name: string, status: string, language?: string, reason?: string): Promise<number>;
  /** GREEN/YELLOW/RED a template (all languages unless given) and send the quality webhook */
  setTemplateQuality(name: string, score: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN', language?: string): Promise<number>;
}

export function createSandbox(opts: SandboxOptions): Sandbox & SandboxExtras {
  if (!opts.numbers.length) throw new Error('sandbox: at least one number is required');
  if (new Set(opts.numbers.map((n) => n.phoneNumberId)).size !== opts.numbers.length) {
    throw new Error('sandbox: phoneNumberId values must be unique');
  }
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => undefined);
  const resolve = (v: string | (() => string)) => (typeof v === 'function' ? v() : v);
  const timers = new TimerSet();

  const state = new SandboxState(opts.dataFile, now, log);
  const media = new MediaStore(opts.mediaDir, `${opts.appSecret}:media-url`, now);
  const wabaIds = [...new Set(opts.numbers.map((n) => n.wabaId))];
  const otherApps = new Set(
    opts.numbers.filter((n) => n.appSecret && n.appSecret !== opts.appSecret).map((n) => n.wabaId),
  );
  const templates = new TemplateStore(now, wabaIds, opts.seedTemplates ?? true, otherApps);
  state.register(templates);
  const uploads = new UploadStore();
  state.register(uploads);
  state.register(media);
  // the control routes change a number's standing; Meta would remember it, so the sandbox does too
  const numbers = new Map(opts.numbers.map((n) => [n.phoneNumberId, { ...n }]));
  state.register(new StandingStore(numbers as unknown as Map<string, Record<string, unknown>>));
  const messagingLimit = new MessagingLimitModel(opts.limitNow ?? now);
  state.register(messagingLimit);
  state.load();

  // the fault controls need the context to fail a message; the context needs the faults
  let ctxRef: SandboxContext | undefined;
  const faults = new Faults((wamid, err) => (ctxRef ? failSentMessage(ctxRef, wamid, err) : Promise.resolve(false)));
  const webhooks = new WebhookDispatcher({
    url: () => resolve(opts.webhookUrl),
    appSecret: opts.appSecret,
    // each WABA's webhooks are signed by its own app
    secretFor: (wabaId) => opts.numbers.find((n) => n.wabaId === wabaId)?.appSecret ?? opts.appSecret,
    timers,
    faults: () => faults.current,
    log,
    retryMs: opts.webhookRetryMs ?? [1000, 60_000],
  });
  const limits = new RateLimits(
    { mps: opts.throughputMps ?? 80, pairWindowMs: opts.pairRateWindowMs ?? 6000, pairBurst: opts.pairBurst ?? 10 },
    now,
    (pnid) => {
      const n = numbers.get(pnid);
      return n?.throughputMps ?? (n?.throughputLevel === 'HIGH' ? 1000 : undefined);
    },
  );
  const ctx: SandboxContext = {
    cfg: {
      apiVersion: opts.apiVersion ?? 'v23.0',
      accessToken: opts.accessToken,
      appSecret: opts.appSecret,
      statusDelayMs: opts.statusDelayMs ?? [150, 600],
      autoRead: opts.autoRead ?? true,
      templateReviewMs: opts.templateReviewMs ?? 3000,
      reengagementAsStatus: opts.reengagementAsStatus ?? false,
    },
    numbers,
    state,
    media,
    templates,
    uploads,
    webhooks,
    faults,
    limits,
    messagingLimit,
    timers,
    now,
    log,
    publicBaseUrl: () => resolve(opts.publicBaseUrl).replace(/\/$/, ''),
  };
  ctxRef = ctx;

  const app = new Hono();
  // any vNN.N is served, so a product configured for v24.0 works against a v23.0 sandbox
  app.route('/graph/:version{v[0-9]+\\.[0-9]+}', graphRoutes(ctx));
  // unversioned calls get the app's default version, as on graph.facebook.com
  app.route('/graph', graphRoutes(ctx));
  // anything else under /graph answers like Graph does, never with the customer phone page
  app.all('/graph/*', (c) =>
    graphErrorResponse(
      c,
      new GraphError(
        100,
        `Unsupported ${c.req.method.toLowerCase()} request. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      ),
    ),
  );

  // Meta's lookaside download: Bearer required, URL valid for 5 minutes
  app.get('/media-download/:id', (c) => {
    if (!bearerOk(c, opts.accessToken, opts.numbers))
      return c.json({ error: { message: 'Authorization required', code: 190 } }, 401);
    const id = c.req.param('id');
    const check = media.checkDownload(id, c.req.query('exp'), c.req.query('hash'));
    const rec = media.get(id);
    const bytes = rec && check === 'ok' ? media.bytes(id) : undefined;
    if (!rec || !bytes) return c.json({ error: { message: check === 'expired' ? 'URL expired' : 'Not found' } }, 404);
    return mediaResponse(bytes, rec.mimeType, rec.filename);
  });

  const customer = customerRoutes(ctx);
  app.route('/', customer.app);
  app.route('/', controlRoutes(ctx));
  const page = (c: Context) =>
    c.html(phonePageHtml(), 200, {
      'Content-Security-Policy':
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; form-action 'none'; base-uri 'none'",
      'X-Content-Type-Options': 'nosniff',
    });
  // '/' alone would not match '/sandbox/' once mounted; the second pattern covers it and /index.html
  app.get('/', page);
  app.get('/:page{index\\.html|}', page);

  let closing: Promise<void> | undefined;
  return {
    app,
    faults,
    async customerSend(input) {
      if (timers.closed) throw new Error('sandbox is closed');
      return customerSend(ctx, input);
    },
    customerRead: (waId, phoneNumberId) => customerRead(ctx, toWaId(waId), phoneNumberId),
    history: (waId) => state.history(toWaId(waId)),
    emitWebhook: (field, value, wabaId) => emitChange(ctx, field, value, wabaId),
    setTemplateStatus: (name, status, language, reason) =>
      setTemplateStatus(ctx, name, status.toUpperCase() as Parameters<typeof setTemplateStatus>[2], language, reason),
    setTemplateQuality: (name, score, language) => setTemplateQuality(ctx, name, score, language),
    close() {
      closing ??= (async () => {
        timers.close();
        customer.closeStreams();
        await webhooks.flush();
        await state.flush();
      })();
      return closing;
    },
  };
}
