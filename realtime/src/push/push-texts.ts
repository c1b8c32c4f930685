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

type AlertWords = Record<string, { title: string; body: string }>;
/** What an alert's notification says, per kind, in the recipient's language. */
export const ALERT_TEXTS: Record<Locale, AlertWords> = {
  en: {
    quality_drop: { title: '⚠️ WhatsApp quality dropped', body: 'The number quality rating went down' },
    limit_80: { title: '⚠️ Messaging limit 80% used', body: 'Unique customers reached in 24 h' },
    limit_100: { title: '⛔ Messaging limit reached', body: 'New business-initiated chats wait' },
    flagged: { title: '⚠️ Number flagged', body: 'Quality is low: the number may be limited' },
    restricted: { title: '⛔ Number restricted', body: 'Meta restricted this number' },
    template_paused: { title: '⏸️ Template paused', body: 'Meta paused a template' },
    automation_paused: { title: '⏸️ Automation paused', body: 'It fired too often in a minute: check it' },
  },
  it: {
    quality_drop: { title: '⚠️ Qualità WhatsApp in calo', body: 'La valutazione di qualità del numero è scesa' },
    limit_80: { title: '⚠️ Limite messaggi all’80%', body: 'Clienti unici raggiunti in 24 h' },
    limit_100: { title: '⛔ Limite messaggi raggiunto', body: 'Le nuove conversazioni avviate da te attendono' },
    flagged: { title: '⚠️ Numero segnalato', body: 'Qualità bassa: il numero potrebbe essere limitato' },
    restricted: { title: '⛔ Numero limitato', body: 'Meta ha limitato questo numero' },
    template_paused: { title: '⏸️ Modello in pausa', body: 'Meta ha messo in pausa un modello' },
    automation_paused: { title: '⏸️ Automazione in pausa', body: 'È partita troppe volte in un minuto: controllala' },
  },
  fr: {
    quality_drop: { title: '⚠️ Qualité WhatsApp en baisse', body: 'La note de qualité du numéro a baissé' },
    limit_80: { title: '⚠️ Limite de messages à 80 %', body: 'Clients uniques atteints en 24 h' },
    limit_100: { title: '⛔ Limite de messages atteinte', body: 'Les nouvelles conversations initiées attendent' },
    flagged: { title: '⚠️ Numéro signalé', body: 'Qualité faible : le numéro peut être limité' },
    restricted: { title: '⛔ Numéro restreint', body: 'Meta a restreint ce numéro' },
    template_paused: { title: '⏸️ Modèle en pause', body: 'Meta a mis un modèle en pause' },
    automation_paused: {
      title: '⏸️ Automatisation en pause',
      body: 'Déclenchée trop souvent en une minute : vérifiez-la',
    },
  },
  es: {
    quality_drop: { title: '⚠️ Calidad de WhatsApp en descenso', body: 'La calificación de calidad del número bajó' },
    limit_80: { title: '⚠️ Límite de mensajes al 80 %', body: 'Clientes únicos alcanzados en 24 h' },
    limit_100: { title: '⛔ Límite de mensajes alcanzado', body: 'Las nuevas conversaciones iniciadas esperan' },
    flagged: { title: '⚠️ Número marcado', body: 'Calidad baja: el número puede quedar limitado' },
    restricted: { title: '⛔ Número restringido', body: 'Meta restringió este número' },
    template_paused: { title: '⏸️ Plantilla en pausa', body: 'Meta pausó una plantilla' },
    automation_paused: {
      title: '⏸️ Automatización en pausa',
      body: 'Se activó demasiadas veces en un minuto: revísala',
    },
  },
};

export function alertText(kind: string, language: string | undefined): { title: string; body: string } {
  const lang = (language ?? '').slice(0, 2).toLowerCase();
  const words = lang in ALERT_TEXTS ? ALERT_TEXTS[lang as Locale] : ALERT_TEXTS.en;
  return words[kind] ?? ALERT_TEXTS.en[kind] ?? { title: kind, body: '' };
}
