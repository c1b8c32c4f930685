/**
 * "Open · closes 18:00", "Closed · opens tomorrow 09:00": the state line of the inbox and of the hours
 * screen. Times are the business's wall-clock times (its zone), days relative to today there.
 */
import { locale, t } from '../../i18n/index.ts';

export interface StateLike {
  open: boolean;
  holiday: string | null;
  next: { at: number; open: boolean } | null;
}

const fmts = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string, opts: Intl.DateTimeFormatOptions, lang: string = locale()): Intl.DateTimeFormat {
  const key = `${lang}|${tz}|${JSON.stringify(opts)}`;
  let f = fmts.get(key);
  if (!f) fmts.set(key, (f = new Intl.DateTimeFormat(lang, { timeZone: tz, ...opts })));
  return f;
}

const ymd = (at: number, tz: string) =>
  fmt(tz, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA').format(at);
const dayDiff = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** "18:00", "tomorrow 09:00", "Sat 22:00" or "22 Aug 22:00" in the business's zone. */
export function whenText(at: number, tz: string, now: number): string {
  const time = fmt(tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  const diff = dayDiff(ymd(now, tz), ymd(at, tz));
  if (diff <= 0) return t('hours.today', { time });
  if (diff === 1) return t('hours.tomorrow', { time });
  if (diff < 7) return t('hours.weekday', { day: fmt(tz, { weekday: 'short' }).format(at), time });
  return t('hours.date', { date: fmt(tz, { day: 'numeric', month: 'short' }).format(at), time });
}

export function stateText(s: StateLike, tz: string, now: number): string {
  const head = s.open
    ? t('hours.open')
    : s.holiday !== null
      ? t('hours.holidayState', { name: s.holiday || t('hours.holidayUnnamed') })
      : t('hours.closed');
  if (!s.next) return head;
  const when = whenText(s.next.at, tz, now);
  return `${head} · ${s.open ? t('hours.closes', { when }) : t('hours.opens', { when })}`;
}
