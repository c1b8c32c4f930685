import type { channelEn } from './channel.en.ts';

/** Ce que WhatsApp signale sur les messages et le numéro, en français : mêmes clés que channel.en.ts. */
export const channelFr: typeof channelEn = {
  edited: 'modifié',
  editHistory: 'Versions précédentes',
  editedAt: 'Jusqu’à {{ time }}',
  deleted: 'Ce message a été supprimé',
  whatsappApp: 'Application WhatsApp',
  whatsappAppHint: 'Envoyé depuis l’application WhatsApp Business sur ce numéro',
  mediaNotReceived: 'Non reçu : WhatsApp n’a pas pu récupérer ce fichier auprès de l’expéditeur',
  securityCodeChanged: 'Le code de sécurité avec ce client a changé',
  numberChanged: 'Le client a changé de numéro de téléphone',
  card: { work: 'travail', home: 'domicile', mobile: 'mobile', address: 'Adresse', birthday: 'Anniversaire' },
  username: 'Nom d’utilisateur',
  account: {
    restricted: 'WhatsApp a restreint ce compte : {{ what }}',
    restrictedUntil: 'WhatsApp a restreint ce compte jusqu’au {{ until }} : {{ what }}',
    banned: 'WhatsApp a désactivé ce compte ({{ state }})',
    violation: 'WhatsApp a signalé un non-respect de ses règles : {{ what }}',
    notice: 'Avis concernant le compte WhatsApp : {{ what }}',
    details: 'Détails',
    dismiss: 'Masquer jusqu’au prochain avis',
  },
};
