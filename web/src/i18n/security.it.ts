import type { securityEn } from './security.en.ts';

export const securityIt: typeof securityEn = {
  signOutEverywhere: 'Esci da tutti i dispositivi',
  signOutEverywhereHint:
    'Chiude ogni tua sessione — telefoni, computer e anche questo dispositivo. Usalo se hai perso un dispositivo.',
  signOutEverywhereConfirm: 'Uscire da tutti i tuoi dispositivi, compreso questo?',
  rateLimited: 'Troppi tentativi falliti. Riprova tra {{ minutes }} min.',
  backups: 'Backup',
  backupsIntro:
    'Un backup contiene tutti i dati di Spunta: chat, contatti, impostazioni, file, il registro dei webhook e le chiavi. Ne viene fatto uno ogni giorno; i più recenti restano sul server.',
  backupNow: 'Fai un backup ora',
  backingUp: 'Backup in corso…',
  backupDone: 'Backup scritto: {{ name }}',
  download: 'Scarica',
  downloadNamed: 'Scarica {{ name }}',
  noBackups: 'Ancora nessun backup.',
  restoreTitle: 'Ripristino',
  restoreHint: 'Per ripristinare un backup, ferma Spunta sul server ed esegui:',
  adminOnly: 'Solo gli amministratori gestiscono i backup.',
  size: 'Dimensione',
  created: 'Eseguito',
  file: 'File',
};
