/**
 * The only reader of process.env. Everything is validated here once, at start-up, so a bad value
 * fails fast with a message naming the variable instead of surfacing later as a confusing error.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import webpush from 'web-push';
import { z } from 'zod';
import type { PushEndpointPolicy } from '../../realtime/src/push/push-endpoint.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  PB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(10, 'ADMIN_PASSWORD must be at least 10 characters').optional(),
  SEED: bool.optional(),
  INGEST_PAUSED: bool.optional(),
  PB_LOG_SQL: bool.optional(),
  CONSUMERS_PAUSED: bool.optional(),
  REALTIME_HUB: bool.optional(),
  WRITER_PATCH: bool.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  WA_GRAPH_URL: z.string().url().optional(),
  WA_ACCESS_TOKEN: z.string().min(1).optional(),
  WA_PHONE_NUMBER_ID: z.string().regex(/^\d+$/, 'WA_PHONE_NUMBER_ID must be digits').optional(),
  WA_WABA_ID: z.string().regex(/^\d+$/, 'WA_WABA_ID must be digits').optional(),
  WA_DISPLAY_PHONE_NUMBER: z.string().optional(),
  WA_APP_SECRET: z.string().min(1).optional(),
  WA_VERIFY_TOKEN: z.string().min(1).optional(),
  TEMPLATE_SYNC_MINUTES: z.coerce.number().min(1).default(15),
  MEDIA_MAX_MB: z.coerce.number().min(1).max(100).default(100),
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{80,100}$/, 'VAPID_PUBLIC_KEY must be a base64url P-256 public key')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{40,50}$/, 'VAPID_PRIVATE_KEY must be a base64url P-256 private key')
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'VAPID_SUBJECT must be a mailto: or https: URL')
    .optional(),
  DEFAULT_TIMEZONE: z.string().default('Europe/Rome'),
  SEND_RETRY_HORIZON_MINUTES: z.coerce
    .number()
    .min(0.05, 'SEND_RETRY_HORIZON_MINUTES must be at least 0.05')
    .max(7 * 24 * 60, 'SEND_RETRY_HORIZON_MINUTES must be at most 7 days')
    .default(15),
  SEND_RECONCILE_SECONDS: z.coerce
    .number()
    .int('SEND_RECONCILE_SECONDS must be a whole number')
    .min(1)
    .max(7 * 24 * 3600, 'SEND_RECONCILE_SECONDS must be at most 7 days')
    .default(600),
  SANDBOX_STATUS_DELAY_MS: z
    .string()
    .regex(/^\d+,\d+$/, 'SANDBOX_STATUS_DELAY_MS must look like "150,600"')
    .optional(),
  SANDBOX_PUBLIC: bool.optional(),
  SANDBOX_REENGAGEMENT_AS_STATUS: bool.optional(),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})?$/, 'TRUST_PROXY must be true, false or the number of proxies in front of Spunta')
    .optional(),
  PUSH_SERVICE_HOSTS: z
    .string()
    .regex(
      /^\s*(\*\.)?[a-z0-9.-]+(\s*,\s*(\*\.)?[a-z0-9.-]+)*\s*$/i,
      'PUSH_SERVICE_HOSTS must be comma-separated host names (a leading "*." allows subdomains)',
    )
    .optional(),
  PUSH_SERVICE_ORIGINS: z
    .string()
    .regex(
      /^\s*https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*\s*$/,
      'PUSH_SERVICE_ORIGINS must be comma-separated origins like https://push.example.com',
    )
    .optional(),
  WEBHOOK_ALLOWED_ORIGINS: z
    .string()
    .regex(
      /^\s*https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*\s*$/,
      'WEBHOOK_ALLOWED_ORIGINS must be comma-separated origins like http://crm.lan:8080',
    )
    .optional(),
  AUTOMATION_STEPS_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(100),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100000).default(30),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .min(0.01)
    .max(24 * 60)
    .default(15),
  BACKUP_DIR: z.string().optional(),
  BACKUP_EVERY_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 365)
    .default(24),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
});

export type Env = z.infer<typeof envSchema>;

export interface WhatsAppConfig {
  mode: 'meta' | 'sandbox';
  /** Graph base URL of the number configured here ('' in sandbox mode until the server knows its port) */
  graphUrl: string;
  /** Meta's Graph base URL, used for real numbers connected from the app (never user-editable) */
  metaGraphUrl: string;
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  appSecret: string;
  verifyToken: string;
}

export interface Config {
  port: number;
  host: string;
  publicUrl: string | undefined;
  dataDir: string;
  pbPort: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  seed: boolean;
  /** record webhooks but do not process them (maintenance switch) */
  ingestPaused: boolean;
  /** PocketBase logs every SQL statement (debug level): for finding slow queries */
  pbLogSql: boolean;
  /** domain events are stored but their consumers (push, consent, out-of-hours…) wait for a start without it */
  consumersPaused: boolean;
  /** browsers' realtime through the hub (realtime/src/hub); false: straight to PocketBase (the bench's baseline) */
  realtimeHub: boolean;
  /** the writer updates chats and messages by plain SQL, their realtime through the hub only (needs the hub) */
  writerPatch: boolean;
  logLevel: Env['LOG_LEVEL'];
  whatsapp: WhatsAppConfig;
  templateSyncMinutes: number;
  mediaMaxBytes: number;
  sandboxStatusDelayMs: [number, number] | undefined;
  vapid: { publicKey: string; privateKey: string; subject: string };
  /** used for do-not-disturb hours when a user has not set their own */
  defaultTimezone: string;
  /** sandbox mode only: extra test numbers (own WABA, token and app secret) an admin can connect from the app */
  sandboxTestNumbers: SandboxTestNumber[];
  /** transient send errors (rate limits, 5xx, network) are retried this long after the first attempt */
  sendRetryHorizonMs: number;
  /** an interrupted send waits this long for a status webhook naming it before it is sent again */
  sendReconcileMs: number;
  /** the sandbox's customer and control routes answer everyone, not just loopback or key holders */
  sandboxPublic: boolean;
  /** the sandbox accepts free-form sends outside the 24 h window and fails them later with a 131047 status, as Meta does */
  sandboxReengagementAsStatus: boolean;
  /** how many reverse proxies in front of Spunta append to X-Forwarded-For (0: the socket address is the client) */
  trustProxyHops: number;
  push: PushEndpointPolicy;
  /** origins automation webhooks may call although private (a CRM on the LAN, tests); all others must be public */
  webhookOrigins: string[];
  /** planned automation entries are paced so that they and their steps stay within this many per second */
  automationStepsPerSecond: number;
  login: { maxFailures: number; maxFailuresPerAddress: number; lockMs: number };
  backup: { dir: string; everyHours: number; keep: number };
}

export interface SandboxTestNumber {
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  accessToken: string;
  appSecret: string;
}

/** The push services browsers use: Chrome/Edge (FCM), Firefox (Mozilla autopush), Safari (Apple), legacy Edge (WNS). */
export const DEFAULT_PUSH_HOSTS = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  'web.push.apple.com',
  '*.notify.windows.com',
];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

interface SandboxSecrets {
  appSecret: string;
  accessToken: string;
  verifyToken: string;
  /** the second ("Meta app 2") test number's own token and app secret; added to older files on first read */
  testApp?: { accessToken: string; appSecret: string };
}

/** Sandbox secrets are generated once and kept in DATA_DIR so webhooks signed before a restart still verify. */
function sandboxSecrets(dataDir: string): Required<SandboxSecrets> {
  const file = join(dataDir, 'sandbox-secrets.json');
  const stored: SandboxSecrets | undefined = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  const secrets = {
    appSecret: stored?.appSecret ?? randomBytes(24).toString('hex'),
    accessToken: stored?.accessToken ?? `SANDBOX${randomBytes(24).toString('hex')}`,
    verifyToken: stored?.verifyToken ?? randomBytes(12).toString('hex'),
    testApp: stored?.testApp ?? {
      accessToken: `SANDBOX${randomBytes(24).toString('hex')}`,
      appSecret: randomBytes(24).toString('hex'),
    },
  };
  if (!stored?.testApp) writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

/** VAPID keys are generated on first start and kept in DATA_DIR, unless given in the environment. */
function vapidKeys(dataDir: string, env: Env): { publicKey: string; privateKey: string } {
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY)
    return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY };
  if (env.VAPID_PUBLIC_KEY || env.VAPID_PRIVATE_KEY)
    throw new ConfigError('Set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither (then they are generated).');
  const file = join(dataDir, 'vapid.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const keys = webpush.generateVAPIDKeys();
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

export const SANDBOX_NUMBER = {
  phoneNumberId: '106540352242922',
  wabaId: '102290129340398',
  displayPhoneNumber: '15550783881',
  verifiedName: 'Spunta Demo',
};

/** A second sandbox number, of another WABA and another "app", for trying several numbers without Meta. */
export const SANDBOX_TEST_NUMBER = {
  phoneNumberId: '106540352242923',
  wabaId: '102290129340399',
  displayPhoneNumber: '15550783882',
  verifiedName: 'Spunta Demo 2',
};

const META_GRAPH_URL = 'https://graph.facebook.com/v23.0';

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const dataDir = resolve(env.DATA_DIR);
  ensureWritableDir(dataDir);

  const metaKeys = ['WA_ACCESS_TOKEN', 'WA_PHONE_NUMBER_ID', 'WA_WABA_ID', 'WA_APP_SECRET', 'WA_VERIFY_TOKEN'] as const;
  const given = metaKeys.filter((k) => env[k] !== undefined);
  if (given.length > 0 && given.length < metaKeys.length) {
    const missing = metaKeys.filter((k) => env[k] === undefined);
    throw new ConfigError(
      `Incomplete WhatsApp configuration: ${given.join(', ')} set but ${missing.join(', ')} missing. ` +
        'Set all of them to use Meta, or none to use the built-in sandbox.',
    );
  }

  let whatsapp: WhatsAppConfig;
  let sandboxTestNumbers: SandboxTestNumber[] = [];
  if (given.length === metaKeys.length) {
    whatsapp = {
      mode: 'meta',
      graphUrl: (env.WA_GRAPH_URL ?? META_GRAPH_URL).replace(/\/+$/, ''),
      metaGraphUrl: (env.WA_GRAPH_URL ?? META_GRAPH_URL).replace(/\/+$/, ''),
      accessToken: env.WA_ACCESS_TOKEN!,
      phoneNumberId: env.WA_PHONE_NUMBER_ID!,
      wabaId: env.WA_WABA_ID!,
      displayPhoneNumber: env.WA_DISPLAY_PHONE_NUMBER ?? '',
      appSecret: env.WA_APP_SECRET!,
      verifyToken: env.WA_VERIFY_TOKEN!,
    };
  } else {
    const s = sandboxSecrets(dataDir);
    whatsapp = {
      mode: 'sandbox',
      // Filled in once the HTTP server knows its port (PORT may be 0 in tests).
      graphUrl: env.WA_GRAPH_URL?.replace(/\/+$/, '') ?? '',
      // a real number connected from the app still talks to Meta (WA_GRAPH_URL when set, e.g. a staging stand-in)
      metaGraphUrl: (env.WA_GRAPH_URL ?? META_GRAPH_URL).replace(/\/+$/, ''),
      accessToken: s.accessToken,
      phoneNumberId: SANDBOX_NUMBER.phoneNumberId,
      wabaId: SANDBOX_NUMBER.wabaId,
      displayPhoneNumber: SANDBOX_NUMBER.displayPhoneNumber,
      appSecret: s.appSecret,
      verifyToken: s.verifyToken,
    };
    sandboxTestNumbers = [{ ...SANDBOX_TEST_NUMBER, ...s.testApp }];
  }

  const delay = env.SANDBOX_STATUS_DELAY_MS?.split(',').map(Number) as [number, number] | undefined;
  return {
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    dataDir,
    pbPort: env.PB_PORT,
    adminEmail: env.ADMIN_EMAIL,
    adminPassword: env.ADMIN_PASSWORD,
    seed: env.SEED ?? whatsapp.mode === 'sandbox',
    ingestPaused: env.INGEST_PAUSED ?? false,
    pbLogSql: env.PB_LOG_SQL ?? false,
    consumersPaused: env.CONSUMERS_PAUSED ?? false,
    realtimeHub: env.REALTIME_HUB ?? true,
    writerPatch: (env.REALTIME_HUB ?? true) && (env.WRITER_PATCH ?? true),
    logLevel: env.LOG_LEVEL,
    whatsapp,
    templateSyncMinutes: env.TEMPLATE_SYNC_MINUTES,
    mediaMaxBytes: env.MEDIA_MAX_MB * 1024 * 1024,
    sandboxStatusDelayMs: delay,
    vapid: {
      ...vapidKeys(dataDir, env),
      subject: env.VAPID_SUBJECT ?? `mailto:${env.ADMIN_EMAIL ?? 'admin@spunta.local'}`,
    },
    defaultTimezone: env.DEFAULT_TIMEZONE,
    sandboxTestNumbers,
    sendRetryHorizonMs: Math.round(env.SEND_RETRY_HORIZON_MINUTES * 60_000),
    sendReconcileMs: env.SEND_RECONCILE_SECONDS * 1000,
    sandboxPublic: env.SANDBOX_PUBLIC ?? false,
    sandboxReengagementAsStatus: env.SANDBOX_REENGAGEMENT_AS_STATUS ?? false,
    trustProxyHops:
      env.TRUST_PROXY === 'true' ? 1 : env.TRUST_PROXY && env.TRUST_PROXY !== 'false' ? Number(env.TRUST_PROXY) : 0,
    automationStepsPerSecond: env.AUTOMATION_STEPS_PER_SECOND,
    webhookOrigins: env.WEBHOOK_ALLOWED_ORIGINS ? list(env.WEBHOOK_ALLOWED_ORIGINS).map((o) => new URL(o).origin) : [],
    push: {
      hosts: env.PUSH_SERVICE_HOSTS ? list(env.PUSH_SERVICE_HOSTS).map((h) => h.toLowerCase()) : DEFAULT_PUSH_HOSTS,
      origins: env.PUSH_SERVICE_ORIGINS ? list(env.PUSH_SERVICE_ORIGINS).map((o) => new URL(o).origin) : [],
    },
    login: {
      maxFailures: env.LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
      lockMs: env.LOGIN_LOCK_MINUTES * 60_000,
    },
    backup: {
      dir: resolve(env.BACKUP_DIR ?? join(dataDir, 'backups')),
      everyHours: env.BACKUP_EVERY_HOURS,
      keep: env.BACKUP_KEEP,
    },
  };
}

/** A missing or read-only DATA_DIR is the most common first-run mistake: say so in one sentence, not a stack. */
function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'is not writable'
        : code === 'ENOTDIR' || code === 'EEXIST'
          ? 'is not a directory'
          : 'cannot be created or written';
    throw new ConfigError(
      `DATA_DIR ${dir} ${why} (${code}): point DATA_DIR at a directory this user can write, or fix its permissions.`,
    );
  }
}

const list = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
