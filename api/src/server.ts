/**
 * Assembles and starts Spunta: PocketBase child, inbox writer, channel, sandbox (when no Meta
 * credentials), HTTP server. Used by index.ts and by the integration tests (same code, temp DATA_DIR).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { loadConfig, SANDBOX_NUMBER, type Config } from './config.ts';
import { NumberDirectory } from './modules/channels/whatsapp/number-directory.ts';
import { verifyForApps, verifyTokenMatches } from './modules/channels/whatsapp/webhook-auth.ts';
import { createNumbersModule } from './modules/numbers/numbers.module.ts';
import type { AppContext, AppEnv } from './lib/context.ts';
import { AppError, errorBody } from './lib/errors.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { applyServerSettings, createSuperuserClient } from './lib/pb.ts';
import { pbProxy } from './lib/pb-proxy.ts';
import { PocketBaseProcess } from './lib/pocketbase-process.ts';
import { EventBus } from '../../realtime/src/event-bus.ts';
import { InboxWriter } from './modules/inbox/inbox-writer.ts';
import { MediaDownloader } from './modules/inbox/media-downloader.ts';
import { GraphClient } from './modules/channels/whatsapp/graph-client.ts';
import { parseWebhook } from './modules/channels/whatsapp/webhook-parser.ts';
import { WebhookJournal } from './modules/channels/whatsapp/webhook-journal.ts';
import { webhookRoutes } from './modules/channels/whatsapp/webhook.routes.ts';
import { OutboundQueue } from './modules/messages/outbound-queue.ts';
import { TemplateSync } from './modules/templates/templates.sync.ts';
import { applyNumberUpdate } from './modules/channels/whatsapp/number-updates.ts';
import { ensureAdmin, upsertConfiguredNumber } from './bootstrap/first-run.ts';
import { seedDemo } from './bootstrap/seed-demo.ts';
import { apiRoutes } from './api.routes.ts';
import { createContactsModule } from './modules/contacts/contacts.module.ts';
import { createSandbox, type Sandbox } from './modules/sandbox/index.ts';
import { WebPushSender } from '../../realtime/src/push/web-push-sender.ts';
import { PushFanout } from '../../realtime/src/push/push-fanout.ts';

import { WEB_DIST } from './lib/paths.ts';

export { WEB_DIST };

export interface RunningServer {
  url: string;
  port: number;
  ctx: AppContext;
  fanout: PushFanout;
  sandbox: Sandbox | undefined;
  admin: { email?: string; password?: string; created: boolean };
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  log?: Logger;
  /** accept and record webhooks but do not process them (maintenance; crash-recovery tests) */
  ingestPaused?: boolean;
  sandbox?: { statusDelayMs?: [number, number]; templateReviewMs?: number; autoRead?: boolean };
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const config: Config = loadConfig(opts.env ?? process.env);
  const log = opts.log ?? createLogger(config.logLevel);
  const ingestPaused = opts.ingestPaused ?? config.ingestPaused;
  const pbProcess = new PocketBaseProcess({ dataDir: config.dataDir, port: config.pbPort, log });
  await pbProcess.start();
  const pb = await createSuperuserClient(pbProcess.url, pbProcess.superuserEmail, pbProcess.superuserPassword);

  let baseUrl = '';
  const selfUrl = () => baseUrl;
  const graphUrl = () => config.whatsapp.graphUrl || `${baseUrl}/sandbox/graph/v23.0`;
  const bus = new EventBus();
  // numbers connected from the app use their own token and (sandbox or Meta) base URL, both from here
  const directory = new NumberDirectory({
    pb, config, defaultGraphUrl: graphUrl,
    sandboxGraphUrl: () => (config.whatsapp.mode === 'sandbox' ? `${baseUrl}/sandbox/graph/v23.0` : ''),
  });
  const graph = new GraphClient({ baseUrl: graphUrl, accessToken: config.whatsapp.accessToken, route: (scope) => directory.target(scope) });
  const media = new MediaDownloader({ pb, graph, log, maxBytes: config.mediaMaxBytes });
  let templates: TemplateSync | undefined;
  let journal: WebhookJournal | undefined;
  const writer = new InboxWriter({
    pb, bus, log, parse: parseWebhook, onMedia: (j) => media.enqueue(j),
    onEventsDone: (events) => journal?.checkpoint(events[events.length - 1]!.id),
    onOtherUpdate: async (u) => {
      if (u.kind === 'template_status') await templates?.applyStatus(u);
      else if (u.kind === 'template_quality') await templates?.applyQuality(u);
      // template_category_update is parsed by the channel's parser (its own branch); the sync applies it
      else if ((u as { kind: string }).kind === 'template_category') await templates?.applyCategory(u as unknown as Parameters<TemplateSync['applyCategory']>[0]);
      else await applyNumberUpdate({ pb, bus, log }, u);
    },
  });
  const outbound = new OutboundQueue({ writer, graph, pb, log });
  const ctx: AppContext = { config, log, pb, pbProcess, bus, writer, graph, outbound };
  templates = new TemplateSync({
    pb, graph, log,
    wabaIds: async () => [...new Set((await pb.collection('wa_numbers').getFullList<{ waba_id: string }>({ fields: 'waba_id' })).map((n) => n.waba_id))],
  });
  journal = new WebhookJournal(config.dataDir, (events) => {
    if (!ingestPaused) writer.enqueueEvents(events);
  });
  const unprocessed = await journal.open();

  const app = new Hono<AppEnv>();
  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(errorBody(err.code, err.message, err.details), err.status);
    log.error('unhandled error', { path: c.req.path, err: String((err as Error).stack ?? err) });
    return c.json(errorBody('internal_error', 'Something went wrong on our side'), 500);
  });
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));

  app.route('/webhooks/whatsapp', webhookRoutes({
    appSecret: config.whatsapp.appSecret, verifyToken: config.whatsapp.verifyToken, journal, log,
    verify: (raw, header) => verifyForApps(raw, header, directory.apps()),
    verifyTokenOk: (token) => verifyTokenMatches(token, directory.verifyTokens()),
  }));
  // Push fan-out has its own PocketBase connection (its realtime subscription), like a separate worker would.
  const pushPb = await createSuperuserClient(pbProcess.url, pbProcess.superuserEmail, pbProcess.superuserPassword);
  const pushLog = (msg: string, extra?: Record<string, unknown>) => log.warn(msg, extra);
  const push = new WebPushSender(pushPb, config.vapid, pushLog);
  const fanout = new PushFanout({ pb: pushPb, sender: push, defaultTimezone: config.defaultTimezone, log: pushLog });
  const contacts = createContactsModule(ctx);
  const numbers = createNumbersModule(ctx, { directory, templates, settings: contacts.settings });
  app.route('/api', apiRoutes(ctx, { templates, push, contacts, numbers: numbers.routes }));
  app.all('/pb/*', pbProxy(() => pbProcess.url));

  let sandbox: Sandbox | undefined;
  if (config.whatsapp.mode === 'sandbox') {
    sandbox = createSandbox({
      webhookUrl: () => `${baseUrl}/webhooks/whatsapp`,
      appSecret: config.whatsapp.appSecret,
      accessToken: config.whatsapp.accessToken,
      numbers: [
        { ...SANDBOX_NUMBER, qualityRating: 'GREEN', messagingLimitTier: 'TIER_250' },
        // test numbers of another "app" (own token and secret), connectable from the numbers settings
        ...config.sandboxTestNumbers.map((n) => ({ ...n, qualityRating: 'GREEN' as const, messagingLimitTier: 'TIER_250' })),
      ],
      publicBaseUrl: () => `${baseUrl}/sandbox`,
      dataFile: join(config.dataDir, 'sandbox.json'),
      mediaDir: join(config.dataDir, 'sandbox-media'),
      ...(opts.sandbox?.statusDelayMs ?? config.sandboxStatusDelayMs ? { statusDelayMs: opts.sandbox?.statusDelayMs ?? config.sandboxStatusDelayMs } : {}),
      ...(opts.sandbox?.templateReviewMs !== undefined ? { templateReviewMs: opts.sandbox.templateReviewMs } : {}),
      ...(opts.sandbox?.autoRead !== undefined ? { autoRead: opts.sandbox.autoRead } : {}),
      log: (msg: string, extra?: unknown) => log.debug(`sandbox: ${msg}`, extra === undefined ? undefined : { extra }),
    });
    app.route('/sandbox', sandbox.app as unknown as Hono<AppEnv>);
  }

  // The built PWA, with index.html for client-side routes; compressed (API and SSE paths are left alone).
  if (existsSync(WEB_DIST)) {
    const gzip = compress();
    app.use('*', (c, next) => (/^\/(api|pb|webhooks|sandbox)(\/|$)/.test(c.req.path) ? next() : gzip(c, next)));
    app.use('/*', serveStatic({ root: WEB_DIST.startsWith(process.cwd()) ? WEB_DIST.slice(process.cwd().length + 1) : WEB_DIST }));
    const index = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    // Client-side routes get the app shell; API-like paths keep their JSON 404.
    app.get('*', (c, next) => (/^\/(api|pb|webhooks|sandbox)(\/|$)/.test(c.req.path) ? next() : c.html(index)));
  }

  await applyServerSettings(pb, config.publicUrl ?? `http://localhost:${config.port}`);
  const number = await upsertConfiguredNumber(pb, config);
  writer.cache.putNumber(number);
  await directory.load();
  const admin = await ensureAdmin(pb, config, log);

  const server: ServerType = await new Promise((res) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => res(s));
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  void selfUrl;

  if (!ingestPaused && unprocessed.length) {
    writer.enqueueEvents(unprocessed);
    log.info('recovered unprocessed webhook events', { count: unprocessed.length });
  }
  await push.start();
  await fanout.start();
  await outbound.recover();
  await media.recover();
  await contacts.start();
  templates.start(config.templateSyncMinutes);
  if (sandbox && config.seed) await seedDemo(ctx, sandbox, admin.created);

  log.info('Spunta is running', { url: config.publicUrl ?? `http://localhost:${port}`, whatsapp: config.whatsapp.mode });

  let closed = false;
  return {
    url: baseUrl, port, ctx, sandbox, admin, fanout,
    async close() {
      if (closed) return;
      closed = true;
      templates?.stop();
      outbound.stop();
      await fanout.stop();
      await push.stop();
      const closing = new Promise<void>((r) => server.close(() => r()));
      // SSE streams never end by themselves.
      if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections();
      await closing;
      await sandbox?.close();
      await contacts.stop();
      await writer.idle();
      await journal?.close();
      await pbProcess.stop();
    },
  };
}
