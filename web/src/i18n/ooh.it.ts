import type { oohEn } from './ooh.en.ts';

/** Stringhe della risposta fuori orario (impostazioni degli orari, etichetta in chat). */
export const oohIt: typeof oohEn = {
  title: 'Risposta automatica quando siete chiusi',
  intro:
    'Chi scrive fuori orario o in un giorno festivo riceve questa risposta una volta per finestra di conversazione (24 ore), se nessuno risponde prima.',
  enabled: 'Rispondi automaticamente quando siete chiusi',
  text: 'Risposta (predefinita)',
  textHint: 'Inviata quando nessuna variante corrisponde alla lingua del contatto.',
  holidayText: 'Risposta nei festivi (predefinita)',
  holidayHint: 'Inviata nei giorni festivi; se vuota, la risposta qui sopra.',
  grace: 'Attendi prima di rispondere (secondi)',
  graceHint: 'Non viene inviato nulla se nel frattempo risponde una persona o un’automazione.',
  variants: 'Altre lingue',
  noVariants: 'Nessun’altra lingua: tutti ricevono la risposta predefinita.',
  language: 'Lingua',
  variantText: 'Risposta in {{ lang }}',
  variantHoliday: 'Risposta nei festivi in {{ lang }}',
  addLanguage: 'Aggiungi una lingua',
  removeLanguage: 'Rimuovi {{ lang }}',
  save: 'Salva risposta',
  saved: 'Risposta automatica salvata',
  needText: 'Scrivi la risposta prima di attivarla.',
  label: 'Risposta automatica',
  labelHint: 'Inviata automaticamente perché il cliente ha scritto mentre eravate chiusi',
  consentHint: 'Inviata automaticamente per confermare l’iscrizione o la disiscrizione del cliente',
};
