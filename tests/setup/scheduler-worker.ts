/**
 * A scheduler worker in its own process, for the lease-expiry kill test: it claims rows of `victim.work`,
 * prints "claimed <dedupe key>" for each and then hangs, until the test kills it with SIGKILL.
 * Env: PB_URL, PB_EMAIL, PB_PASSWORD, LEASE_MS, KIND (default victim.work), OWNER (default "victim"; "default":
 * the scheduler's own host/pid/random name, as a server's worker has).
 */
import { createLogger } from '../../api/src/lib/logger.ts';
import { createSuperuserClient } from '../../api/src/lib/pb.ts';
import { Scheduler } from '../../api/src/engine/scheduler/scheduler.ts';

const pb = await createSuperuserClient(process.env.PB_URL!, process.env.PB_EMAIL!, process.env.PB_PASSWORD!);
const owner = process.env.OWNER ?? 'victim';
const scheduler = new Scheduler({
  pb,
  log: createLogger('silent'),
  ...(owner === 'default' ? {} : { owner }),
  pollMs: 50,
});
scheduler.register(process.env.KIND ?? 'victim.work', {
  leaseMs: Number(process.env.LEASE_MS ?? 60_000),
  concurrency: 10,
  handler: (item) => {
    process.stdout.write(`claimed ${item.dedupeKey}\n`);
    return new Promise<void>(() => undefined); // never finishes: the process dies holding the lease
  },
});
scheduler.start();
process.stdout.write('ready\n');
