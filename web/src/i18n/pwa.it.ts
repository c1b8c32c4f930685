import type { pwaEn } from './pwa.en.ts';

/** Testi PWA (installazione, aggiornamento, offline, notifiche). */
export const pwaIt: typeof pwaEn = {
  offline: 'Offline — vedi quanto sincronizzato {{ when }}. Le risposte partono quando torna la connessione.',
  offlineNever: 'Offline — nessun dato ancora salvato su questo dispositivo.',
  syncedAt: 'alle {{ time }}',
  syncedDay: 'il {{ date }} alle {{ time }}',
  waiting: 'In attesa di connessione',
  update: 'È pronta una nuova versione di Spunta.',
  reload: 'Aggiorna',
  install: 'Installa l’app',
  installHint: 'Aggiungi Spunta alla schermata Home: si apre come un’app, funziona offline e può avvisarti.',
  notifications: 'Notifiche',
  notificationsWhy:
    'Ricevi una notifica su questo dispositivo quando un cliente scrive in una delle tue chat o arriva una nuova chat. Puoi disattivarle quando vuoi.',
  enable: 'Attiva le notifiche su questo dispositivo',
  disable: 'Disattiva su questo dispositivo',
  enabled: 'Le notifiche sono attive su questo dispositivo.',
  denied:
    'Le notifiche di Spunta sono bloccate in questo browser. Consentile nelle impostazioni del sito, poi torna qui.',
  unsupported: 'Questo browser non può ricevere notifiche. Su iPhone aggiungi prima Spunta alla schermata Home.',
  test: 'Invia una notifica di prova',
  testSent: 'Notifica di prova inviata.',
  mute: 'Silenzia tutte le notifiche',
  dnd: 'Non disturbare',
  dndFrom: 'Dalle',
  dndTo: 'Alle',
  dndHint: 'Nessuna notifica in questa fascia oraria (tuo fuso orario: {{ tz }}).',
  offlineData: 'Lettura offline',
  offlineDataHint:
    'Le {{ chats }} chat più recenti e i loro ultimi {{ messages }} messaggi restano su questo dispositivo e vengono cancellati all’uscita.',
  lastSync: 'Ultima sincronizzazione: {{ when }}',
  syncNow: 'Sincronizza ora',
  never: 'mai',
  enabling: 'Attivazione delle notifiche…',
  timeout:
    'Non è stato possibile attivare le notifiche: il servizio push del browser non ha risposto entro {{ s }} secondi. Controlla la connessione (una VPN o un firewall possono bloccarlo) e riprova.',
  failed: 'Non è stato possibile attivare le notifiche: {{ reason }}',
  retry: 'Riprova',
  manifest: {
    name: 'Spunta — inbox di team per WhatsApp',
    description: 'Rispondi ai clienti su WhatsApp in team, dal telefono — anche offline.',
    inbox: 'Le mie chat',
    unassigned: 'Non assegnate',
  },
};
