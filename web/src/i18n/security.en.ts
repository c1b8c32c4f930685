/** Strings of sessions, sign-in limits and backups. security.it.ts has the same keys. */
export const securityEn = {
  signOutEverywhere: 'Sign out on all devices',
  signOutEverywhereHint:
    'Ends every session of yours — phones, computers, this device too. Use it if a device was lost.',
  signOutEverywhereConfirm: 'Sign out on all your devices, this one included?',
  rateLimited: 'Too many failed attempts. Try again in {{ minutes }} min.',
  backups: 'Backups',
  backupsIntro:
    'A backup holds all of Spunta’s data: chats, contacts, settings, files, the webhook journal and keys. One is taken automatically every day; the newest are kept on the server.',
  backupNow: 'Back up now',
  backingUp: 'Backing up…',
  backupDone: 'Backup written: {{ name }}',
  download: 'Download',
  downloadNamed: 'Download {{ name }}',
  noBackups: 'No backups yet.',
  restoreTitle: 'Restore',
  restoreHint: 'To restore a backup, stop Spunta on the server and run:',
  adminOnly: 'Only admins manage backups.',
  size: 'Size',
  created: 'Taken',
  file: 'File',
};
