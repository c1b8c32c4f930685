/**
 * Pure rules behind the dashboard's figures (no DOM, no i18n): what a quality rating is called, how full
 * the messaging limit is, a month-on-month delta, a default range per chart bucket, month arithmetic and
 * the shade of a heatmap cell. Table-tested in figures.test.ts.
 */
import type { Bucket, QualityRating } from './dashboard.api.ts';

export type QualityLevel = 'high' | 'medium' | 'low' | 'unknown';

/** Meta's GREEN / YELLOW / RED as the product says it (Spoki: alta / media / bassa). */
export function qualityLevel(r: QualityRating | string | null | undefined): QualityLevel {
  return r === 'GREEN' ? 'high' : r === 'YELLOW' ? 'medium' : r === 'RED' ? 'low' : 'unknown';
}

export type PhoneState = 'connected' | 'flagged' | 'restricted' | 'other';

export function phoneState(status: string): PhoneState {
  const s = status.toUpperCase();
  if (s === 'CONNECTED') return 'connected';
  if (s === 'FLAGGED') return 'flagged';
  if (s === 'RESTRICTED' || s === 'RATE_LIMITED' || s === 'BANNED') return 'restricted';
  return 'other';
}

export interface LimitFill {
  /** 0…100, rounded down so 99.6 % never reads as full */
  pct: number;
  /** ok under 80 %, warn from 80 %, full at the limit (the alerts' thresholds) */
  level: 'ok' | 'warn' | 'full' | 'unlimited';
}

export function limitFill(used: number, limit: number | null): LimitFill {
  if (limit === null) return { pct: 0, level: 'unlimited' };
  if (limit <= 0) return { pct: 100, level: 'full' };
  const ratio = used / limit;
  const pct = Math.min(100, Math.floor(ratio * 100));
  return { pct, level: ratio >= 1 ? 'full' : ratio >= 0.8 ? 'warn' : 'ok' };
}

/** "TIER_2K" → 2000, "TIER_UNLIMITED" → null, unknown shapes → undefined. */
export function tierSize(tier: string): number | null | undefined {
  if (tier === 'TIER_UNLIMITED') return null;
  const m = /^TIER_(\d+)(K?)$/.exec(tier);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] ? 1000 : 1);
}

export interface Delta {
  diff: number;
  /** percentage change, null when the previous month was 0 */
  pct: number | null;
  dir: 'up' | 'down' | 'same';
}

export function delta(current: number, previous: number): Delta {
  const diff = current - previous;
  return {
    diff,
    pct: previous === 0 ? null : Math.round((diff / previous) * 1000) / 10,
    dir: diff > 0 ? 'up' : diff < 0 ? 'down' : 'same',
  };
}

/** "2025-03" → "2025-02" (and January → December of the year before). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The month a date falls in, in local time: "YYYY-MM". */
export function monthOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** The last `n` months ending with `month`, newest first (the month picker's choices). */
export function lastMonths(month: string, n: number): string[] {
  const out = [month];
  while (out.length < n) out.push(previousMonth(out[out.length - 1]!));
  return out;
}

/** How far back each bucket looks by default: enough points to read, never thousands. */
const SPAN_MS: Record<Bucket, number> = {
  minute: 2 * 3600_000,
  hour: 48 * 3600_000,
  day: 30 * 86400_000,
  month: 365 * 86400_000,
  quarter: 2 * 365 * 86400_000,
  year: 5 * 365 * 86400_000,
};

export function defaultRange(bucket: Bucket, now: number): { from: string; to: string } {
  return { from: new Date(now - SPAN_MS[bucket]).toISOString(), to: new Date(now).toISOString() };
}

/** The input[type=date] value for a timestamp, in local time. */
export function dateInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** An input[type=date] value as the ISO instant its local day starts, or ends (`to` includes the whole day). */
export function dayIso(value: string, end: boolean): string {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, end ? d + 1 : d).toISOString();
}

/** A heatmap cell's shade 0…4 (0 = none), relative to the busiest cell. */
export function heatLevel(value: number, max: number): 0 | 1 | 2 | 3 | 4 {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil((value / max) * 4)) as 1 | 2 | 3 | 4;
}

/** Seconds split for display: days, hours, minutes (a response time of 40 s shows as under a minute). */
export function splitDuration(s: number): { d: number; h: number; m: number; under_minute: boolean } {
  const total = Math.max(0, Math.round(s));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  return { d, h, m, under_minute: total < 60 };
}
