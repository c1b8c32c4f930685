/**
 * Crash safety with real processes: Spunta killed with SIGKILL right after acknowledging a webhook
 * processes it exactly once after restart; a crashed PocketBase is restarted by the supervisor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../api/src/lib/pocketbase-process.ts';
import { signPayload } from '../../api/src/modules/channels/whatsapp/signature.ts';
import { ADMIN, fixture, startTestServer, tempDataDir, until } from '../setup/harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];

async function spawnSpunta(dataDir: string, port: number, extra: Record<string, string> = {}): Promise<ChildProcess> {
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
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  await until(
    async () => (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) })).ok,
    30_000,
    100,
  );
  return child;
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('crash between acknowledgement and processing', () => {
  it('a webhook acknowledged before a SIGKILL is processed exactly once after restart', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const first = await spawnSpunta(dataDir, port, { INGEST_PAUSED: 'true' });
    const secret = JSON.parse(readFileSync(join(dataDir, 'sandbox-secrets.json'), 'utf8')).appSecret as string;
    const raw = fixture('message-text');
    const wamid = JSON.parse(raw).entry[0].changes[0].value.messages[0].id as string;
    // Meta retries: the same event acknowledged twice before the crash.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(raw, secret) },
        body: raw,
      });
      expect(res.status).toBe(200);
    }
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    // The restart also stops the PocketBase child the killed process left behind.
    await spawnSpunta(dataDir, port);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { token } = (await login.json()) as { token: string };
    const list = await until(async () => {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/conversations`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await r.json()) as { items: Array<{ id: string; unread_count: number }> };
      return body.items.length ? body : undefined;
    });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.unread_count).toBe(1);
    const msgs = await fetch(`http://127.0.0.1:${port}/api/v1/conversations/${list.items[0]!.id}/messages`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const items = ((await msgs.json()) as { items: Array<{ wamid: string }> }).items;
    expect(items.map((m) => m.wamid)).toEqual([wamid]);
    const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
    await Promise.all(
      running.map(
        (c) =>
          new Promise((r) => {
            c.once('exit', r);
            c.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);
});

describe('PocketBase supervision', () => {
  it('restarts PocketBase after it crashes and keeps serving', async () => {
    const s = await startTestServer();
    try {
      const before = s.ctx.pbProcess.pid;
      s.ctx.pbProcess.kill('SIGKILL');
      await until(
        async () => (await fetch(`${s.url}/api/health`)).status === 503 || s.ctx.pbProcess.pid !== before,
        5000,
        10,
      );
      const health = await until(
        async () => {
          const r = await fetch(`${s.url}/api/health`);
          return r.status === 200 ? ((await r.json()) as { status: string }) : undefined;
        },
        20_000,
        100,
      );
      expect(health.status).toBe('ok');
      expect(s.ctx.pbProcess.pid).not.toBe(before);
      // and the store works again end to end
      await s.sandbox!.customerSend({ type: 'text', from: '393409990001', name: 'Dopo il crash', text: 'ci siete?' });
      await until(async () => (await s.ctx.pb.collection('messages').getList(1, 1)).totalItems > 0, 10_000);
    } finally {
      await s.stop();
    }
  }, 60_000);
});
