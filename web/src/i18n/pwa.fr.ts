import type { pwaEn } from './pwa.en.ts';

/** Textes PWA (installation, mise à jour, hors ligne, notifications). */
export const pwaFr: typeof pwaEn = {
  offline:
    'Hors ligne — affichage des données synchronisées {{ when }}. Les réponses partiront au retour de la connexion.',
  offlineNever: 'Hors ligne — rien n’a encore été synchronisé sur cet appareil.',
  syncedAt: 'à {{ time }}',
  syncedDay: 'le {{ date }} à {{ time }}',
  waiting: 'En attente de connexion',
  update: 'Une nouvelle version de Spunta est prête.',
  reload: 'Mettre à jour',
  install: 'Installer l’application',
  installHint:
    'Ajoutez Spunta à votre écran d’accueil : elle s’ouvre comme une application, fonctionne hors ligne et peut vous avertir.',
  notifications: 'Notifications',
  notificationsWhy:
    'Recevez une notification sur cet appareil quand un client écrit dans l’une de vos discussions ou qu’une nouvelle discussion arrive. Vous pouvez les désactiver à tout moment.',
  enable: 'Activer les notifications sur cet appareil',
  disable: 'Désactiver sur cet appareil',
  enabled: 'Les notifications sont activées sur cet appareil.',
  denied:
    'Les notifications de Spunta sont bloquées dans ce navigateur. Autorisez-les dans les paramètres du site, puis revenez ici.',
  unsupported:
    'Ce navigateur ne peut pas recevoir de notifications. Sur iPhone, ajoutez d’abord Spunta à l’écran d’accueil.',
  test: 'Envoyer une notification de test',
  testSent: 'Notification de test envoyée.',
  mute: 'Couper toutes les notifications',
  dnd: 'Ne pas déranger',
  dndFrom: 'De',
  dndTo: 'À',
  dndHint: 'Aucune notification entre ces heures (votre fuseau horaire : {{ tz }}).',
  offlineData: 'Lecture hors ligne',
  offlineDataHint:
    'Les {{ chats }} discussions les plus récentes et leurs {{ messages }} derniers messages sont conservés sur cet appareil et effacés à la déconnexion.',
  lastSync: 'Dernière synchronisation : {{ when }}',
  syncNow: 'Synchroniser maintenant',
  never: 'jamais',
  enabling: 'Activation des notifications…',
  timeout:
    'Impossible d’activer les notifications : le service push du navigateur n’a pas répondu en {{ s }} secondes. Vérifiez la connexion (un VPN ou un pare-feu peut le bloquer) et réessayez.',
  failed: 'Impossible d’activer les notifications : {{ reason }}',
  retry: 'Réessayer',
  manifest: {
    name: 'Spunta — boîte de réception d’équipe WhatsApp',
    description: 'Répondez à vos clients sur WhatsApp en équipe, depuis votre téléphone — même hors ligne.',
    inbox: 'Mes discussions',
    unassigned: 'Non attribuées',
  },
};
