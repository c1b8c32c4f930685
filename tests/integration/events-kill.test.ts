/**
 * Kill test of the outbox: Spunta is SIGKILLed after a customer's STOP was committed but before any
 * consumer ran (CONSUMERS_PAUSED holds them, as a crash right after the commit would). After the
 * restart the opt-out, its confirmation and the operator's push notification all happen — exactly once,
 * and not again after a further restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../api/src/lib/pocketbase-process.ts';
import { ADMIN, tempDataDir, until } from '../setup/harness.ts';
import { PushService } from '../setup/push-service.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
let ps: PushService | undefined;

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
      SANDBOX_STATUS_DELAY_MS: '5,20',
      // the local push service is allowed explicitly, never by default
      ...(ps ? { PUSH_SERVICE_ORIGINS: ps.url } : {}),
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  await until(
    async () => (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) })).ok,
    60_000,
    100,
  );
  return child;
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await ps?.close();
});

describe('crash between the commit and the side effects', () => {
  it('STOP opt-out, its confirmation and the push happen once after a SIGKILL and a restart', async () => {
    ps = await new PushService().start();
    const dataDir = tempDataDir();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const call = async (token: string, method: string, path: string, body?: unknown) => {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json().catch(() => undefined)) as any };
    };
    const login = async () =>
      (
        (await (
          await fetch(`${base}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(ADMIN),
          })
        ).json()) as { token: string }
      ).token;

    let child = await spawnSpunta(dataDir, port, { CONSUMERS_PAUSED: 'true' });
    let token = await login();
    const device = ps.device();
    expect(
      (await call(token, 'POST', '/api/v1/push/subscriptions', { ...device.subscription, device: 'admin phone' }))
        .status,
    ).toBe(201);

    const from = '393471110001';
    const sent = await fetch(`${base}/sandbox/customer/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'text', from, name: 'Giulia', text: 'STOP' }),
    });
    expect(sent.status).toBe(200);
    // committed: the chat and the message are stored (their events with them)…
    const conv = await until(
      async () =>
        (await call(token, 'GET', '/api/v1/conversations')).body.items[0] as
          | { id: string; contact: string }
          | undefined,
      20_000,
    );
    await until(
      async () => (await call(token, 'GET', `/api/v1/conversations/${conv.id}/messages`)).body.items.length === 1,
    );
    // …but no side effect has run
    expect((await call(token, 'GET', `/api/v1/contacts/${conv.contact}`)).body.opted_out_at).toBe('');
    expect(ps.for(device.id)).toHaveLength(0);
    // the sandbox plays Meta, which never forgets that the customer wrote: let it save its state first
    await until(
      async () =>
        existsSync(join(dataDir, 'sandbox.json')) && readFileSync(join(dataDir, 'sandbox.json'), 'utf8').includes(from),
      10_000,
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    child = await spawnSpunta(dataDir, port);
    token = await login();
    const contact = await until(async () => {
      const c = (await call(token, 'GET', `/api/v1/contacts/${conv.contact}`)).body as {
        opted_out_at: string;
        consent_method: string;
      };
      return c.opted_out_at ? c : undefined;
    }, 30_000);
    expect(contact.consent_method).toBe('keyword');
    await ps.waitFor(() => ps!.for(device.id).length >= 1, 30_000);
    // the confirmation reached the customer's phone
    const phone = async () =>
      (
        (await (await fetch(`${base}/sandbox/customer/${from}/messages`)).json()) as {
          data: Array<{ kind: string; direction: string }>;
        }
      ).data.filter((i) => i.kind === 'message' && i.direction === 'outbound');
    await until(async () => (await phone()).length >= 1, 30_000);

    // a clean restart, then another customer writes: once its push arrives, the consumers have run again
    await new Promise((r) => {
      child.once('exit', r);
      child.kill('SIGTERM');
    });
    child = await spawnSpunta(dataDir, port);
    token = await login();
    await fetch(`${base}/sandbox/customer/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'text', from: '393471110002', name: 'Marco', text: 'Ciao' }),
    });
    await ps.waitFor(() => ps!.for(device.id).some((p) => (p.payload.title as string).includes('Marco')), 30_000);

    const forStop = ps.for(device.id).filter((p) => p.payload.conversationId === conv.id);
    expect(forStop).toHaveLength(1);
    expect(forStop[0]!.payload).toMatchObject({ title: '🆕 Giulia', body: 'STOP' });
    const consents = (await call(token, 'GET', `/api/v1/contacts/${conv.contact}/consents`)).body.items as Array<{
      kind: string;
    }>;
    expect(consents.map((c) => c.kind)).toEqual(['opt_out']);
    expect(await phone()).toHaveLength(1);
    const msgs = (await call(token, 'GET', `/api/v1/conversations/${conv.id}/messages`)).body.items as Array<{
      direction: string;
      purpose: string;
    }>;
    expect(msgs.filter((m) => m.direction === 'out').map((m) => m.purpose)).toEqual(['consent']);
    process.stderr.write(
      `events kill test: pushes for the STOP chat = ${forStop.length}, opt-outs = ${consents.length}, confirmations = ${(await phone()).length}\n`,
    );

    await new Promise((r) => {
      child.once('exit', r);
      child.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);
});
