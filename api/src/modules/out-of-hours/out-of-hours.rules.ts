/**
 * Out-of-hours replies, the pure part: whether a customer's message was written while closed (or on
 * a holiday), which text answers it (the contact's language, else the default), and the dedupe key
 * that makes it once per customer-service window. Shared by the consumer and its tests.
 */
import type { BusinessCalendar } from '../calendar/business-calendar.ts';

export interface OutOfHoursSettings {
  enabled: boolean;
  /** the reply while closed (default language) */
  text: string;
  /** the reply on a holiday; empty: `text` */
  holiday_text: string;
  /** per language (ISO 639-1 "en", or "en-GB"): the closed reply */
  texts: Record<string, string>;
  /** per language: the holiday reply */
  holiday_texts: Record<string, string>;
  /** wait this long before replying, so another automation (or a person) may answer first */
  grace_seconds: number;
}

export const DEFAULT_SETTINGS: OutOfHoursSettings = {
  enabled: false,
  text: '',
  holiday_text: '',
  texts: {},
  holiday_texts: {},
  grace_seconds: 5,
};

export type Closure = { kind: 'closed' } | { kind: 'holiday'; name: string };

/** Null while open; a holiday wins over ordinary closed hours. */
export function closureAt(calendar: BusinessCalendar, at: number): Closure | null {
  const holiday = calendar.isHoliday(at);
  if (holiday !== null) return { kind: 'holiday', name: holiday };
  return calendar.isOpen(at) ? null : { kind: 'closed' };
}

/** The variant for a language: exact ("pt-BR"), then its base ("pt"); '' when none. */
function variant(texts: Record<string, string>, language: string): string {
  const lang = language.trim().toLowerCase();
  if (!lang) return '';
  const byKey = new Map(Object.entries(texts).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  return byKey.get(lang) || byKey.get(lang.slice(0, 2)) || '';
}

/**
 * The reply for a closure and the contact's language; '' when there is nothing to say. On a holiday:
 * the holiday text in the contact's language, else the default holiday text, else the closed reply.
 */
export function replyText(s: OutOfHoursSettings, closure: Closure, language: string): string {
  if (closure.kind === 'holiday') {
    const t = variant(s.holiday_texts, language) || s.holiday_text.trim();
    if (t) return t;
  }
  return variant(s.texts, language) || s.text.trim();
}

/** Once per customer-service window: the window is named by the instant it opened. */
export function replyKey(conversationId: string, windowOpenedAt: number): string {
  return `ooh:${conversationId}:${windowOpenedAt}`;
}
