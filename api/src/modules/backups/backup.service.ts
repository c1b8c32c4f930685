/**
 * Backups: one .tar.gz holding everything in DATA_DIR — PocketBase's own consistent backup of pb_data
 * (its backup API: database and stored files), the webhook journal, VAPID keys, generated secrets,
 * sandbox state, sent-media copies. Restoring is `npm run restore -- <file>` with Spunta stopped
 * (backup-restore.ts). Consistency: the journal (checkpoint first) is copied *before* PocketBase is
 * snapshotted, so the restored checkpoint never claims more than the restored store holds; events
 * between the two are applied again on start, which is harmless (applying is idempotent).
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { create as createTar } from 'tar';
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';

export interface BackupInfo {
  name: string;
  size: number;
  created: string;
}

/** Files in DATA_DIR that are not state: the live PocketBase pid, write probes, control handshake. */
const SKIP = new Set(['pb_data', 'pocketbase.pid', '.control.json']);
export const BACKUP_NAME = /^spunta-\d{8}-\d{6}(-\d+)?\.tar\.gz$/;
/** PocketBase's part of the archive: its own backup zip of pb_data. */
export const PB_ARCHIVE = 'pb_data.zip';

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

export class BackupService {
  private running: Promise<BackupInfo> | undefined;

  constructor(
    private readonly deps: { pb: PocketBase; dataDir: string; pbDir: string; dir: string; keep: number; log: Logger },
  ) {}

  get dir(): string {
    return this.deps.dir;
  }

  /** One backup at a time: a second request while one runs gets the same result. */
  create(): Promise<BackupInfo> {
    this.running ??= this.createNow().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  list(): BackupInfo[] {
    if (!existsSync(this.deps.dir)) return [];
    return readdirSync(this.deps.dir)
      .filter((f) => BACKUP_NAME.test(f))
      .map((name) => {
        const st = statSync(join(this.deps.dir, name));
        return { name, size: st.size, created: st.mtime.toISOString() };
      })
      .sort((a, b) => b.name.localeCompare(a.name));
  }

  /** The file of a listed backup (names are checked: no path ever comes from the request). */
  file(name: string): string | undefined {
    if (!BACKUP_NAME.test(name)) return undefined;
    const path = join(this.deps.dir, name);
    return existsSync(path) ? path : undefined;
  }

  private async createNow(): Promise<BackupInfo> {
    const { dataDir, dir, log } = this.deps;
    mkdirSync(dir, { recursive: true });
    let name = `spunta-${stamp(new Date())}.tar.gz`;
    for (let i = 1; existsSync(join(dir, name)); i++) name = `spunta-${stamp(new Date())}-${i}.tar.gz`;
    const staging = join(dir, `.staging-${process.pid}-${Date.now()}`);
    mkdirSync(staging);
    const pbKey = `spunta_${Date.now()}.zip`;
    try {
      // 1. everything outside pb_data; the journal's checkpoint before its segments
      const inside = relative(dataDir, dir);
      const backupsInsideData = !inside.startsWith('..') && inside !== '' ? inside.split(/[\\/]/)[0] : undefined;
      for (const entry of readdirSync(dataDir)) {
        if (
          SKIP.has(entry) ||
          entry === backupsInsideData ||
          entry.startsWith('.write-test') ||
          entry.startsWith('.restore-') ||
          entry.startsWith('restore-previous-')
        )
          continue;
        const from = join(dataDir, entry);
        if (entry === 'journal' && statSync(from).isDirectory()) copyJournal(from, join(staging, entry));
        else cpSync(from, join(staging, entry), { recursive: true });
      }
      // 2. PocketBase's consistent snapshot (it pauses writes while it zips pb_data)
      await this.deps.pb.backups.create(pbKey);
      const made = join(this.deps.pbDir, 'backups', pbKey);
      moveFile(made, join(staging, PB_ARCHIVE));
      // 3. one archive, written under a temporary name and renamed once complete
      const partial = join(dir, `${name}.partial`);
      await createTar({ gzip: true, file: partial, cwd: staging, portable: true }, readdirSync(staging));
      const fh = await open(partial, 'r');
      await fh.sync();
      await fh.close();
      renameSync(partial, join(dir, name));
      log.info('backup written', { file: join(dir, name) });
      this.prune();
      const st = statSync(join(dir, name));
      return { name, size: st.size, created: st.mtime.toISOString() };
    } finally {
      rmSync(staging, { recursive: true, force: true });
      rmSync(join(this.deps.pbDir, 'backups', pbKey), { force: true });
    }
  }

  /** Keeps the newest `keep` backups. */
  prune(): void {
    for (const old of this.list().slice(this.deps.keep)) rmSync(join(this.deps.dir, old.name), { force: true });
  }
}

function copyJournal(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  const files = readdirSync(from).sort(
    (a, b) => Number(!a.startsWith('checkpoint')) - Number(!b.startsWith('checkpoint')),
  );
  for (const f of files) cpSync(join(from, f), join(to, f), { recursive: true });
}

function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    copyFileSync(from, to); // another file system
    rmSync(from, { force: true });
  }
}
