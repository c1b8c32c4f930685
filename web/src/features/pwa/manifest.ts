/**
 * The web app manifest in each language (name, description and shortcuts from the pwa.* dictionaries,
 * `lang` set to match). vite.config.ts gives the English one to vite-plugin-pwa (manifest.webmanifest)
 * and emits manifest.<lang>.webmanifest for the others; setLocale() points <link rel="manifest"> at the
 * user's. Pure data: imported by the build, so no DOM here.
 */
import { pwaEn } from '../../i18n/pwa.en.ts';
import { pwaEs } from '../../i18n/pwa.es.ts';
import { pwaFr } from '../../i18n/pwa.fr.ts';
import { pwaIt } from '../../i18n/pwa.it.ts';
import type { Locale } from '../../i18n/locales.ts';

const TEXTS: Record<Locale, typeof pwaEn.manifest> = {
  en: pwaEn.manifest,
  it: pwaIt.manifest,
  fr: pwaFr.manifest,
  es: pwaEs.manifest,
};

export function manifestFor(lang: Locale) {
  const t = TEXTS[lang];
  const shortcutIcon = [{ src: '/icons/icon-192.png', sizes: '192x192' }];
  return {
    // the same id in every language: one installed app whatever language it was installed in
    id: '/',
    name: t.name,
    short_name: 'Spunta',
    description: t.description,
    lang,
    dir: 'ltr' as const,
    start_url: '/#/',
    scope: '/',
    display: 'standalone' as const,
    orientation: 'any' as const,
    theme_color: '#0f766e',
    background_color: '#f4f7f6',
    categories: ['business', 'productivity', 'communication'],
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
    shortcuts: [
      { name: t.inbox, short_name: t.inbox, url: '/#/?tab=mine', icons: shortcutIcon },
      { name: t.unassigned, short_name: t.unassigned, url: '/#/?tab=unassigned', icons: shortcutIcon },
    ],
  };
}
