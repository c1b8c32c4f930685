import type { reliabilityEn } from './reliability.en.ts';

/** Testi di affidabilità (eventi scartati): stesse chiavi di reliability.en.ts. */
export const reliabilityIt: typeof reliabilityEn = {
  deadLetters: 'Eventi scartati',
  intro:
    'Eventi webhook di WhatsApp che il database ha rifiutato come non validi. Sono conservati, mai persi: dopo una correzione (per esempio un aggiornamento) rielaborali. Rielaborarli due volte non salva nulla due volte.',
  adminOnly: 'Solo gli amministratori vedono gli eventi scartati.',
  none: 'Nessun evento scartato: ogni evento ricevuto da WhatsApp è stato salvato.',
  pending: '{{ count }} in attesa',
  replayAll: 'Rielabora tutti',
  replay: 'Rielabora',
  replayedOk: 'Rielaborato e salvato.',
  replayedAll: '{{ replayed }} rielaborati, {{ failed }} ancora rifiutati.',
  alreadyReplayed: 'Già rielaborato in precedenza.',
  stillRefused: 'Ancora rifiutato: {{ error }}',
  reasonInvalid: 'Rifiutato dal database',
  reasonCorrupt: 'Record del registro danneggiato',
  stateDead: 'In attesa',
  stateReplayed: 'Rielaborato {{ when }}',
  contents: 'Messaggi: {{ messages }} · stati: {{ statuses }} · altri aggiornamenti: {{ other }}',
  unreadable: 'Contenuto non leggibile',
  from: 'Da {{ senders }}',
  received: 'Conservato {{ when }}',
  error: 'Errore',
  lastAttempt: 'Ultima rielaborazione rifiutata: {{ error }}',
  attempts: 'Rielaborazioni tentate: {{ count }}',
  raw: 'Evento grezzo ({{ size }} byte)',
  refresh: 'Aggiorna',
};
