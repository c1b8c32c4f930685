/**
 * Interrupted sends are reconciled, not guessed. Spunta is killed (SIGKILL) while its request to Meta is
 * in flight; "Meta" is the sandbox running in this test process, so it outlives Spunta and keeps
 * retrying its status webhooks like Meta does.
 *  - Meta took the message: after the restart the message waits ("unknown"), its status webhook names it
 *    (biz_opaque_callback_data), and it gets its wamid and status — it is never sent twice.
 *  - The request never reached Meta: no status names it, so after SEND_RECONCILE_SECONDS it is sent
 *    again — once.
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

async function startSpunta(reconcileSeconds: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/index.ts'], {
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
      SEND_RECONCILE_SECONDS: String(reconcileSeconds),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  spunta = child;
  await until(
    async () => (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) })).ok,
    60_000,
    100,
  );
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  token = ((await login.json()) as { token: string }).token;
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

async function messageOf(
  phone: string,
  id: string,
): Promise<{ id: string; status: string; wamid: string } | undefined> {
  const convs = await http('GET', `/api/v1/conversations?q=${phone}`);
  const conv = convs.body.items?.find((c: { contact_phone: string }) => c.contact_phone === `+${phone}`);
  if (!conv) return undefined;
  const msgs = await http('GET', `/api/v1/conversations/${conv.id}/messages`);
  return msgs.body.items?.find((m: { id: string }) => m.id === id);
}

const outbound = (phone: string) =>
  meta.history(phone).filter((x) => x.kind === 'message' && x.direction === 'outbound');

async function customerWrites(phone: string): Promise<void> {
  await meta.customerSend({
    type: 'text',
    from: phone,
    name: `Cliente ${phone.slice(-4)}`,
    text: 'Buongiorno, mi richiamate?',
  });
  await until(
    async () => {
      const convs = await http('GET', `/api/v1/conversations?q=${phone}`);
      return convs.body.items?.length > 0;
    },
    20_000,
    100,
  );
}

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
    numbers: [{ ...SANDBOX_NUMBER, qualityRating: 'GREEN', messagingLimitTier: 'TIER_2K' }],
    publicBaseUrl: metaUrl,
    mediaDir: join(metaDir, 'media'),
    statusDelayMs: [20, 80],
    webhookRetryMs: [200, 1000],
  });
  metaServer = await new Promise((res) => {
    const srv = serve({ fetch: meta.app.fetch, port: metaPort, hostname: '127.0.0.1' }, () => res(srv));
  });
  await startSpunta(120);
}, 90_000);

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

describe('a send interrupted by a crash', () => {
  it('Meta took it: the status webhook that names it reconciles it after the restart, nothing is sent twice', async () => {
    const phone = '393351230001';
    await customerWrites(phone);
    // Meta accepts the message but its answer (and its status webhooks) come late: Spunta dies meanwhile
    meta.faults.slowResponses(1, 60_000, true);
    meta.faults.delayWebhooks(4000);
    const sent = await http('POST', '/api/v1/messages', {
      to: phone,
      type: 'text',
      text: { body: 'Certo, la richiamiamo entro oggi' },
    });
    expect(sent.status).toBe(202);
    await until(async () => outbound(phone).length === 1, 20_000, 20);
    await killSpunta();
    meta.faults.delayWebhooks(0);

    await startSpunta(120);
    const m = await until(
      async () => {
        const x = await messageOf(phone, sent.body.message.id);
        return x && ['delivered', 'read'].includes(x.status) ? x : undefined;
      },
      60_000,
      200,
    );
    const theirs = outbound(phone)[0]!;
    expect(m.wamid).toBe(theirs.wamid);
    expect(outbound(phone)).toHaveLength(1);
    // the callback data Meta echoed is our own message id
    expect((theirs as { message?: { biz_opaque_callback_data?: string } }).message?.biz_opaque_callback_data).toBe(
      sent.body.message.id,
    );
  }, 150_000);

  it('the request never reached Meta: shown pending, then sent again once when no status names it', async () => {
    const phone = '393351230002';
    await customerWrites(phone);
    meta.faults.slowResponses(1, 60_000, false); // the request is lost: Meta never takes it
    const sent = await http('POST', '/api/v1/messages', {
      to: phone,
      type: 'text',
      text: { body: 'Le mando il preventivo' },
    });
    expect(sent.status).toBe(202);
    await until(async () => meta.faults.state().slowResponses.length === 0, 20_000, 20);
    await killSpunta();
    expect(outbound(phone)).toHaveLength(0);

    await startSpunta(3);
    // waiting for a status that could name it: "unknown", which the app shows as pending
    await until(async () => (await messageOf(phone, sent.body.message.id))?.status === 'unknown', 20_000, 100);
    expect(outbound(phone)).toHaveLength(0);
    const m = await until(
      async () => {
        const x = await messageOf(phone, sent.body.message.id);
        return x && ['delivered', 'read'].includes(x.status) ? x : undefined;
      },
      60_000,
      200,
    );
    expect(outbound(phone)).toHaveLength(1);
    expect(m.wamid).toBe(outbound(phone)[0]!.wamid);
  }, 150_000);
});
