/**
 * The daily backup (BACKUP_EVERY_HOURS, 0 = off; BACKUP_KEEP newest kept). A plain timer for now: when
 * the durable scheduler lands this becomes one of its recurring rows, with nothing else to change.
 */
import type { Logger } from '../../lib/logger.ts';
import type { BackupService } from './backup.service.ts';

export function scheduleBackups(backups: BackupService, everyHours: number, log: Logger): { stop(): void } {
  if (everyHours <= 0) return { stop: () => undefined };
  const periodMs = everyHours * 3600_000;
  // Due a period after the newest existing backup (restarts do not pile them up), or a period after start.
  const newest = backups.list()[0];
  const since = newest ? Math.max(0, Date.now() - Date.parse(newest.created)) : 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = () => {
    backups.create().catch((err: unknown) => log.error('scheduled backup failed', { err: String(err) })).finally(() => {
      if (stopped) return;
      timer = setTimeout(run, periodMs);
      timer.unref();
    });
  };
  // not in the first minute after start: start-up has enough to do
  timer = setTimeout(run, Math.max(Math.min(60_000, periodMs), periodMs - since));
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
