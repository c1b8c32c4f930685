/**
 * The languages Spunta speaks, in one place for the web app, the build (localised manifests) and the server
 * (the users' `language` field and push words). Adding one means a dictionary per file in this folder —
 * dictionaries.test.ts fails until every file has it.
 */
export const LOCALES = ['it', 'en', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's name in itself: a person looking for their language recognises it that way. */
export const LOCALE_NAMES: Record<Locale, string> = { it: 'Italiano', en: 'English', fr: 'Français', es: 'Español' };

/** English is the default manifest (manifest.webmanifest); the others are manifest.<lang>.webmanifest. */
export const manifestHref = (l: Locale): string =>
  l === 'en' ? '/manifest.webmanifest' : `/manifest.${l}.webmanifest`;
