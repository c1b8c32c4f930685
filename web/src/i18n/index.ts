/**
 * The one i18n layer: every UI string goes through t(). Language: the user's setting, else the
 * browser's, else English. Dates and numbers use Intl with the same locale.
 */
import { flatten, resolveTemplate, translator } from '@solid-primitives/i18n';
import { createRoot, createSignal } from 'solid-js';
import { remainingParts } from '../lib/window.ts';
import { en, type Dict } from './en.ts';
import { LOCALES, manifestHref, type Locale } from './locales.ts';

export { LOCALES, LOCALE_NAMES, type Locale } from './locales.ts';

/**
 * English (the reference and fallback) ships with the app; each other language is its own chunk,
 * fetched once when chosen (and precached by the service worker, so it also works offline). This keeps
 * the first load from growing with every language. main.tsx awaits the user's before the first render.
 */
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Dict>> = {
  it: () => import('./it.ts').then((m) => m.it),
  fr: () => import('./fr.ts').then((m) => m.fr),
  es: () => import('./es.ts').then((m) => m.es),
};
const loaded = new Map<Locale, ReturnType<typeof flatten<Dict>>>([['en', flatten(en)]]);

export function pickLocale(
  userLanguage: string | undefined | null,
  browser: readonly string[] = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]),
): Locale {
  const candidates = [userLanguage ?? '', ...browser];
  for (const c of candidates) {
    const base = c.toLowerCase().split(/[-_]/)[0] ?? '';
    if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}

/** The language on screen: always one whose dictionary is loaded, so texts and Intl formats agree. */
const [locale, setLocaleSignal] = createSignal<Locale>('en');
const flat = createRoot(() => () => loaded.get(locale()) ?? loaded.get('en')!);

export const t = translator(flat, resolveTemplate);
export { locale };

/** Fetch a language's dictionary (once). On failure (offline before it was ever cached) English stays. */
export async function loadLocale(l: Locale): Promise<boolean> {
  if (loaded.has(l)) return true;
  try {
    loaded.set(l, flatten(await loaders[l as Exclude<Locale, 'en'>]()));
    return true;
  } catch (err) {
    console.warn(`language ${l} could not be loaded`, err);
    return false;
  }
}

let wanted: Locale = 'en';
export function setLocale(l: Locale): Promise<void> {
  wanted = l;
  return loadLocale(l).then((ok) => {
    if (wanted !== l || !ok) return; // a later choice won, or keep what is on screen
    setLocaleSignal(l);
    if (typeof document === 'undefined') return;
    document.documentElement.lang = l;
    // the install prompt reads the linked manifest: point it at the one written in this language (vite.config.ts emits them)
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    if (link) link.href = manifestHref(l);
  });
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
  return fmt('day', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: days > 300 ? 'numeric' : undefined,
  }).format(ms);
}

/** Time left in the 24 h window: "3 h 20 min", "45 min". */
export function duration(ms: number): string {
  const { h, m } = remainingParts(ms);
  return h ? t('time.hm', { h, m }) : t('time.m', { m });
}
