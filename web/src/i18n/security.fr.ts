import type { securityEn } from './security.en.ts';

/** Sessions, limites de connexion et sauvegardes en français : mêmes clés que security.en.ts. */
export const securityFr: typeof securityEn = {
  signOutEverywhere: 'Se déconnecter de tous les appareils',
  signOutEverywhereHint:
    'Met fin à toutes vos sessions — téléphones, ordinateurs, cet appareil compris. À utiliser si un appareil a été perdu.',
  signOutEverywhereConfirm: 'Se déconnecter de tous vos appareils, y compris celui-ci ?',
  rateLimited: 'Trop de tentatives échouées. Réessayez dans {{ minutes }} min.',
  backups: 'Sauvegardes',
  backupsIntro:
    'Une sauvegarde contient toutes les données de Spunta : discussions, contacts, paramètres, fichiers, le journal des webhooks et les clés. Une sauvegarde est faite automatiquement chaque jour ; les plus récentes sont conservées sur le serveur.',
  backupNow: 'Sauvegarder maintenant',
  backingUp: 'Sauvegarde en cours…',
  backupDone: 'Sauvegarde écrite : {{ name }}',
  download: 'Télécharger',
  downloadNamed: 'Télécharger {{ name }}',
  noBackups: 'Aucune sauvegarde pour l’instant.',
  restoreTitle: 'Restauration',
  restoreHint: 'Pour restaurer une sauvegarde, arrêtez Spunta sur le serveur puis lancez :',
  adminOnly: 'Seuls les administrateurs gèrent les sauvegardes.',
  size: 'Taille',
  created: 'Effectuée',
  file: 'Fichier',
};
