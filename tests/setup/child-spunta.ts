/**
 * Spunta as a child process that a test can kill with SIGKILL and start again on the same data, with
 * "Meta" (the sandbox) served from the test process so it outlives Spunta and counts what it received.
 * Used by the kill tests (campaigns, automations).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { SANDBOX_NUMBER } from '../../api/src/config.ts';
import { freePort } from '../../api/src/lib/pocketbase-process.ts';
import { createSandbox, type Sandbox } from '../../api/src/modules/sandbox/index.ts';
import { ADMIN, tempDataDir, until } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ChildSpunta {
  meta: Sandbox;
  /** starts (or restarts) Spunta on the same data and signs in */
  start(): Promise<void>;
  /** SIGKILL: no shutdown, no flush */
  kill(): Promise<void>;
  /** SIGTERM, then Meta closes and the data is removed */
  close(): Promise<void>;
  http(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** messages the business sent to this phone, as Meta received them */
  received(phone: string): number;
}

export async function childSpunta(env: Record<string, string> = {}): Promise<ChildSpunta> {
  const secrets = {
    appSecret: randomBytes(16).toString('hex'),
    accessToken: `SANDBOX${randomBytes(16).toString('hex')}`,
    verifyToken: 'verify',
  };
  const dataDir = tempDataDir();
  writeFileSync(join(dataDir, 'sandbox-secrets.json'), JSON.stringify(secrets));
  const port = await freePort();
  const metaPort = await freePort();
  const metaUrl = `http://127.0.0.1:${metaPort}`;
  const metaDir = mkdtempSync(join(tmpdir(), 'spunta-meta-'));
  const meta = createSandbox({
    webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp`,
    appSecret: secrets.appSecret,
    accessToken: secrets.accessToken,
    numbers: [{ ...SANDBOX_NUMBER, qualityRating: 'GREEN', messagingLimitTier: 'TIER_10K' }],
    publicBaseUrl: metaUrl,
    mediaDir: join(metaDir, 'media'),
    statusDelayMs: [20, 80],
    webhookRetryMs: [200, 1000],
  });
  const metaServer: ServerType = await new Promise((res) => {
    const srv = serve({ fetch: meta.app.fetch, port: metaPort, hostname: '127.0.0.1' }, () => res(srv));
  });
  let child: ChildProcess | undefined;
  let token = '';

  const self: ChildSpunta = {
    meta,
    async start() {
      child = spawn(process.execPath, ['--import', 'tsx', 'api/src/index.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          SEED: 'false',
          LOG_LEVEL: 'error',
          WA_GRAPH_URL: `${metaUrl}/graph/v23.0`,
          ...env,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      await until(
        async () => (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) })).ok,
        60_000,
        100,
      );
      const r = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      token = ((await r.json()) as { token: string }).token;
    },
    async kill() {
      const c = child!;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
      child = undefined;
    },
    async close() {
      if (child) {
        const c = child;
        await new Promise((r) => {
          c.once('exit', r);
          c.kill('SIGTERM');
        });
      }
      await meta.close();
      await new Promise((r) => metaServer.close(() => r(undefined)));
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(metaDir, { recursive: true, force: true });
    },
    async http(method, path, body) {
      const r = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : undefined };
    },
    received: (phone) => meta.history(phone).filter((x) => x.kind === 'message' && x.direction === 'outbound').length,
  };
  return self;
}
