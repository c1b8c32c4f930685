/**
 * Exactly once per recipient even when the process is killed mid-campaign (issue 14 #4). Spunta runs as a
 * child process; "Meta" is the sandbox in this test process, so it outlives Spunta and counts what it
 * received. The campaign is killed with SIGKILL while it sends, restarted, and must finish by itself: every
 * recipient gets exactly one message (sends caught mid-request are reconciled by biz_opaque_callback_data
 * or, when Meta never took them, sent again once), and the statistics say so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_NUMBER } from '../../api/src/config.ts';
import { freePort } from '../../api/src/lib/pocketbase-process.ts';
import { createSandbox, type Sandbox } from '../../api/src/modules/sandbox/index.ts';
import { ADMIN, tempDataDir, until } from '../setup/harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const N = 400;
const secrets = {
  appSecret: randomBytes(16).toString('hex'),
  accessToken: `SANDBOX${randomBytes(16).toString('hex')}`,
  verifyToken: 'verify',
};
let dataDir: string;
let port: number;
let meta: Sandbox;
let metaServer: ServerType;
let metaUrl: string;
let spunta: ChildProcess | undefined;
let token = '';
const phones: string[] = [];

async function startSpunta(): Promise<void> {
  spunta = spawn(process.execPath, ['--import', 'tsx', 'api/src/index.ts'], {
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
      SEND_RECONCILE_SECONDS: '8',
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
}

async function killSpunta(): Promise<void> {
  const child = spunta!;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  spunta = undefined;
}

const http = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: (await r.json()) as any };
};

const received = (phone: string) =>
  meta.history(phone).filter((x) => x.kind === 'message' && x.direction === 'outbound').length;
const totalReceived = () => phones.reduce((n, p) => n + received(p), 0);

beforeAll(async () => {
  dataDir = tempDataDir();
  writeFileSync(join(dataDir, 'sandbox-secrets.json'), JSON.stringify(secrets));
  port = await freePort();
  const metaPort = await freePort();
  metaUrl = `http://127.0.0.1:${metaPort}`;
  const metaDir = mkdtempSync(join(tmpdir(), 'spunta-meta-'));
  meta = createSandbox({
    webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp`,
    appSecret: secrets.appSecret,
    accessToken: secrets.accessToken,
    numbers: [{ ...SANDBOX_NUMBER, qualityRating: 'GREEN', messagingLimitTier: 'TIER_10K' }],
    publicBaseUrl: metaUrl,
    mediaDir: join(metaDir, 'media'),
    statusDelayMs: [20, 80],
    webhookRetryMs: [200, 1000],
  });
  metaServer = await new Promise((res) => {
    const srv = serve({ fetch: meta.app.fetch, port: metaPort, hostname: '127.0.0.1' }, () => res(srv));
  });
  await startSpunta();
  for (let i = 0; i < N; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, N - i) }, async (_, k) => {
        const phone = `39320${String(i + k).padStart(7, '0')}`;
        phones.push(phone);
        const r = await http('POST', '/api/v1/contacts', {
          phone: `+${phone}`,
          first_name: `C${i + k}`,
          language: 'it',
        });
        if (r.status !== 201) throw new Error(`contact: ${r.status} ${JSON.stringify(r.body)}`);
      }),
    );
  }
  await until(async () => {
    const t = await http('GET', '/api/v1/templates');
    return t.body.items?.some((x: any) => x.name === 'appointment_reminder' && x.status === 'APPROVED');
  }, 30_000);
}, 180_000);

afterAll(async () => {
  if (spunta) {
    const child = spunta;
    await new Promise((r) => {
      child.once('exit', r);
      child.kill('SIGTERM');
    });
  }
  await meta?.close();
  await new Promise((r) => metaServer?.close(() => r(undefined)));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 mid-campaign', () => {
  it('after the restart the campaign finishes by itself and every recipient got exactly one message', async () => {
    const created = await http('POST', '/api/v1/campaigns', {
      name: 'Kill test',
      template: {
        name: 'appointment_reminder',
        language: 'it',
        params: { '1': '{{contact.first_name}}', '2': 'lun', '3': '9' },
      },
      audience: { filter: {} },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await http('POST', `/api/v1/campaigns/${id}/start`)).status).toBe(200);
    // mid-campaign: some recipients reached, most not
    await until(async () => totalReceived() >= N / 5, 60_000, 10);
    const before = totalReceived();
    await killSpunta();
    expect(before).toBeLessThan(N);

    await startSpunta();
    const done = await until(
      async () => {
        const c = (await http('GET', `/api/v1/campaigns/${id}`)).body;
        return c.state === 'completed' && c.stats.sent + c.stats.delivered + c.stats.read === N ? c : undefined;
      },
      150_000,
      250,
    );
    const counts = phones.map(received);
    expect(counts.filter((n) => n === 0)).toHaveLength(0);
    expect(counts.filter((n) => n > 1)).toHaveLength(0);
    expect(totalReceived()).toBe(N);
    expect(done.stats.audience).toBe(N);
    expect(done.stats.failed).toBe(0);
    console.log(`kill test: ${before}/${N} received before SIGKILL, ${totalReceived()} after restart, 0 duplicates`);
  }, 200_000);
});
