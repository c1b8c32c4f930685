/**
 * Assembles and starts Spunta: PocketBase child, inbox writer, channel, sandbox (when no Meta
 * credentials), HTTP server. Used by index.ts and by the integration tests (same code, temp DATA_DIR).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { compressJson } from './lib/compress-json.ts';
import { loadConfig, SANDBOX_NUMBER, type Config } from './config.ts';
import { NumberDirectory } from './modules/channels/whatsapp/number-directory.ts';
import { verifyForApps, verifyTokenMatches } from './modules/channels/whatsapp/webhook-auth.ts';
import { createNumbersModule } from './modules/numbers/numbers.module.ts';
import type { AppContext, AppEnv } from './lib/context.ts';
import { errorBody } from './lib/errors.ts';
import { bodyLimits, errorHandler, securityHeaders } from './lib/http-edge.ts';
import { sandboxGuard, sandboxKey } from './lib/sandbox-guard.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { LoginThrottle } from './modules/auth/login-throttle.ts';
import { TokenRevocations } from './modules/auth/token-revocations.ts';
import { BackupService } from './modules/backups/backup.service.ts';
import { localBackupRoute } from './modules/backups/backup.routes.ts';
import { scheduleBackups } from './modules/backups/backup.schedule.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { applyServerSettings, createSuperuserClient } from './lib/pb.ts';
import { pbProxy } from './lib/pb-proxy.ts';
import { PocketBaseProcess } from './lib/pocketbase-process.ts';
import { EventBus } from '../../realtime/src/event-bus.ts';
import { hubRoutes } from '../../realtime/src/hub/hub.routes.ts';
import { RealtimeHub } from '../../realtime/src/hub/realtime-hub.ts';
import { InboxWriter } from './modules/inbox/inbox-writer.ts';
import { MediaDownloader } from './modules/inbox/media-downloader.ts';
import { GraphClient } from './modules/channels/whatsapp/graph-client.ts';
import { parseWebhook } from './modules/channels/whatsapp/webhook-parser.ts';
import { WebhookJournal } from './modules/channels/whatsapp/webhook-journal.ts';
import { DeadLetterStore } from './modules/inbox/dead-letters.ts';
import type { OpenAppendFile } from './lib/framed-log.ts';
import { webhookRoutes } from './modules/channels/whatsapp/webhook.routes.ts';
import { OutboundQueue } from './modules/messages/outbound-queue.ts';
import { TemplateSync } from './modules/templates/templates.sync.ts';
import { applyAccountNotice, applyPhoneQuality, recordProblem } from './modules/channels/whatsapp/account-events.ts';
import { applyContactSync, applyUserPreference } from './modules/contacts/channel-sync.ts';
import { applyTemplateChange } from './modules/templates/template-changes.ts';
import { ensureAdmin, upsertConfiguredNumber } from './bootstrap/first-run.ts';
import { seedDemo } from './bootstrap/seed-demo.ts';
import { apiRoutes } from './api.routes.ts';
import { createContactsModule } from './modules/contacts/contacts.module.ts';
import { FieldDefs } from './modules/contacts/field-defs.ts';
import { createSandbox, type Sandbox } from './modules/sandbox/index.ts';
import { WebPushSender } from '../../realtime/src/push/web-push-sender.ts';
import { PushFanout } from '../../realtime/src/push/push-fanout.ts';
import { Scheduler } from './engine/scheduler/scheduler.ts';
import { NumberStanding } from './modules/channels/whatsapp/number-standing.ts';
import type { Clock } from './engine/scheduler/clock.ts';
import { schedulePurges } from './modules/housekeeping/purges.ts';
import { EventConsumers } from './engine/events/consumers.ts';
import type { Module } from './engine/module.ts';
import { createCalendarModule } from './modules/out-of-hours/out-of-hours.module.ts';
import { createCampaignsModule } from './modules/campaigns/campaigns.module.ts';
import { createAutomationsModule } from './modules/automations/automations.module.ts';
import { createAnalyticsModule } from './modules/analytics/analytics.module.ts';
import { AlertPush } from '../../realtime/src/push/alert-push.ts';

import { WEB_DIST } from './lib/paths.ts';
import { createOutboundService, createSendRailsModule } from './engine/outbound/outbound.module.ts';
import { MessagingLimits } from './engine/outbound/limits/messaging-limit.ts';

export { WEB_DIST };

export interface RunningServer {
  url: string;
  port: number;
  ctx: AppContext;
  /** the modules by name (contacts, numbers, calendar, push), as wired below */
  modules: Record<string, Module>;
  consumers: EventConsumers;
  /** browsers' realtime (undefined with REALTIME_HUB=false) */
  hub: RealtimeHub | undefined;
  sandbox: Sandbox | undefined;
  admin: { email?: string; password?: string; created: boolean };
  /** Resolves once the writer, the event consumers, the scheduler and every module have nothing left to do (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  log?: Logger;
  /** accept and record webhooks but do not process them (maintenance; crash-recovery tests) */
  ingestPaused?: boolean;
  sandbox?: {
    statusDelayMs?: [number, number];
    templateReviewMs?: number;
    autoRead?: boolean;
    reengagementAsStatus?: boolean;
  };
  /** test knobs for the sender: back-off (ms), throughput, recovery paging */
  outbound?: {
    baseDelayMs?: number;
    maxDelayMs?: number;
    mps?: number;
    recoverPageSize?: number;
    recoverBacklog?: number;
  };
  /** test knob for the campaign engine: how long a slice writes recipient rows before handing over */
  campaigns?: { materializeMs?: number };
  /** test seam: how the journal opens its files (fault injection: short writes, a full disk) */
  journalOpenFile?: OpenAppendFile;
  /** the scheduler's clock (tests and demos make days pass with a ManualClock) */
  clock?: Clock;
  /** aborting it (SIGTERM during start-up) stops what was started — PocketBase above all — and rejects */
  signal?: AbortSignal;
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const config: Config = loadConfig(opts.env ?? process.env);
  const log = opts.log ?? createLogger(config.logLevel);
  const pbProcess = new PocketBaseProcess({
    dataDir: config.dataDir,
    port: config.pbPort,
    log,
    logSql: config.pbLogSql,
  });
  // Whatever happens during start-up, PocketBase never outlives a start that did not finish.
  const onAbort = () => void pbProcess.stop();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (opts.signal?.aborted) throw new Error('start-up aborted');
    const running = await assemble(config, log, pbProcess, opts);
    if (opts.signal?.aborted) {
      await running.close();
      throw new Error('start-up aborted');
    }
    return running;
  } catch (err) {
    await pbProcess.stop();
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

async function assemble(
  config: Config,
  log: Logger,
  pbProcess: PocketBaseProcess,
  opts: StartOptions,
): Promise<RunningServer> {
  const ingestPaused = opts.ingestPaused ?? config.ingestPaused;
  await pbProcess.start();
  const pb = await createSuperuserClient(pbProcess.url, pbProcess.superuserEmail, pbProcess.superuserPassword);

  let baseUrl = '';
  const selfUrl = () => baseUrl;
  const graphUrl = () => config.whatsapp.graphUrl || `${baseUrl}/sandbox/graph/v23.0`;
  const bus = new EventBus();
  // numbers connected from the app use their own token and (sandbox or Meta) base URL, both from here
  const directory = new NumberDirectory({
    pb,
    config,
    defaultGraphUrl: graphUrl,
    sandboxGraphUrl: () => (config.whatsapp.mode === 'sandbox' ? `${baseUrl}/sandbox/graph/v23.0` : ''),
  });
  const graph = new GraphClient({
    baseUrl: graphUrl,
    accessToken: config.whatsapp.accessToken,
    route: (scope) => directory.target(scope),
  });
  const scheduler = new Scheduler({ pb, log, ...(opts.clock ? { clock: opts.clock } : {}) });
  const media = new MediaDownloader({ pb, graph, log, maxBytes: config.mediaMaxBytes, scheduler });
  let templates: TemplateSync | undefined;
  let journal: WebhookJournal | undefined;
  const deadLetters = new DeadLetterStore(config.dataDir, log);
  await deadLetters.open();
  const writer = new InboxWriter({
    pb,
    bus,
    log,
    parse: parseWebhook,
    onMedia: (j) => media.enqueue(j),
    waitForStore: () => pbProcess.whenHealthy(),
    patchUpdates: config.writerPatch,
    deadLetter: async (e, error) => {
      await deadLetters.add({ eventId: e.id, reason: 'invalid_event', error, raw: e.raw });
    },
    onEventsDone: (events) => {
      try {
        journal?.checkpoint(events[events.length - 1]!.id);
      } catch (err) {
        // only costs re-processing (idempotent) after a restart
        log.error('journal checkpoint could not be written', { err: String(err) });
      }
    },
    onOtherUpdate: async (u) => {
      if (u.kind === 'template_status') await templates?.applyStatus(u);
      else if (u.kind === 'template_quality') await templates?.applyQuality(u);
      else if (u.kind === 'template_category' || u.kind === 'template_components') {
        // the notice is kept with the channel's events; the template itself (and its history) is the studio's
        await applyTemplateChange({ pb, log }, u);
        if (u.kind === 'template_category') await templates?.applyCategory(u);
        else await templates?.applyComponents(u);
      } else if (u.kind === 'phone_quality') await applyPhoneQuality({ pb, bus, log }, u);
      else if (u.kind === 'account_notice') await applyAccountNotice({ pb, bus, log }, u);
      else if (u.kind === 'user_preference') await applyUserPreference(ctx, contacts.contacts, u);
      else if (u.kind === 'contact_sync') await applyContactSync(ctx, u);
      else if (u.kind === 'problem' || u.kind === 'unknown') await recordProblem({ pb, bus, log }, u);
    },
  });
  const outbound = new OutboundQueue({
    writer,
    graph,
    pb,
    log,
    retryHorizonMs: config.sendRetryHorizonMs,
    // each number's own cap (set by an admin: PATCH /api/v1/numbers/{id}); the writer's cache holds the rows
    rateOf: (pnid) => writer.cache.numbersByPnid.get(pnid)?.throughput_mps,
    reconcileAfterMs: config.sendReconcileMs,
    waitForStore: () => pbProcess.whenHealthy(),
    ...opts.outbound,
  });
  // the rolling 24 h follows the scheduler's clock (a fast-forwarded day frees the tier; tests, demos)
  const limits = new MessagingLimits({ pb, bus, log, now: () => scheduler.clock.now() });
  const ctx = {
    config,
    log,
    pb,
    pbProcess,
    bus,
    writer,
    graph,
    outbound,
    deadLetters,
    scheduler,
    limits,
    fieldDefs: new FieldDefs(pb),
  } as AppContext;
  ctx.send = createOutboundService(ctx, { budget: limits });
  templates = new TemplateSync({
    pb,
    graph,
    log,
    wabaIds: async () => [
      ...new Set(
        (await pb.collection('wa_numbers').getFullList<{ waba_id: string }>({ fields: 'waba_id' })).map(
          (n) => n.waba_id,
        ),
      ),
    ],
  });
  journal = new WebhookJournal(
    config.dataDir,
    (events) => {
      if (!ingestPaused) writer.enqueueEvents(events);
    },
    {
      ...(opts.journalOpenFile ? { openFile: opts.journalOpenFile } : {}),
      log: (msg, detail) => log.warn(msg, { err: detail }),
    },
  );
  const unprocessed = await journal.open();
  // Damaged records are reported and kept, never silently dropped (an acknowledged one can be replayed once readable).
  for (const c of journal.recovery.corrupt) {
    log.error('journal record damaged: skipped and dead-lettered', { eventId: c.eventId, reason: c.reason });
    await deadLetters.add({ eventId: c.eventId, reason: 'corrupt_record', error: c.reason, raw: c.text });
  }
  if (journal.recovery.tornTailBytes)
    log.warn('journal: torn tail of a never-acknowledged write cut off', { bytes: journal.recovery.tornTailBytes });

  const app = new Hono<AppEnv>();
  app.onError(errorHandler(log));
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.use('*', securityHeaders());
  app.use('*', bodyLimits());

  const revocations = new TokenRevocations(pb);
  await revocations.load();
  const throttle = new LoginThrottle(config.login);
  const auth = new AuthService(pbProcess.url, throttle, revocations);
  const backups = new BackupService({
    pb,
    dataDir: config.dataDir,
    pbDir: pbProcess.pbDir,
    dir: config.backup.dir,
    keep: config.backup.keep,
    log,
  });
  // `npm run backup` while Spunta runs asks this process (see backup-cli.ts); the key lives in DATA_DIR.
  const controlKey = randomBytes(24).toString('hex');
  app.route('/api/internal/backup', localBackupRoute(backups, controlKey));

  app.route(
    '/webhooks/whatsapp',
    webhookRoutes({
      appSecret: config.whatsapp.appSecret,
      verifyToken: config.whatsapp.verifyToken,
      journal,
      log,
      verify: (raw, header) => verifyForApps(raw, header, directory.apps()),
      verifyTokenOk: (token) => verifyTokenMatches(token, directory.verifyTokens()),
    }),
  );
  // Push fan-out has its own PocketBase connection (its realtime subscription), like a separate worker would.
  const pushPb = await createSuperuserClient(pbProcess.url, pbProcess.superuserEmail, pbProcess.superuserPassword);
  const pushLog = (msg: string, extra?: Record<string, unknown>) => log.warn(msg, extra);
  const push = new WebPushSender(pushPb, config.vapid, pushLog, config.push);
  const fanout = new PushFanout({ pb: pushPb, sender: push, defaultTimezone: config.defaultTimezone, log: pushLog });
  const contacts = createContactsModule(ctx);
  const numbers = createNumbersModule(ctx, { directory, templates, settings: contacts.settings });
  const calendar = createCalendarModule(ctx);
  const automations = createAutomationsModule(ctx, { calendar, contacts: contacts.contacts });
  app.route('/webhooks', automations.inbound);
  const alertPush = new AlertPush({ pb: pushPb, sender: push, defaultTimezone: config.defaultTimezone, log: pushLog });
  // The modules, in start order; each brings routes, consumers of domain events and a lifecycle.
  const modules: Module[] = [
    {
      name: 'push',
      consumers: [fanout, alertPush],
      start: async () => {
        await push.start();
        await fanout.start();
      },
      stop: async () => {
        await fanout.stop();
        await push.stop();
      },
      idle: async () => {
        await fanout.idle();
        await alertPush.idle();
      },
    },
    contacts,
    { name: 'numbers', routes: numbers.routes },
    calendar,
    createCampaignsModule(ctx, opts.campaigns),
    automations,
    createSendRailsModule(ctx),
    createAnalyticsModule(ctx, { hours: calendar.hours }),
  ];
  const consumers = new EventConsumers({ pb, bus, log, paused: config.consumersPaused });
  for (const m of modules) for (const c of m.consumers ?? []) consumers.add(c);
  // JSON answers over 1 KB are compressed (br/gzip); streams (SSE, CSV exports, /pb realtime) are not
  app.use('/api/*', compressJson());
  app.route('/api', apiRoutes(ctx, { templates, push, modules, auth, backups }));
  // browsers' realtime: one superuser subscription fanned out in Node (realtime/src/hub), not one rule query per
  // event per browser inside PocketBase
  let hub: RealtimeHub | undefined;
  if (config.realtimeHub) {
    const hubPb = await createSuperuserClient(pbProcess.url, pbProcess.superuserEmail, pbProcess.superuserPassword);
    hub = new RealtimeHub(
      hubPb,
      () => pbProcess.url,
      (msg, extra) => log.info(msg, extra),
    );
    await hub.start();
    app.route('/pb/api/realtime', hubRoutes({ hub, verify: (token) => auth.verify(token) }));
  }
  app.all(
    '/pb/*',
    pbProxy(() => pbProcess.url, { throttle, revocations, trustProxyHops: config.trustProxyHops }),
  );

  let sandbox: Sandbox | undefined;
  if (config.whatsapp.mode === 'sandbox') {
    sandbox = createSandbox({
      webhookUrl: () => `${baseUrl}/webhooks/whatsapp`,
      appSecret: config.whatsapp.appSecret,
      accessToken: config.whatsapp.accessToken,
      numbers: [
        { ...SANDBOX_NUMBER, qualityRating: 'GREEN', messagingLimitTier: 'TIER_250' },
        // test numbers of another "app" (own token and secret), connectable from the numbers settings
        ...config.sandboxTestNumbers.map((n) => ({
          ...n,
          qualityRating: 'GREEN' as const,
          messagingLimitTier: 'TIER_250',
        })),
      ],
      publicBaseUrl: () => `${baseUrl}/sandbox`,
      dataFile: join(config.dataDir, 'sandbox.json'),
      limitNow: () => scheduler.clock.now(),
      mediaDir: join(config.dataDir, 'sandbox-media'),
      ...((opts.sandbox?.statusDelayMs ?? config.sandboxStatusDelayMs)
        ? { statusDelayMs: opts.sandbox?.statusDelayMs ?? config.sandboxStatusDelayMs }
        : {}),
      ...(opts.sandbox?.templateReviewMs !== undefined ? { templateReviewMs: opts.sandbox.templateReviewMs } : {}),
      ...(opts.sandbox?.autoRead !== undefined ? { autoRead: opts.sandbox.autoRead } : {}),
      reengagementAsStatus: opts.sandbox?.reengagementAsStatus ?? config.sandboxReengagementAsStatus,
      log: (msg: string, extra?: unknown) => log.debug(`sandbox: ${msg}`, extra === undefined ? undefined : { extra }),
    });
    // Customer and control routes only for this machine or key holders, unless SANDBOX_PUBLIC=true.
    const key = config.sandboxPublic ? undefined : sandboxKey(config.dataDir);
    if (key) app.use('/sandbox/*', sandboxGuard(key));
    app.route('/sandbox', sandbox.app as unknown as Hono<AppEnv>);
  }

  // The built PWA, with index.html for client-side routes; compressed (API and SSE paths are left alone).
  if (existsSync(WEB_DIST)) {
    const gzip = compress();
    app.use('*', (c, next) => (/^\/(api|pb|webhooks|sandbox)(\/|$)/.test(c.req.path) ? next() : gzip(c, next)));
    app.use(
      '/*',
      serveStatic({ root: WEB_DIST.startsWith(process.cwd()) ? WEB_DIST.slice(process.cwd().length + 1) : WEB_DIST }),
    );
    const index = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    // Client-side routes get the app shell; API-like paths keep their JSON 404.
    app.get('*', (c, next) => (/^\/(api|pb|webhooks|sandbox)(\/|$)/.test(c.req.path) ? next() : c.html(index)));
  }

  await applyServerSettings(pb, config.publicUrl ?? `http://localhost:${config.port}`);
  const number = await upsertConfiguredNumber(pb, config);
  writer.cache.putNumber(number);
  await directory.load();
  const admin = await ensureAdmin(pb, config, log);
  // checkpoints exist before the first webhook can commit an event
  await consumers.init();

  const server: ServerType = await new Promise((res) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => res(s));
  });
  // Realtime streams live for hours; Node's request timeout (5 minutes, counted until the response ends) cut
  // every browser's stream and made it reconnect and resync. A connection silent for 10 minutes is still
  // closed (the hub writes a keep-alive every 30 s), which also ends stalled uploads.
  if ('requestTimeout' in server) {
    server.requestTimeout = 0;
    server.setTimeout(600_000);
  }
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  void selfUrl;
  const controlFile = join(config.dataDir, '.control.json');
  writeFileSync(controlFile, JSON.stringify({ url: baseUrl, key: controlKey, pid: process.pid }), { mode: 0o600 });

  if (!ingestPaused && unprocessed.length) {
    writer.enqueueEvents(unprocessed);
    log.info('recovered unprocessed webhook events', { count: unprocessed.length });
  }
  await outbound.recover();
  await media.recover();
  for (const m of modules) await m.start?.();
  await consumers.start();
  await templates.start(scheduler, config.templateSyncMinutes);
  await new NumberStanding({ pb, graph, bus, log }).start(scheduler);
  await schedulePurges(scheduler, pb, consumers.log, { 'purge.revoked_tokens': () => revocations.purgeExpired() });
  await scheduleBackups(scheduler, backups, config.backup.everyHours);
  scheduler.start();
  if (sandbox && config.seed) await seedDemo(ctx, sandbox, admin.created);

  log.info('Spunta is running', {
    url: config.publicUrl ?? `http://localhost:${port}`,
    whatsapp: config.whatsapp.mode,
  });
  if (sandbox && !config.sandboxPublic) {
    log.info('sandbox customer phone: open it from this machine, or elsewhere with the key', {
      url: `${config.publicUrl ?? `http://localhost:${port}`}/sandbox/?key=${sandboxKey(config.dataDir)}`,
    });
  }

  const idle = async () => {
    // work makes work (a message → its events → a scheduled reply → a message): settle until a pass adds no event
    for (let pass = 0; pass < 10; pass++) {
      const before = await consumers.log.lastSeq();
      await writer.idle();
      await consumers.idle();
      await scheduler.idle();
      await Promise.all(modules.map((m) => m.idle?.()));
      await writer.idle();
      if ((await consumers.log.lastSeq()) === before) return;
    }
  };

  let closed = false;
  return {
    url: baseUrl,
    port,
    ctx,
    sandbox,
    admin,
    consumers,
    hub,
    idle,
    modules: Object.fromEntries(modules.map((m) => [m.name, m])),
    async close() {
      if (closed) return;
      closed = true;
      rmSync(controlFile, { force: true });
      outbound.stop();
      await consumers.stop();
      const closing = new Promise<void>((r) => server.close(() => r()));
      // SSE streams never end by themselves.
      if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections();
      await closing;
      await sandbox?.close();
      await hub?.stop();
      for (const m of [...modules].reverse()) await m.stop?.();
      await scheduler.stop();
      // Paused on a store outage, the writer may never drain: what it holds is still in the journal
      // past the checkpoint and is processed at the next start.
      await Promise.race([writer.idle(), new Promise((r) => setTimeout(r, 10_000).unref())]);
      await journal?.close();
      await deadLetters.close();
      await pbProcess.stop();
    },
  };
}
