/**
 * Clean-ups that used to be timers in the API process, as recurring scheduler rows: one row per purge,
 * so with several workers each runs once per period, and a period missed while stopped runs at start.
 */
import type { Scheduler } from '../../engine/scheduler/scheduler.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { pbDate } from '../../lib/records.ts';
import { IdempotencyStore } from '../messages/idempotency.ts';
import { purgePendingStatuses } from '../inbox/pending-purge.ts';
import type { EventLog } from '../../engine/events/event-log.ts';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
/** finished rows are kept a week (dedupe keys such as "ooh:<chat>:<window>" must outlive their window) */
export const WORK_DONE_RETENTION_MS = 7 * DAY;
/** dead rows a month, to be looked at */
export const WORK_DEAD_RETENTION_MS = 30 * DAY;
/** domain events every consumer has handled are kept a week (to look at, or to replay into a new consumer) */
export const EVENTS_RETENTION_MS = 7 * DAY;

/** Notices only matter while the recipient's app is open; a day is plenty. */
export async function purgeNotices(pb: PocketBase, now: number): Promise<number> {
  const old = await pb
    .collection('user_notices')
    .getFullList<{ id: string }>({ filter: pb.filter('created < {:t}', { t: pbDate(now - DAY) }), fields: 'id' });
  for (const n of old) await pb.collection('user_notices').delete(n.id);
  return old.length;
}

/** `extra`: purges owned by other modules (e.g. expired token revocations), run hourly like the rest. */
export async function schedulePurges(
  scheduler: Scheduler,
  pb: PocketBase,
  events: EventLog,
  extra: Record<string, (now: number) => Promise<unknown>> = {},
): Promise<void> {
  const purge = (kind: string, run: (now: number) => Promise<unknown>) =>
    scheduler.register(kind, {
      concurrency: 1,
      maxAttempts: 3,
      leaseMs: 10 * 60_000,
      handler: async (_item, ctx) => void (await run(ctx.now())),
    });
  purge('purge.idempotency_keys', (now) => new IdempotencyStore(pb).purgeExpired(now));
  purge('purge.user_notices', (now) => purgeNotices(pb, now));
  purge('purge.pending_statuses', (now) => purgePendingStatuses(pb, now));
  purge('purge.work_items', async (now) => {
    while ((await scheduler.store.purge(now - WORK_DONE_RETENTION_MS, now - WORK_DEAD_RETENTION_MS)) > 0) {
      /* in slices of 5,000, so other writers get their turn */
    }
  });
  await scheduler.recurring('purge.idempotency_keys', { everyMs: HOUR }, { principal: 'system:housekeeping' });
  await scheduler.recurring('purge.user_notices', { everyMs: HOUR }, { principal: 'system:housekeeping' });
  await scheduler.recurring('purge.pending_statuses', { everyMs: HOUR }, { principal: 'system:housekeeping' });
  await scheduler.recurring('purge.work_items', { everyMs: 6 * HOUR }, { principal: 'system:housekeeping' });
  // never an event a consumer has not handled yet (the purge route compares with every checkpoint)
  purge('purge.domain_events', (now) => events.purge(now - EVENTS_RETENTION_MS));
  await scheduler.recurring('purge.domain_events', { everyMs: 6 * HOUR }, { principal: 'system:housekeeping' });
  for (const [kind, run] of Object.entries(extra)) {
    purge(kind, run);
    await scheduler.recurring(kind, { everyMs: HOUR }, { principal: 'system:housekeeping' });
  }
}
