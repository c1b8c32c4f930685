/** Numbers, durations, months and chart times in the user's language (Intl with the i18n locale). */
import { locale, t } from '../../i18n/index.ts';
import type { Bucket } from './dashboard.api.ts';
import { type Delta, splitDuration } from './figures.ts';

export const formatNumber = (n: number) => new Intl.NumberFormat(locale()).format(n);

const unit = (n: number, u: 'day' | 'hour' | 'minute') =>
  new Intl.NumberFormat(locale(), { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(n);

/** "3 h 5 min" style, to the minute; "< 1 min" under a minute; "—" when there is nothing to measure. */
export function formatDuration(s: number | null | undefined): string {
  if (s === null || s === undefined) return t('dash.team.none');
  const p = splitDuration(s);
  if (p.under_minute) return t('dash.team.lessThanMinute');
  if (p.d) return [unit(p.d, 'day'), p.h ? unit(p.h, 'hour') : ''].filter(Boolean).join(' ');
  if (p.h) return [unit(p.h, 'hour'), p.m ? unit(p.m, 'minute') : ''].filter(Boolean).join(' ');
  return unit(p.m, 'minute');
}

/** "+12 (+20 %)", "−3 (−33.3 %)", "no change", "+5 (new)" */
export function formatDelta(d: Delta): string {
  if (d.dir === 'same') return t('dash.report.noChange');
  const sign = d.diff > 0 ? '+' : '−';
  const abs = formatNumber(Math.abs(d.diff));
  const pct =
    d.pct === null
      ? t('dash.report.fresh')
      : `${sign}${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(Math.abs(d.pct))}\u00a0%`;
  return `${sign}${abs} (${pct})`;
}

/** "2025-03" → "March 2025" */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric' }).format(new Date(y, m - 1, 1));
}

/** A bucket's start as a reader names it: 14:05, 3 Mar 14:00, 3 Mar, Mar 2025, Q1 2025, 2025. */
export function formatBucket(iso: string, bucket: Bucket): string {
  const d = new Date(iso);
  const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale(), o).format(d);
  switch (bucket) {
    case 'minute':
      return f({ hour: '2-digit', minute: '2-digit' });
    case 'hour':
      return f({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    case 'day':
      return f({ day: 'numeric', month: 'short' });
    case 'month':
      return f({ month: 'short', year: 'numeric' });
    case 'quarter':
      return `Q${Math.floor(d.getMonth() / 3) + 1} ${d.getFullYear()}`;
    case 'year':
      return String(d.getFullYear());
  }
}
