/**
 * The smaller holes: viewer presence, quick replies of others, the sandbox open to the network,
 * DATA_DIR mistakes at start, SIGTERM during start-up.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../api/src/lib/pocketbase-process.ts';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer();
  admin = await login(s);
});
afterAll(async () => {
  await s?.stop();
});

describe('presence', () => {
  it('a viewer may be seen viewing a chat but can never be "typing"', async () => {
    await s.sandbox!.customerSend({ type: 'text', from: '393401112233', name: 'Presence Test', text: 'Ciao' });
    const conv = await until(
      async () =>
        (await s.ctx.pb.collection('conversations').getList(1, 1, { filter: "contact_phone = '+393401112233'" }))
          .items[0],
    );
    const viewer = await createUser(s, 'viewer');
    const typing = await api(s, viewer.token, 'POST', `/api/v1/conversations/${conv.id}/presence`, { state: 'typing' });
    expect(typing.status).toBe(403);
    expect(typing.body.error.code).toBe('forbidden');
    expect(
      (await api(s, viewer.token, 'POST', `/api/v1/conversations/${conv.id}/presence`, { state: 'viewing' })).status,
    ).toBe(204);
    const op = await createUser(s, 'operator', { see_unassigned: true });
    expect(
      (await api(s, op.token, 'POST', `/api/v1/conversations/${conv.id}/presence`, { state: 'typing' })).status,
    ).toBe(204);
  });
});

describe('quick replies', () => {
  const pbReq = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${s.url}/pb/api/collections/quick_replies/records${path}`, {
      method,
      headers: { authorization: token, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('only the author, an admin or a manager may change or delete one, and nobody can re-attribute it', async () => {
    const author = await createUser(s, 'operator');
    const other = await createUser(s, 'operator');
    const manager = await createUser(s, 'manager');
    const created = await pbReq(author.token, 'POST', '', {
      shortcut: `qr${Date.now()}`,
      body: 'Grazie!',
      created_by: author.id,
    });
    expect(created.status).toBe(200);
    const qr = (await created.json()) as { id: string };

    expect((await pbReq(other.token, 'PATCH', `/${qr.id}`, { body: 'hijacked' })).ok).toBe(false);
    expect((await pbReq(other.token, 'DELETE', `/${qr.id}`)).ok).toBe(false);
    expect((await pbReq(author.token, 'PATCH', `/${qr.id}`, { created_by: other.id })).ok).toBe(false);
    expect((await pbReq(manager.token, 'PATCH', `/${qr.id}`, { created_by: manager.id })).ok).toBe(false);
    const stored = await s.ctx.pb.collection('quick_replies').getOne(qr.id);
    expect(stored).toMatchObject({ body: 'Grazie!', created_by: author.id });

    expect((await pbReq(author.token, 'PATCH', `/${qr.id}`, { body: 'Grazie mille!' })).status).toBe(200);
    expect((await pbReq(manager.token, 'PATCH', `/${qr.id}`, { body: 'Grazie, a presto!' })).status).toBe(200);
    expect((await pbReq(admin, 'DELETE', `/${qr.id}`)).status).toBe(204);
  });
});

describe('the sandbox', () => {
  it('answers customer and control requests from this machine, or with the key, and refuses the rest', async () => {
    const key = readFileSync(join(s.dataDir, 'sandbox-key'), 'utf8').trim();
    const proxied = { 'x-forwarded-for': '198.51.100.20' }; // what a reverse proxy adds for a remote visitor
    for (const path of ['/sandbox/customers', '/sandbox/control/faults', '/sandbox/customer/config']) {
      expect((await fetch(`${s.url}${path}`)).status, path).toBe(200);
      const remote = await fetch(`${s.url}${path}`, { headers: proxied });
      expect(remote.status, path).toBe(403);
      expect((await remote.json()).error.code).toBe('sandbox_forbidden');
      expect((await fetch(`${s.url}${path}`, { headers: { ...proxied, 'x-sandbox-key': key } })).status, path).toBe(
        200,
      );
    }
    const send = await fetch(`${s.url}/sandbox/customer/messages`, {
      method: 'POST',
      headers: { ...proxied, 'content-type': 'application/json' },
      body: JSON.stringify({ from: '393409998877', type: 'text', text: 'spoofed' }),
    });
    expect(send.status).toBe(403);
    // the phone page opened with ?key= keeps the key in a cookie for its own requests
    const page = await fetch(`${s.url}/sandbox/?key=${key}`, { headers: proxied });
    expect(page.status).toBe(200);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toContain(key);
    expect((await fetch(`${s.url}/sandbox/customers`, { headers: { ...proxied, cookie } })).status).toBe(200);
    expect(
      (await fetch(`${s.url}/sandbox/customers`, { headers: { ...proxied, 'x-sandbox-key': 'wrong' } })).status,
    ).toBe(403);
  });
});

/** Runs `npm start`'s entry point directly (TypeScript through tsx) and collects what it prints. */
function runSpunta(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      SEED: 'false',
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD: 'a-long-password-1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exited, stderr: () => stderr };
}

describe('start-up', () => {
  it('a DATA_DIR that cannot be created or written stops start-up with one clear sentence, no stack', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'spunta-datadir-'));
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    try {
      for (const dataDir of [join(file, 'data'), '/sys/spunta-not-writable']) {
        const run = runSpunta({ DATA_DIR: dataDir });
        expect(await run.exited).toBe(2);
        const out = run.stderr().trim();
        expect(out).toMatch(
          new RegExp(
            `^DATA_DIR ${dataDir.replace(/[/.-]/g, '\\$&')} (is not writable|is not a directory|cannot be created or written) \\(E[A-Z]+\\): `,
          ),
        );
        expect(out.split('\n')).toHaveLength(1);
        expect(out).not.toMatch(/\bat .*\.ts:\d+/);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('SIGTERM during start-up leaves no PocketBase behind', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spunta-sigterm-'));
    const pbPort = await freePort();
    try {
      // seeding the demo keeps Spunta in start-up for a while after PocketBase is up
      const run = runSpunta({ DATA_DIR: dataDir, PB_PORT: String(pbPort), SEED: 'true' });
      const pid = await until(
        async () =>
          existsSync(join(dataDir, 'pocketbase.pid')) && Number(readFileSync(join(dataDir, 'pocketbase.pid'), 'utf8')),
        60_000,
      );
      await until(async () => (await fetch(`http://127.0.0.1:${pbPort}/api/health`)).ok, 60_000, 50);
      run.child.kill('SIGTERM');
      await run.exited;
      await until(
        async () => !existsSync(`/proc/${pid}`) || readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] === 'Z',
        15_000,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
