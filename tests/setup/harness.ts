/**
 * Starts the whole of Spunta in-process, exactly as `npm start` does (real PocketBase on a free port,
 * temp DATA_DIR, the built-in sandbox as Meta), plus helpers the integration tests share.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signPayload } from '../../api/src/modules/channels/whatsapp/signature.ts';
import { startServer, type RunningServer, type StartOptions } from '../../api/src/server.ts';
import { createLogger } from '../../api/src/lib/logger.ts';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-123' };
const FIXTURES = resolve(import.meta.dirname, '../fixtures/whatsapp');

export interface TestServer extends RunningServer {
  dataDir: string;
  stop(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'spunta-test-'));
}

export async function startTestServer(
  opts: StartOptions & { dataDir?: string; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const server = await startServer({
    ...opts,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SEED: 'false',
      LOG_LEVEL: 'error',
      ...opts.env,
    },
    log: opts.log ?? createLogger((process.env.TEST_LOG as 'debug' | undefined) ?? 'silent'),
    sandbox: { statusDelayMs: [5, 20], templateReviewMs: 50, ...opts.sandbox },
  });
  return {
    ...server,
    dataDir,
    async stop() {
      await server.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
}

/** POSTs a raw webhook body signed as Meta would (or with a given signature). */
export async function postWebhook(s: RunningServer, raw: string, signature?: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const sig = signature === undefined ? signPayload(raw, s.ctx.config.whatsapp.appSecret) : signature;
  if (sig !== null) headers['x-hub-signature-256'] = sig;
  return fetch(`${s.url}/webhooks/whatsapp`, { method: 'POST', headers, body: raw });
}

export async function login(s: RunningServer, email = ADMIN.email, password = ADMIN.password): Promise<string> {
  const r = await fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!r.ok) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

export async function createUser(
  s: RunningServer,
  role: 'admin' | 'manager' | 'operator' | 'viewer',
  extra: Record<string, unknown> = {},
) {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@test.local`;
  const password = 'password-12345';
  const rec = await s.ctx.pb
    .collection('users')
    .create({ email, password, passwordConfirm: password, name: `${role} user`, role, active: true, ...extra });
  return { id: rec.id as string, email, password, token: await login(s, email, password) };
}

export async function api<T = any>(
  s: RunningServer,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const r = await fetch(`${s.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined, headers: r.headers };
}

export async function until<T>(
  fn: () => Promise<T | undefined | false | null>,
  timeoutMs = 10_000,
  stepMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
