/**
 * $session: who is signed in. The token is refreshed before it expires and after a 401; when that
 * fails the session ends with $sessionExpired set, so the sign-in screen can say why and bring the
 * user back to where they were (drafts live in their own store and survive).
 */
import { atom } from 'nanostores';
import { api, ApiError, configureAuth } from '../lib/api.ts';
import { tokenExpiry } from '../lib/jwt.ts';
import { clearFileToken, renewFileToken } from '../lib/file-token.ts';
import { pb } from '../lib/pb.ts';
import { readJson, writeJson } from '../lib/storage.ts';
import { clearOfflineData, saveSession } from '../../../sw/offline-db.ts';
import { currentPushEndpoint, unsubscribeDevice } from '../features/pwa/push.ts';
import type { User } from '../lib/types.ts';
import { userMay, type Action, type Resource } from '../../../api/src/engine/policy/permissions.ts';

export interface Session {
  token: string;
  user: User;
}

const KEY = 'session';
/** refresh when less than this is left (tokens last 7 days) */
const REFRESH_AHEAD_MS = 24 * 3600_000;

export const $session = atom<Session | null>(null);
export const $sessionExpired = atom(false);

let timer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | undefined;

function apply(s: Session | null): void {
  // the SDK first: $session subscribers start /pb requests (team, realtime) synchronously
  const userChanged = (s?.user.id ?? '') !== ($session.get()?.user.id ?? '');
  if (s) pb.authStore.save(s.token, { ...s.user, collectionName: 'users' } as never);
  else pb.authStore.clear();
  if (userChanged) clearFileToken();
  if (s) void renewFileToken();
  $session.set(s);
  writeJson(KEY, s);
  // the service worker sends the offline outbox with this token (it cannot read localStorage)
  void saveSession(s ? { token: s.token, userId: s.user.id } : null).catch(() => undefined);
  clearTimeout(timer);
  if (!s) return;
  const exp = tokenExpiry(s.token);
  if (!exp) return;
  // setTimeout overflows past ~24.8 days; tokens are far shorter, but clamp anyway.
  const wait = Math.min(Math.max(exp - REFRESH_AHEAD_MS - Date.now(), 5_000), 2 ** 31 - 1);
  timer = setTimeout(() => void refreshSession(), wait);
}

export function expireSession(): void {
  if (!$session.get()) return;
  apply(null);
  $sessionExpired.set(true);
}

export async function login(email: string, password: string): Promise<Session> {
  const s = await api<Session>('/api/auth/login', { body: { email, password }, auth: false });
  $sessionExpired.set(false);
  apply(s);
  return s;
}

/** Signing out stops notifications on this device and deletes everything stored on it. */
export async function logout(): Promise<void> {
  const s = $session.get();
  const pushEndpoint = await currentPushEndpoint().catch(() => undefined);
  apply(null);
  $sessionExpired.set(false);
  if (s)
    await api('/api/auth/logout', { method: 'POST', token: s.token, body: pushEndpoint ? { pushEndpoint } : {} }).catch(
      () => undefined,
    );
  await unsubscribeDevice().catch(() => undefined);
  await clearDeviceData();
}

/** Ends every session of the user (all their tokens stop working), then signs this device out. */
export async function logoutEverywhere(): Promise<void> {
  const s = $session.get();
  if (s) await api('/api/auth/logout-everywhere', { method: 'POST', token: s.token });
  await logout();
}

async function clearDeviceData(): Promise<void> {
  for (const key of ['outbox', 'drafts', 'inbox']) writeJson(key, null);
  await clearOfflineData().catch(() => undefined);
  if (typeof caches !== 'undefined') await caches.delete('spunta-media').catch(() => false);
}

/** One refresh at a time; concurrent 401s share it. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const s = $session.get();
    if (!s) return false;
    try {
      const next = await api<Session>('/api/auth/refresh', { method: 'POST', token: s.token });
      apply(next);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) expireSession();
      else apply(s); // offline or server hiccup: keep the session and try again later
      return false;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

/** Restore the stored session at start-up; an already expired token goes straight to sign-in. */
export function initSession(): void {
  configureAuth({ token: () => $session.get()?.token ?? null, refresh: refreshSession, expired: expireSession });
  const stored = readJson<Session | null>(KEY, null);
  if (!stored?.token || !stored.user) return;
  const exp = tokenExpiry(stored.token);
  if (exp && exp < Date.now()) {
    writeJson(KEY, null);
    $sessionExpired.set(true);
    return;
  }
  apply(stored);
  if (exp && exp - Date.now() < REFRESH_AHEAD_MS) void refreshSession();
}

type U = User | undefined | null;
/**
 * What the UI offers: the server's own permission table (api/src/engine/policy/permissions.ts) asked
 * for this user, so a button is shown exactly when the API would allow its action.
 */
export const can = {
  do: (u: U, action: Action, resource?: Resource) => userMay(u, action, resource),
  send: (u: U) => userMay(u, 'message.send'),
  assignOthers: (u: U) => userMay(u, 'conversation.assign_others'),
  manageUsers: (u: U) => userMay(u, 'users.manage'),
  editContacts: (u: U) => userMay(u, 'contact.write'),
  manageQuickReplies: (u: U) => userMay(u, 'quick_reply.write'),
};

/** Keep the stored session in step with a change the user made to themselves (e.g. language). */
export function patchSessionUser(patch: Partial<User>): void {
  const s = $session.get();
  if (s) apply({ ...s, user: { ...s.user, ...patch } });
}
