/**
 * pending_statuses holds statuses that overtook our own send response. A status for a wamid we never
 * sent (another app on the number, a send lost before its wamid was recorded) would otherwise stay
 * forever: rows older than Meta's own retry horizon (7 days) can no longer meet their message and are
 * removed, in bounded batches, every hour (a recurring scheduler row, see housekeeping/purges.ts).
 */
import type { PocketBase } from '../../lib/pb.ts';
import { pbDate } from '../../lib/records.ts';

export const PENDING_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export async function purgePendingStatuses(
  pb: PocketBase,
  now = Date.now(),
  maxAgeMs = PENDING_MAX_AGE_MS,
): Promise<number> {
  const filter = pb.filter('created < {:cut}', { cut: pbDate(now - maxAgeMs) });
  let removed = 0;
  for (let round = 0; round < 50; round++) {
    const page = await pb
      .collection('pending_statuses')
      .getList<{ id: string }>(1, 200, { filter, fields: 'id', skipTotal: true });
    if (!page.items.length) break;
    const batch = pb.createBatch();
    for (const r of page.items) batch.collection('pending_statuses').delete(r.id);
    await batch.send();
    removed += page.items.length;
  }
  return removed;
}
