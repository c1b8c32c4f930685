/**
 * Which translation of a template a recipient gets (pure; shared by the API's send path, the composer,
 * campaigns and automations): the contact's language, else the language of the country of the phone
 * prefix (Spoki's rule), else the template's default language — only approved translations count.
 */

/** Country (ISO 3166-1 alpha-2) → the WhatsApp template language most of its people read. */
export const COUNTRY_LANGUAGE: Readonly<Record<string, string>> = {
  IT: 'it',
  SM: 'it',
  VA: 'it',
  GB: 'en_GB',
  IE: 'en_GB',
  US: 'en_US',
  CA: 'en',
  AU: 'en',
  NZ: 'en',
  ZA: 'en',
  IN: 'en',
  NG: 'en',
  KE: 'en',
  SG: 'en',
  PH: 'en',
  MT: 'en',
  FR: 'fr',
  BE: 'fr',
  LU: 'fr',
  MC: 'fr',
  SN: 'fr',
  CI: 'fr',
  CM: 'fr',
  TN: 'fr',
  ES: 'es_ES',
  MX: 'es_MX',
  AR: 'es_AR',
  CO: 'es',
  CL: 'es',
  PE: 'es',
  VE: 'es',
  EC: 'es',
  UY: 'es',
  PY: 'es',
  BO: 'es',
  CR: 'es',
  DO: 'es',
  GT: 'es',
  DE: 'de',
  AT: 'de',
  CH: 'de',
  LI: 'de',
  PT: 'pt_PT',
  BR: 'pt_BR',
  AO: 'pt_PT',
  MZ: 'pt_PT',
  NL: 'nl',
  PL: 'pl',
  RO: 'ro',
  MD: 'ro',
  GR: 'el',
  CY: 'el',
  TR: 'tr',
  RU: 'ru',
  UA: 'uk',
  AL: 'sq',
  XK: 'sq',
  HR: 'hr',
  SI: 'sl',
  RS: 'sr',
  CZ: 'cs',
  SK: 'sk',
  HU: 'hu',
  BG: 'bg',
  SE: 'sv',
  NO: 'nb',
  DK: 'da',
  FI: 'fi',
  EE: 'et',
  LV: 'lv',
  LT: 'lt',
  MA: 'ar',
  DZ: 'ar',
  EG: 'ar',
  SA: 'ar',
  AE: 'ar',
  QA: 'ar',
  KW: 'ar',
  JO: 'ar',
  LB: 'ar',
  IL: 'he',
  IR: 'fa',
  CN: 'zh_CN',
  TW: 'zh_TW',
  HK: 'zh_HK',
  JP: 'ja',
  KR: 'ko',
  ID: 'id',
  MY: 'ms',
  TH: 'th',
  VN: 'vi',
  BD: 'bn',
  PK: 'ur',
};

const norm = (code: string) => code.trim().replace('-', '_').toLowerCase();
export const baseLanguage = (code: string) => norm(code).split('_')[0] ?? '';

/** The best of `available` for `wanted` ("it", "en_GB", "pt-BR"): exact code, else the same language. */
export function matchLanguage(wanted: string, available: readonly string[]): string | undefined {
  if (!wanted.trim()) return undefined;
  const w = norm(wanted);
  const exact = available.find((a) => norm(a) === w);
  if (exact) return exact;
  const base = baseLanguage(w);
  const same = available.filter((a) => baseLanguage(a) === base).sort();
  // the plain language ("en") before regional variants, then alphabetical for a stable choice
  return same.find((a) => norm(a) === base) ?? same[0];
}

export interface Translation {
  language: string;
  status: string;
}

export type LanguageChoice = { language: string; via: 'contact' | 'country' | 'default' | 'any' };

export function resolveLanguage(
  recipient: { language?: string | null | undefined; country?: string | null | undefined },
  translations: readonly Translation[],
  defaultLanguage?: string | null,
): LanguageChoice | undefined {
  const approved = translations.filter((t) => t.status === 'APPROVED').map((t) => t.language);
  if (!approved.length) return undefined;
  const byContact = recipient.language ? matchLanguage(recipient.language, approved) : undefined;
  if (byContact) return { language: byContact, via: 'contact' };
  const countryLang = recipient.country ? COUNTRY_LANGUAGE[recipient.country.toUpperCase()] : undefined;
  const byCountry = countryLang ? matchLanguage(countryLang, approved) : undefined;
  if (byCountry) return { language: byCountry, via: 'country' };
  const byDefault = defaultLanguage ? matchLanguage(defaultLanguage, approved) : undefined;
  if (byDefault) return { language: byDefault, via: 'default' };
  // the default is not approved (yet): any approved translation beats not sending at all
  return { language: approved.slice().sort()[0]!, via: 'any' };
}

/** Languages offered in the editor (Meta's codes), the common ones of Spunta's users first. */
export const EDITOR_LANGUAGES = [
  'it',
  'en',
  'en_US',
  'en_GB',
  'fr',
  'es',
  'es_ES',
  'de',
  'pt_BR',
  'pt_PT',
  'nl',
  'pl',
  'ro',
  'el',
  'tr',
  'ru',
  'uk',
  'sq',
  'ar',
  'zh_CN',
  'ja',
] as const;
