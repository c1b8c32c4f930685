/** STOP / START keywords per language, with the confirmation sent back in that language. */
import { z } from '@hono/zod-openapi';

const Words = z.array(z.string().trim().min(1).max(40)).max(30);
export const LanguageKeywords = z.object({
  stop: Words,
  start: Words,
  stop_reply: z.string().max(1000),
  start_reply: z.string().max(1000),
});
export const ConsentKeywordsSchema = z
  .object({
    languages: z.record(z.string().regex(/^[a-z]{2}$/), LanguageKeywords),
    default_language: z.string().regex(/^[a-z]{2}$/),
  })
  .refine((k) => !!k.languages[k.default_language], 'default_language must be one of languages')
  .openapi('ConsentKeywords');
export type ConsentKeywords = z.infer<typeof ConsentKeywordsSchema>;

export const CONSENT_KEYWORDS_KEY = 'consent_keywords';

export const DEFAULT_KEYWORDS: ConsentKeywords = {
  default_language: 'en',
  languages: {
    it: {
      stop: ['STOP', 'BASTA', 'ANNULLA', 'DISISCRIVIMI', 'CANCELLAMI'],
      start: ['START', 'ISCRIVIMI'],
      stop_reply: 'Ok, non riceverai più messaggi promozionali da noi. Scrivi START se cambi idea.',
      start_reply: 'Grazie! Riceverai di nuovo i nostri messaggi. Scrivi STOP per annullare in qualsiasi momento.',
    },
    en: {
      stop: ['STOP', 'UNSUBSCRIBE', 'STOP ALL', 'OPT OUT'],
      start: ['START', 'SUBSCRIBE', 'UNSTOP'],
      stop_reply: "Done: you won't receive promotional messages from us any more. Reply START if you change your mind.",
      start_reply: "Thanks! You're subscribed again. Reply STOP to unsubscribe at any time.",
    },
    fr: {
      stop: ['STOP', 'ARRET', 'DESABONNER', 'DESINSCRIRE'],
      start: ['START', 'ABONNER'],
      stop_reply:
        'C’est noté : vous ne recevrez plus nos messages promotionnels. Répondez START si vous changez d’avis.',
      start_reply: 'Merci ! Vous êtes de nouveau abonné. Répondez STOP pour vous désabonner à tout moment.',
    },
    es: {
      stop: ['STOP', 'BAJA', 'PARAR', 'CANCELAR'],
      start: ['START', 'ALTA', 'SUSCRIBIR'],
      stop_reply: 'Hecho: ya no recibirás mensajes promocionales. Responde START si cambias de opinión.',
      start_reply: '¡Gracias! Vuelves a estar suscrito. Responde STOP para darte de baja cuando quieras.',
    },
  },
};

/** Case, accents, surrounding punctuation and emoji do not matter: "Stop!" and "arrêt" match. */
export function normaliseKeyword(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface KeywordMatch {
  kind: 'stop' | 'start';
  /** languages whose list holds the keyword */
  languages: string[];
}

export function matchKeyword(text: string, k: ConsentKeywords): KeywordMatch | undefined {
  const n = normaliseKeyword(text);
  if (!n || n.length > 40) return undefined;
  for (const kind of ['stop', 'start'] as const) {
    const languages = Object.entries(k.languages)
      .filter(([, l]) => l[kind].some((w) => normaliseKeyword(w) === n))
      .map(([lang]) => lang);
    if (languages.length) return { kind, languages };
  }
  return undefined;
}

const COUNTRY_LANGUAGE: Record<string, string> = {
  IT: 'it',
  SM: 'it',
  VA: 'it',
  CH: 'it',
  FR: 'fr',
  BE: 'fr',
  MC: 'fr',
  ES: 'es',
  MX: 'es',
  AR: 'es',
  CO: 'es',
  CL: 'es',
  PE: 'es',
  GB: 'en',
  US: 'en',
  IE: 'en',
  AU: 'en',
  CA: 'en',
};

/** The reply language: the contact's own, else the keyword's language (by the number's country when ambiguous). */
export function replyLanguage(
  m: KeywordMatch,
  k: ConsentKeywords,
  contact: { language?: string | undefined; country?: string | undefined },
): string {
  const own = (contact.language ?? '').slice(0, 2);
  if (own && k.languages[own]) return own;
  const byCountry = COUNTRY_LANGUAGE[(contact.country ?? '').toUpperCase()];
  if (byCountry && m.languages.includes(byCountry)) return byCountry;
  if (m.languages.length === 1) return m.languages[0]!;
  return m.languages.includes(k.default_language) ? k.default_language : (m.languages[0] ?? k.default_language);
}
