/**
 * The few words the server itself writes into notifications (the rest is the customer's name and
 * message), in the recipient's language: the one set in their profile (it, en, fr or es; English otherwise).
 * push-texts.test.ts checks that every language has every text.
 */
import type { Locale } from '../../../web/src/i18n/locales.ts';

const en = { assigned: '↪ Chat assigned to you', test: '🔔 Notifications work on this device' };

export const PUSH_TEXTS: Record<Locale, typeof en> = {
  en,
  it: { assigned: '↪ Chat assegnata a te', test: '🔔 Le notifiche funzionano su questo dispositivo' },
  fr: { assigned: '↪ Discussion qui vous est attribuée', test: '🔔 Les notifications fonctionnent sur cet appareil' },
  es: { assigned: '↪ Chat asignado a ti', test: '🔔 Las notificaciones funcionan en este dispositivo' },
};

export type PushText = keyof typeof en;

export function pushText(key: PushText, language: string | undefined): string {
  const lang = (language ?? '').slice(0, 2).toLowerCase();
  return (lang in PUSH_TEXTS ? PUSH_TEXTS[lang as Locale] : en)[key];
}
