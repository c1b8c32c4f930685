/**
 * Backups: an admin takes one from the API (Settings) or `npm run backup`; `npm run restore -- <file>`
 * with Spunta stopped brings back chats, contacts, settings and the keys in DATA_DIR; retention and the
 * scheduled backup.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  api,
  createUser,
  login,
  startTestServer,
  tempDataDir,
  until,
  type TestServer,
} from '../setup/harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = tempDataDir();
let s: TestServer | undefined;

afterAll(async () => {
  await s?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm run backup` / `npm run restore -- <file>` as an operator of the machine would run them. */
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/backup-cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((r) => child.on('exit', (code) => r({ code, out, err })));
}

const start = () => startTestServer({ dataDir, env: { BACKUP_KEEP: '3' } });
const chatWith = async (srv: TestServer, phone: string, name: string) => {
  await srv.sandbox!.customerSend({ type: 'text', from: phone, name, text: `Buongiorno da ${name}` });
  return until(
    async () =>
      (
        await srv.ctx.pb
          .collection('conversations')
          .getList(1, 1, { filter: srv.ctx.pb.filter('contact_phone = {:p}', { p: `+${phone}` }) })
      ).items[0],
  );
};

describe('backup and restore', () => {
  it('restores chats, contacts, settings and keys exactly as they were at the backup', async () => {
    s = await start();
    const admin = await login(s);
    await chatWith(s, '393471000001', 'Prima Del Backup');
    const contact = await api(s, admin, 'POST', '/api/v1/contacts', {
      phone: '+393471000002',
      name: 'Contatto Salvato',
    });
    expect(contact.status).toBe(201);
    const keywords = (await api(s, admin, 'GET', '/api/v1/settings/consent-keywords')).body;
    keywords.default_language = keywords.default_language === 'it' ? 'en' : 'it';
    expect((await api(s, admin, 'PUT', '/api/v1/settings/consent-keywords', keywords)).status).toBe(200);
    const vapid = readFileSync(join(dataDir, 'vapid.json'), 'utf8');

    // only admins
    const manager = await createUser(s, 'manager');
    expect((await api(s, manager.token, 'POST', '/api/v1/backups')).status).toBe(403);
    expect((await api(s, manager.token, 'GET', '/api/v1/backups')).status).toBe(403);

    const made = await api(s, admin, 'POST', '/api/v1/backups');
    expect(made.status).toBe(201);
    expect(made.body.name).toMatch(/^spunta-\d{8}-\d{6}(-\d+)?\.tar\.gz$/);
    const listed = await api(s, admin, 'GET', '/api/v1/backups');
    expect(listed.body.items.map((b: { name: string }) => b.name)).toContain(made.body.name);
    const file = join(dataDir, 'backups', made.body.name);
    const download = await fetch(`${s.url}/api/v1/backups/${made.body.name}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(readFileSync(file))).toBe(true);
    expect(
      (await fetch(`${s.url}/api/v1/backups/..%2Fvapid.json`, { headers: { authorization: `Bearer ${admin}` } }))
        .status,
    ).toBe(404);

    // life goes on after the backup …
    await chatWith(s, '393471000003', 'Dopo Il Backup');
    expect((await api(s, admin, 'DELETE', `/api/v1/contacts/${contact.body.id}`)).status).toBeLessThan(300);
    keywords.default_language = keywords.default_language === 'it' ? 'en' : 'it';
    await api(s, admin, 'PUT', '/api/v1/settings/consent-keywords', keywords);

    // … a restore is refused while Spunta runs …
    const refused = await cli(['restore', file]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('stop it');

    // … and with Spunta stopped brings the backup's state back
    await s.stop();
    s = undefined;
    const restored = await cli(['restore', file]);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(readdirSync(dataDir).some((f) => f.startsWith('restore-previous-'))).toBe(true);

    s = await start();
    const admin2 = await login(s, ADMIN.email, ADMIN.password);
    const convs = await api(s, admin2, 'GET', '/api/v1/conversations');
    const names = JSON.stringify(convs.body);
    expect(names).toContain('Prima Del Backup');
    expect(names).not.toContain('Dopo Il Backup');
    const c = await api(s, admin2, 'GET', `/api/v1/contacts/${contact.body.id}`);
    expect(c.status).toBe(200);
    expect(c.body.name ?? c.body.contact?.name).toBe('Contatto Salvato');
    expect(c.body.deleted_at ?? c.body.contact?.deleted_at ?? '').toBe('');
    const kw = (await api(s, admin2, 'GET', '/api/v1/settings/consent-keywords')).body;
    expect(kw.default_language).not.toBe(keywords.default_language);
    expect(readFileSync(join(dataDir, 'vapid.json'), 'utf8')).toBe(vapid);
    expect(existsSync(join(dataDir, 'journal'))).toBe(true);
  }, 120_000);

  it('`npm run backup` asks the running Spunta; the newest BACKUP_KEEP are kept', async () => {
    s ??= await start();
    const before = readdirSync(join(dataDir, 'backups')).filter((f) => f.endsWith('.tar.gz'));
    for (let i = 0; i < 3; i++) {
      const r = await cli(['backup']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const path = r.out.trim().split(' ')[0]!;
      expect(statSync(path).size).toBeGreaterThan(1000);
    }
    const after = readdirSync(join(dataDir, 'backups')).filter((f) => f.endsWith('.tar.gz'));
    expect(after).toHaveLength(3);
    expect(before.length).toBeGreaterThan(0);
  }, 120_000);

  it('`npm run backup` works with Spunta stopped too', async () => {
    await s?.stop();
    s = undefined;
    const r = await cli(['backup']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(r.out.trim().split(' ')[0]!)).toBe(true);
    expect(existsSync(join(dataDir, 'pocketbase.pid'))).toBe(false);
  }, 120_000);

  it('a daily backup runs by itself (the period is configurable)', async () => {
    const dir = tempDataDir();
    const srv = await startTestServer({ dataDir: dir, env: { BACKUP_EVERY_HOURS: '0.0005' } }); // 1.8 s
    try {
      await until(
        async () =>
          existsSync(join(dir, 'backups')) && readdirSync(join(dir, 'backups')).some((f) => f.endsWith('.tar.gz')),
        30_000,
        200,
      );
    } finally {
      await srv.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
