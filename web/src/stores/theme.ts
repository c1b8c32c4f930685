/**
 * Light, dark or the system's choice — per device (localStorage, kept across sign-outs: it is about the
 * screen, not the account). 'system' leaves html without data-theme so the CSS media query decides;
 * 'light' / 'dark' set html[data-theme], which app.css honours over the media query.
 */
import { atom } from 'nanostores';
import { readJson, writeJson } from '../lib/storage.ts';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const stored = readJson<string>('theme', 'system');
export const $theme = atom<Theme>((THEMES as readonly string[]).includes(stored) ? (stored as Theme) : 'system');

/** The browser chrome (status bar) follows the chosen theme too. */
const BAR = { light: '#0f766e', dark: '#0b1416' } as const;

function apply(theme: Theme): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]').forEach((m) => {
    const scheme = (m.media.includes('dark') ? 'dark' : 'light') as keyof typeof BAR;
    m.content = BAR[theme === 'system' ? scheme : theme];
  });
}

export function setTheme(theme: Theme): void {
  $theme.set(theme);
  writeJson('theme', theme === 'system' ? null : theme);
  apply(theme);
}

/** Called once before the first render. */
export function initTheme(): void {
  apply($theme.get());
}
