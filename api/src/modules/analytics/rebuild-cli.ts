/**
 * `npm run analytics:rebuild` — recomputes every rollup from the messages and the chats' lifecycle history.
 * Run with Spunta stopped: it starts PocketBase alone on DATA_DIR (like `npm run backup` does), so nothing
 * is written meanwhile and the result is exact; Spunta's consumer goes on from there at the next start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../engine/scheduler/clock.ts';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../lib/logger.ts';
import { createSuperuserClient } from '../../lib/pb.ts';
import { PocketBaseProcess } from '../../lib/pocketbase-process.ts';
import { BusinessHoursService } from '../calendar/business-hours.service.ts';
import { BusinessCalendars } from './business-calendars.ts';
import { rebuildAnalytics } from './rebuild.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const pidIn = (file: string, read: (text: string) => number) =>
  existsSync(file) ? read(readFileSync(file, 'utf8')) : 0;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const spunta = pidIn(join(config.dataDir, '.control.json'), (t) => Number(JSON.parse(t).pid));
  const pbPid = pidIn(join(config.dataDir, 'pocketbase.pid'), Number);
  if ((spunta && alive(spunta)) || (pbPid && alive(pbPid)))
    throw new Error('Spunta is running on this DATA_DIR: stop it, then rebuild the analytics');
  const log = createLogger('info');
  const pbProcess = new PocketBaseProcess({ dataDir: config.dataDir, log });
  await pbProcess.start();
  try {
    const pb = await createSuperuserClient(pbProcess.url, pbProcess.superuserEmail, pbProcess.superuserPassword);
    const hours = new BusinessHoursService({ pb, clock: systemClock, defaultTimezone: config.defaultTimezone });
    const r = await rebuildAnalytics({ pb, calendars: new BusinessCalendars(hours), log });
    process.stdout.write(
      `analytics rebuilt: ${r.conversations} conversations, ${r.messages} messages in ${(r.ms / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await pbProcess.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
