/**
 * Business hours as a pure function of time: open or closed at an instant, when that changes, whether a
 * day is a holiday, and how much business time lies between two instants. Shared by the API (status,
 * later out-of-hours replies and SLA metrics) and the web (the admin screen's live "now" line), so it
 * imports nothing but @date-fns/tz's offset lookup (Intl underneath).
 *
 * Rules:
 * - hours are wall-clock ranges per weekday in one IANA zone; several per day (split shifts); a range
 *   whose end is not after its start runs past midnight (sat 22:00–02:00 keeps Sunday 00:00–02:00 open);
 *   "24:00" ends a range at midnight; a day left out is closed;
 * - a shift belongs to the day it starts: a holiday closes the shifts that start on it, and a shift
 *   started the evening before runs to its end;
 * - holidays are single dates, date ranges (inclusive) and yearly repeats of either, plus an optional
 *   national preset resolved by the caller (date-holidays on the server);
 * - DST: a time the clocks skip (02:30 on the spring-forward day) is read as the same time after the
 *   jump (03:30), a time they repeat (02:30 in October) as its first occurrence — Temporal's
 *   "compatible" rule; so a 00:00–04:00 shift lasts 3 hours in March and 5 in October.
 */
import { tzOffset } from '@date-fns/tz';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type TimeRange = [string, string];

export interface HolidaySpec {
  /** YYYY-MM-DD, or from + to (inclusive) */
  date?: string;
  from?: string;
  to?: string;
  name?: string;
  /** repeats every year on the same month and day(s); the year given is ignored */
  yearly?: boolean;
}

export interface BusinessHours {
  timezone: string;
  weekly: Partial<Record<Weekday, TimeRange[]>>;
  holidays?: HolidaySpec[];
  /** ISO country code of a national-holiday preset ("IT"), or null */
  national_holidays?: string | null;
}

export interface HolidayDate {
  date: string;
  name: string;
}

export interface CalendarOptions {
  /** the national preset's holidays of a year (the caller resolves them) */
  presetHolidays?: (year: number) => HolidayDate[];
}

export interface CalendarState {
  open: boolean;
  /** name of today's holiday (business time zone), or null */
  holiday: string | null;
  /** the next change: when, and whether it opens or closes; null when nothing changes within two years */
  next: { at: number; open: boolean } | null;
}

export interface Issue {
  path: string;
  message: string;
}

const DAY = 86_400_000;
const WEEK_MIN = 7 * 1440;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;

/** "HH:MM" → minutes after midnight (24:00 → 1440); NaN when malformed. */
export function minutesOf(t: string): number {
  if (!TIME.test(t)) return NaN;
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

function isValidDate(s: string | undefined): s is string {
  const m = s ? DATE.exec(s) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const fmtRange = (day: Weekday, r: TimeRange) => `${day} ${r[0]}–${r[1]}`;

/** Everything wrong with a configuration, as readable messages with a JSON path (empty when valid). */
export function validateHours(h: BusinessHours): Issue[] {
  const issues: Issue[] = [];
  if (!isValidTimeZone(h.timezone))
    issues.push({ path: 'timezone', message: `"${h.timezone}" is not an IANA time zone (e.g. Europe/Rome)` });
  // every range as minutes of the week (Monday 00:00 = 0), split where it wraps from Sunday to Monday
  const segs: Array<{ start: number; end: number; label: string }> = [];
  for (const [day, ranges] of Object.entries(h.weekly ?? {})) {
    const di = WEEKDAYS.indexOf(day as Weekday);
    if (di < 0) {
      issues.push({ path: `weekly.${day}`, message: `"${day}" is not a weekday (use ${WEEKDAYS.join(', ')})` });
      continue;
    }
    (ranges ?? []).forEach((r, i) => {
      const path = `weekly.${day}.${i}`;
      const [s, e] = [minutesOf(r[0]), minutesOf(r[1])];
      if (Number.isNaN(s) || Number.isNaN(e) || s === 1440) {
        issues.push({ path, message: `${r[0]}–${r[1]}: times are HH:MM from 00:00 to 23:59 (24:00 may end a range)` });
        return;
      }
      if (s === e) {
        issues.push({ path, message: `${r[0]}–${r[1]} is empty (for a whole day use 00:00–24:00)` });
        return;
      }
      const start = di * 1440 + s;
      const end = e > s ? di * 1440 + e : (di + 1) * 1440 + e;
      const label = fmtRange(day as Weekday, r);
      if (end > WEEK_MIN) {
        segs.push({ start, end: WEEK_MIN, label }, { start: 0, end: end - WEEK_MIN, label });
      } else segs.push({ start, end, label });
    });
  }
  segs.sort((a, b) => a.start - b.start);
  for (let i = 1; i < segs.length; i++) {
    const a = segs[i - 1]!;
    const b = segs[i]!;
    if (b.start < a.end && a.label !== b.label)
      issues.push({ path: 'weekly', message: `${a.label} overlaps ${b.label}` });
  }
  (h.holidays ?? []).forEach((hd, i) => {
    const path = `holidays.${i}`;
    if (hd.date !== undefined) {
      if (hd.from !== undefined || hd.to !== undefined)
        issues.push({ path, message: 'a holiday has either a date or from and to, not both' });
      else if (!isValidDate(hd.date))
        issues.push({ path: `${path}.date`, message: `"${hd.date}" is not a date (YYYY-MM-DD)` });
      return;
    }
    if (!isValidDate(hd.from))
      issues.push({ path: `${path}.from`, message: `"${hd.from ?? ''}" is not a date (YYYY-MM-DD)` });
    else if (!isValidDate(hd.to))
      issues.push({ path: `${path}.to`, message: `"${hd.to ?? ''}" is not a date (YYYY-MM-DD)` });
    else if (!hd.yearly && hd.to < hd.from)
      issues.push({ path, message: `the range ends (${hd.to}) before it starts (${hd.from})` });
  });
  return issues;
}

export interface BusinessCalendar {
  isOpen(at: number | Date): boolean;
  isHoliday(at: number | Date): string | null;
  nextChange(at: number | Date): { at: number; open: boolean } | null;
  state(at: number | Date): CalendarState;
  /** open time between two instants, in ms */
  businessMs(from: number | Date, to: number | Date): number;
  /** merged open intervals [start, end) overlapping [from, to] */
  intervals(from: number | Date, to: number | Date): Array<[number, number]>;
}

const ms = (t: number | Date) => (typeof t === 'number' ? t : t.getTime());
const pad = (n: number) => String(n).padStart(2, '0');

export function createCalendar(h: BusinessHours, opts: CalendarOptions = {}): BusinessCalendar {
  const tz = h.timezone;
  const offsetMin = (utc: number) => tzOffset(tz, new Date(utc));
  /** the local calendar day of an instant, as days since 1970-01-01 */
  const dayOf = (utc: number) => Math.floor((utc + offsetMin(utc) * 60_000) / DAY);
  const ymd = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
  const weekdayOf = (day: number) => (new Date(day * DAY).getUTCDay() + 6) % 7;

  /** wall time (minutes after midnight of a local day; may exceed 1440) → instant, "compatible" DST rule */
  const wallToUtc = (day: number, minutes: number): number => {
    const local = day * DAY + minutes * 60_000;
    const before = offsetMin(local - DAY);
    const after = offsetMin(local + DAY);
    const fits = [local - before * 60_000, local - after * 60_000].filter(
      (u, i) => offsetMin(u) === (i ? after : before),
    );
    if (fits.length) return Math.min(...fits);
    return local - before * 60_000; // in a gap: the same wall time after the jump
  };

  const explicit = h.holidays ?? [];
  const presetCache = new Map<number, Map<string, string>>();
  const preset = (year: number) => {
    let m = presetCache.get(year);
    if (!m) {
      m = new Map(
        (h.national_holidays && opts.presetHolidays ? opts.presetHolidays(year) : []).map((x) => [x.date, x.name]),
      );
      presetCache.set(year, m);
    }
    return m;
  };

  const holidayOnDay = (day: number): string | null => {
    const date = ymd(day);
    const md = date.slice(5);
    for (const hd of explicit) {
      const name = hd.name ?? '';
      if (hd.date !== undefined) {
        if (hd.yearly ? hd.date.slice(5) === md : hd.date === date) return name;
      } else if (hd.from && hd.to) {
        if (!hd.yearly) {
          if (hd.from <= date && date <= hd.to) return name;
        } else {
          const [f, t] = [hd.from.slice(5), hd.to.slice(5)];
          // a yearly range may cross New Year (12-24 → 01-06)
          if (f <= t ? f <= md && md <= t : md >= f || md <= t) return name;
        }
      }
    }
    return preset(Number(date.slice(0, 4))).get(date) ?? null;
  };

  const rangesOf = (wd: number): Array<[number, number]> =>
    (h.weekly[WEEKDAYS[wd]!] ?? []).map(([s, e]) => {
      const [a, b] = [minutesOf(s), minutesOf(e)];
      return [a, b > a ? b : b + 1440];
    });

  const shiftsCache = new Map<number, Array<[number, number]>>();
  const shiftsStarting = (day: number): Array<[number, number]> => {
    let out = shiftsCache.get(day);
    if (!out) {
      out =
        holidayOnDay(day) !== null
          ? []
          : rangesOf(weekdayOf(day)).map(([a, b]) => [wallToUtc(day, a), wallToUtc(day, b)]);
      shiftsCache.set(day, out);
    }
    return out;
  };

  /** merged open intervals of the shifts starting on local days first..last */
  const merged = (first: number, last: number): Array<[number, number]> => {
    const all: Array<[number, number]> = [];
    for (let d = first; d <= last; d++) all.push(...shiftsStarting(d));
    all.sort((x, y) => x[0] - y[0]);
    const out: Array<[number, number]> = [];
    for (const [s, e] of all) {
      const prev = out[out.length - 1];
      if (prev && s <= prev[1]) prev[1] = Math.max(prev[1], e);
      else if (e > s) out.push([s, e]);
    }
    return out;
  };

  const intervals = (from: number | Date, to: number | Date): Array<[number, number]> => {
    const [f, t] = [ms(from), ms(to)];
    // a shift reaches at most two days past its start day (≤ 48 h with DST slack)
    return merged(dayOf(f) - 2, dayOf(t) + 1).filter(([s, e]) => e > f && s <= t);
  };

  const isOpen = (at: number | Date) => intervals(at, at).some(([s, e]) => s <= ms(at) && ms(at) < e);

  const nextChange = (at: number | Date): { at: number; open: boolean } | null => {
    const t = ms(at);
    const first = dayOf(t) - 2;
    for (let span = 8; span <= 1024; span *= 2) {
      const last = dayOf(t) + span;
      const list = merged(first, last);
      // only an interval ending before the last day's shifts could begin is certainly complete
      const safe = wallToUtc(last, 0);
      const inside = list.find(([s, e]) => s <= t && t < e);
      if (inside) {
        if (inside[1] < safe) return { at: inside[1], open: false };
        continue;
      }
      const upcoming = list.find(([s]) => s > t);
      if (upcoming && upcoming[0] < safe) return { at: upcoming[0], open: true };
    }
    return null;
  };

  const isHoliday = (at: number | Date) => holidayOnDay(dayOf(ms(at)));

  return {
    isOpen,
    isHoliday,
    nextChange,
    intervals,
    state: (at) => ({ open: isOpen(at), holiday: isHoliday(at), next: nextChange(at) }),
    businessMs(from, to) {
      const [f, t] = [ms(from), ms(to)];
      if (t <= f) return 0;
      return intervals(f, t).reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, t) - Math.max(s, f)), 0);
    },
  };
}

/** The wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant in a zone, for messages and tests. */
export function wallClock(at: number | Date, timezone: string): { date: string; time: string; weekday: Weekday } {
  const t = ms(at);
  const local = new Date(t + tzOffset(timezone, new Date(t)) * 60_000);
  return {
    date: local.toISOString().slice(0, 10),
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
    weekday: WEEKDAYS[(local.getUTCDay() + 6) % 7]!,
  };
}
