import type { reliabilityEn } from './reliability.en.ts';

/** Fiabilité (événements rejetés) en français : mêmes clés que reliability.en.ts. */
export const reliabilityFr: typeof reliabilityEn = {
  deadLetters: 'Événements rejetés',
  intro:
    'Événements webhook de WhatsApp que la base de données a refusés comme invalides. Ils sont conservés en lieu sûr, jamais perdus : après une correction (par exemple une mise à jour), retraitez-les. Les retraiter deux fois n’enregistre rien en double.',
  adminOnly: 'Seuls les administrateurs voient les événements rejetés.',
  none: 'Aucun événement rejeté : chaque événement reçu de WhatsApp a été enregistré.',
  pending: '{{ count }} en attente',
  replayAll: 'Tout retraiter',
  replay: 'Retraiter',
  replayedOk: 'Retraité et enregistré.',
  replayedAll: '{{ replayed }} retraités, {{ failed }} toujours refusés.',
  alreadyReplayed: 'Déjà retraité auparavant.',
  stillRefused: 'Toujours refusé : {{ error }}',
  reasonInvalid: 'Refusé par la base de données',
  reasonCorrupt: 'Enregistrement du journal endommagé',
  stateDead: 'En attente',
  stateReplayed: 'Retraité : {{ when }}',
  contents: 'Messages : {{ messages }} · statuts : {{ statuses }} · autres mises à jour : {{ other }}',
  unreadable: 'Contenu illisible',
  from: 'De {{ senders }}',
  received: 'Conservé : {{ when }}',
  error: 'Erreur',
  lastAttempt: 'Dernier retraitement refusé : {{ error }}',
  attempts: 'Retraitements tentés : {{ count }}',
  raw: 'Événement brut ({{ size }} octets)',
  refresh: 'Actualiser',
};
