/**
 * The one i18n layer: every UI string goes through t(). Language: the user's setting, else the
 * browser's, else English. Dates and numbers use Intl with the same locale.
 */
import { flatten, resolveTemplate, translator } from '@solid-primitives/i18n';
import { createRoot, createSignal } from 'solid-js';
import { remainingParts } from '../lib/window.ts';
import { en, type Dict } from './en.ts';
import { it } from './it.ts';

export type Locale = 'en' | 'it';
export const LOCALES: Locale[] = ['it', 'en'];

const dictionaries: Record<Locale, Dict> = { en, it };

export function pickLocale(userLanguage: string | undefined | null, browser: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]): Locale {
  const candidates = [userLanguage ?? '', ...browser];
  for (const c of candidates) {
    const base = c.toLowerCase().split(/[-_]/)[0];
    if (base === 'it' || base === 'en') return base;
  }
  return 'en';
}

const [locale, setLocaleSignal] = createSignal<Locale>(pickLocale(null));
const flat = createRoot(() => {
  const cache = new Map<Locale, ReturnType<typeof flatten<Dict>>>();
  return () => {
    const l = locale();
    let d = cache.get(l);
    if (!d) cache.set(l, (d = flatten(dictionaries[l])));
    return d;
  };
});

export const t = translator(flat, resolveTemplate);
export { locale };

export function setLocale(l: Locale): void {
  setLocaleSignal(l);
  if (typeof document !== 'undefined') document.documentElement.lang = l;
}

const timeFmt = new Map<string, Intl.DateTimeFormat>();
function fmt(key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${locale()}|${key}`;
  let f = timeFmt.get(k);
  if (!f) timeFmt.set(k, (f = new Intl.DateTimeFormat(locale(), opts)));
  return f;
}

const startOfDay = (ms: number) => {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

/** "14:05" today, "Yesterday", a weekday within a week, else a short date. */
export function listTime(ms: number, now = Date.now()): string {
  if (!ms) return '';
  const days = Math.round((startOfDay(now) - startOfDay(ms)) / 86_400_000);
  if (days <= 0) return fmt('hm', { hour: '2-digit', minute: '2-digit' }).format(ms);
  if (days === 1) return t('time.yesterday');
  if (days < 7) return fmt('wd', { weekday: 'short' }).format(ms);
  return fmt('d', { day: 'numeric', month: 'short', year: days > 300 ? '2-digit' : undefined }).format(ms);
}

export function clockTime(ms: number): string {
  return ms ? fmt('hm', { hour: '2-digit', minute: '2-digit' }).format(ms) : '';
}

export function dayLabel(ms: number, now = Date.now()): string {
  const days = Math.round((startOfDay(now) - startOfDay(ms)) / 86_400_000);
  if (days === 0) return t('time.today');
  if (days === 1) return t('time.yesterday');
  return fmt('day', { weekday: 'long', day: 'numeric', month: 'long', year: days > 300 ? 'numeric' : undefined }).format(ms);
}

/** Time left in the 24 h window: "3 h 20 min", "45 min". */
export function duration(ms: number): string {
  const { h, m } = remainingParts(ms);
  return h ? t('time.hm', { h, m }) : t('time.m', { m });
}
