/**
 * The periodic backup (BACKUP_EVERY_HOURS, 0 = off; BACKUP_KEEP newest kept): one recurring scheduler
 * row, so a restart neither piles backups up nor skips one (a period missed while stopped runs once).
 */
import type { Scheduler } from '../../engine/scheduler/scheduler.ts';
import type { BackupService } from './backup.service.ts';

const KIND = 'backup.scheduled';

export async function scheduleBackups(scheduler: Scheduler, backups: BackupService, everyHours: number): Promise<void> {
  scheduler.register(KIND, {
    concurrency: 1,
    maxAttempts: 3,
    leaseMs: 60 * 60_000,
    handler: async () => void (await backups.create()),
  });
  if (everyHours <= 0) {
    // switched off since the last start: the row left from then must not run
    await scheduler.cancel([`recurring:${KIND}`]);
    return;
  }
  await scheduler.recurring(KIND, { everyMs: Math.round(everyHours * 3600_000) }, { principal: 'system:backups' });
}
