/**
 * Catching up after realtime may have been deaf (a subscription not yet active, a reconnect, a phone
 * that froze the page in the background): the client asks the server for what changed since its last
 * read, by the server's clock (`synced_at` in list answers), never the device's.
 */

/** Ask from a little before the last read: a save stamped before it but committed after is not missed. */
export const RESYNC_OVERLAP_MS = 30_000;

/** `updated_since` for a resync after a read at `syncedAt` (server time, PocketBase or ISO format). */
export function sinceFrom(syncedAt: string): string {
  const ms = Date.parse(syncedAt.replace(' ', 'T'));
  return Number.isFinite(ms) ? new Date(ms - RESYNC_OVERLAP_MS).toISOString().replace('T', ' ') : syncedAt;
}
