/**
 * The PocketBase SDK on the same origin (/pb). It shares the API token: the session store saves it here,
 * so collection rules (and realtime) see the same user as /api. Kept in memory only: the session store
 * is the one place that persists the token.
 */
import PocketBase, { BaseAuthStore } from 'pocketbase';

export const pb = new PocketBase('/pb', new BaseAuthStore());
pb.autoCancellation(false);

/** PocketBase dates ("2025-05-01 10:00:00.000Z") → unix ms; 0 when empty. */
export function pbTime(s: string | undefined | null): number {
  if (!s) return 0;
  const t = Date.parse(s.includes('T') ? s : s.replace(' ', 'T'));
  return Number.isNaN(t) ? 0 : t;
}

/** A filter value quoted for PocketBase (pb.filter does the escaping). */
export const pbFilter = (expr: string, params: Record<string, unknown>) => pb.filter(expr, params);
