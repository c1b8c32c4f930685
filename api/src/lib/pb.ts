/**
 * PocketBase clients. The server uses one superuser client for writes; reads made on behalf of a user
 * use that user's own token, so the collection API rules apply to /api exactly as they do to /pb.
 */
import PocketBase, { ClientResponseError } from 'pocketbase';

export type { PocketBase };
export { ClientResponseError };

export async function createSuperuserClient(url: string, email: string, password: string): Promise<PocketBase> {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  // autoRefreshThreshold re-authenticates transparently before the superuser token expires.
  await pb.collection('_superusers').authWithPassword(email, password, { autoRefreshThreshold: 30 * 60 });
  return pb;
}

export function createUserClient(url: string, token: string): PocketBase {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  pb.authStore.save(token, null);
  return pb;
}

/** True when PocketBase refused a write because a unique index already holds the value. */
/** A unique index refused a write: PocketBase's validation error, or the bulk-write route's 409. */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof ClientResponseError && err.status === 409)
    return (err.response?.data as { code?: string } | undefined)?.code === 'unique_violation';
  if (!(err instanceof ClientResponseError) || err.status !== 400) return false;
  const data = err.response?.data as Record<string, { code?: string }> | undefined;
  if (!data) return false;
  return Object.values(data).some((v) => v?.code === 'validation_not_unique');
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ClientResponseError && err.status === 404;
}

/** Enables the batch API and turns off request logging (the inbox does its own) — called at every start. */
export async function applyServerSettings(pb: PocketBase, appUrl: string): Promise<void> {
  await pb.settings.update({
    meta: { appName: 'Spunta', appURL: appUrl, hideControls: true },
    batch: { enabled: true, maxRequests: 2000, timeout: 30, maxBodySize: 64 * 1024 * 1024 },
    logs: { maxDays: 0 },
    trustedProxy: { headers: ['X-Forwarded-For'], useLeftmostIP: true },
    rateLimits: { enabled: false },
  });
}
