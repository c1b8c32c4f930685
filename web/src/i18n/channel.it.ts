import type { channelEn } from './channel.en.ts';

/** Italiano: stesse chiavi di channel.en.ts. */
export const channelIt: typeof channelEn = {
  edited: 'modificato',
  editHistory: 'Versioni precedenti',
  editedAt: 'Fino alle {{ time }}',
  deleted: 'Questo messaggio è stato eliminato',
  whatsappApp: 'App WhatsApp',
  whatsappAppHint: "Inviato dall'app WhatsApp Business su questo numero",
  mediaNotReceived: 'Non ricevuto: WhatsApp non è riuscito a prendere il file dal mittente',
  securityCodeChanged: 'Il codice di sicurezza con questo cliente è cambiato',
  numberChanged: 'Il cliente ha cambiato numero di telefono',
  card: { work: 'lavoro', home: 'casa', mobile: 'cellulare', address: 'Indirizzo', birthday: 'Compleanno' },
  username: 'Nome utente',
  account: {
    restricted: 'WhatsApp ha limitato questo account: {{ what }}',
    restrictedUntil: 'WhatsApp ha limitato questo account fino al {{ until }}: {{ what }}',
    banned: 'WhatsApp ha disattivato questo account ({{ state }})',
    violation: 'WhatsApp ha segnalato una violazione delle regole: {{ what }}',
    notice: "Avviso sull'account WhatsApp: {{ what }}",
    details: 'Dettagli',
    dismiss: 'Nascondi fino al prossimo avviso',
  },
};
