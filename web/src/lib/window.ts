/**
 * The 24-hour customer-service window: free-form messages only within 24 h of the customer's last
 * message, templates otherwise. Mirrors api/src/modules/inbox/status-rules.ts.
 */
import { pbTime } from './pb.ts';

export const WINDOW_MS = 24 * 3600_000;

export interface WindowState {
  open: boolean;
  /** unix ms when it closes (or closed); null if the customer never wrote */
  closesAt: number | null;
  /** ms left while open, 0 otherwise */
  remainingMs: number;
}

export function windowState(lastInboundAt: string | undefined | null, now = Date.now()): WindowState {
  const last = pbTime(lastInboundAt);
  if (!last) return { open: false, closesAt: null, remainingMs: 0 };
  const closesAt = last + WINDOW_MS;
  const remainingMs = Math.max(0, closesAt - now);
  return { open: remainingMs > 0, closesAt, remainingMs };
}

/** Hours and minutes left, rounded down for minutes (never shows "0 min" while still open). */
export function remainingParts(ms: number): { h: number; m: number } {
  const totalMin = Math.max(1, Math.floor(ms / 60_000));
  return { h: Math.floor(totalMin / 60), m: totalMin % 60 };
}

/** True when the window closes within the hour: the list and composer warn about it. */
export function closingSoon(w: WindowState): boolean {
  return w.open && w.remainingMs < 3600_000;
}
