/**
 * Starts Spunta as a separate process with a fresh DATA_DIR for a benchmark, and logs in. It runs the
 * server bundle `npm start` runs (dist/server/index.mjs; the bench scripts build it first). Extra Node
 * flags for the server (e.g. --cpu-prof) go in BENCH_NODE_ARGS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../api/src/lib/pocketbase-process.ts';

export interface BenchTarget {
  url: string;
  secret: string;
  token: string;
  pnid: string;
  pid?: number;
  stop(): Promise<void>;
}

/**
 * The server's Node flags: the heap limit `npm start` gives it (SPUNTA_HEAP_MB, default 512) unless
 * BENCH_NODE_ARGS sets its own, then BENCH_NODE_ARGS — so a bench measures what `npm start` runs.
 */
export function serverNodeArgs(): string[] {
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const heap = extra.some((a) => a.startsWith('--max-old-space-size'))
    ? []
    : [`--max-old-space-size=${process.env.SPUNTA_HEAP_MB || 512}`];
  return [...heap, ...extra];
}

export async function spawnSpunta(
  env: Record<string, string> = {},
  /** an existing DATA_DIR (kept on stop), e.g. a history the bench wrote while Spunta was stopped */
  opts: { dataDir?: string } = {},
): Promise<BenchTarget> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'spunta-bench-'));
  const port = await freePort();
  const email = 'bench@spunta.local';
  const password = 'bench-password-1';
  const child: ChildProcess = spawn(process.execPath, [...serverNodeArgs(), 'dist/server/index.mjs'], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: email,
      ADMIN_PASSWORD: password,
      SEED: 'false',
      LOG_LEVEL: process.env.BENCH_LOG ?? 'error',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* still starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const secret = JSON.parse(readFileSync(join(dataDir, 'sandbox-secrets.json'), 'utf8')).appSecret as string;
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { token } = (await login.json()) as { token: string };
  return {
    url,
    secret,
    token,
    pnid: '106540352242922',
    ...(child.pid ? { pid: child.pid } : {}),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const percentile = (xs: number[], p: number): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
