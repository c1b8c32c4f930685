/**
 * `npm run backup` — a consistent backup of DATA_DIR (asks the running Spunta, or starts PocketBase
 * alone when Spunta is stopped). `npm run restore -- <file>` — puts a backup back, with Spunta stopped;
 * what was there before is moved aside to DATA_DIR/restore-previous-<time>/, never deleted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './lib/logger.ts';
import { createSuperuserClient } from './lib/pb.ts';
import { PocketBaseProcess } from './lib/pocketbase-process.ts';
import { BackupService, PB_ARCHIVE } from './modules/backups/backup.service.ts';
import { extractArchive, unzipInto } from './modules/backups/backup-restore.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The running Spunta on this DATA_DIR, if any (it leaves its address and a control key there). */
function runningSpunta(dataDir: string): { url: string; key: string; pid: number } | undefined {
  const file = join(dataDir, '.control.json');
  if (!existsSync(file)) return undefined;
  const c = JSON.parse(readFileSync(file, 'utf8')) as { url: string; key: string; pid: number };
  return alive(c.pid) ? c : undefined;
}

function pocketBaseRunning(dataDir: string): boolean {
  const file = join(dataDir, 'pocketbase.pid');
  if (!existsSync(file)) return false;
  const pid = Number(readFileSync(file, 'utf8'));
  return !!pid && alive(pid);
}

async function backup(): Promise<void> {
  const config = loadConfig(process.env);
  const live = runningSpunta(config.dataDir);
  if (live) {
    const r = await fetch(`${live.url}/api/internal/backup`, {
      method: 'POST',
      headers: { 'x-spunta-control-key': live.key },
    });
    if (!r.ok) throw new Error(`the running Spunta refused the backup: ${r.status} ${await r.text()}`);
    const b = (await r.json()) as { name: string; size: number };
    process.stdout.write(`${join(config.backup.dir, b.name)} (${b.size} bytes)\n`);
    return;
  }
  if (pocketBaseRunning(config.dataDir))
    throw new Error('a PocketBase is running on this DATA_DIR without Spunta: stop it first');
  const log = createLogger('warn');
  const pbProcess = new PocketBaseProcess({ dataDir: config.dataDir, log });
  await pbProcess.start();
  try {
    const pb = await createSuperuserClient(pbProcess.url, pbProcess.superuserEmail, pbProcess.superuserPassword);
    const b = await new BackupService({
      pb,
      dataDir: config.dataDir,
      pbDir: pbProcess.pbDir,
      dir: config.backup.dir,
      keep: config.backup.keep,
      log,
    }).create();
    process.stdout.write(`${join(config.backup.dir, b.name)} (${b.size} bytes)\n`);
  } finally {
    await pbProcess.stop();
  }
}

async function restore(file: string | undefined): Promise<void> {
  if (!file) throw new Error('usage: npm run restore -- <backup file .tar.gz>');
  const archive = resolve(file);
  if (!existsSync(archive)) throw new Error(`no such file: ${archive}`);
  const config = loadConfig(process.env);
  const { dataDir } = config;
  if (runningSpunta(dataDir) || pocketBaseRunning(dataDir))
    throw new Error('Spunta is running on this DATA_DIR: stop it, then restore');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const work = join(dataDir, `.restore-${stamp}`);
  rmSync(work, { recursive: true, force: true });
  await extractArchive(archive, work);
  if (!existsSync(join(work, PB_ARCHIVE))) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`${archive} is not a Spunta backup (no ${PB_ARCHIVE} inside)`);
  }
  // Everything there now is kept, moved aside (the backups folder stays where it is).
  const aside = join(dataDir, `restore-previous-${stamp}`);
  mkdirSync(aside);
  const keepInPlace = new Set([
    `.restore-${stamp}`,
    `restore-previous-${stamp}`,
    resolve(config.backup.dir).startsWith(dataDir)
      ? resolve(config.backup.dir)
          .slice(dataDir.length + 1)
          .split(/[\\/]/)[0]
      : '',
  ]);
  for (const entry of readdirSync(dataDir))
    if (!keepInPlace.has(entry) && !entry.startsWith('restore-previous-'))
      renameSync(join(dataDir, entry), join(aside, entry));
  for (const entry of readdirSync(work)) if (entry !== PB_ARCHIVE) renameSync(join(work, entry), join(dataDir, entry));
  await unzipInto(join(work, PB_ARCHIVE), join(dataDir, 'pb_data'));
  rmSync(work, { recursive: true, force: true });
  process.stdout.write(
    `Restored ${archive} into ${dataDir}.\nWhat was there before is in ${aside} (delete it once the restored data looks right).\nStart Spunta as usual.\n`,
  );
}

try {
  const [cmd, arg] = process.argv.slice(2);
  if (cmd === 'backup') await backup();
  else if (cmd === 'restore') await restore(arg);
  else throw new Error('usage: backup-cli.ts backup | restore <file>');
  process.exit(0);
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? '' : 'Backup: '}${(err as Error).message}\n`);
  process.exit(1);
}
