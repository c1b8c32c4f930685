import type { oohEn } from './ooh.en.ts';

/** Réponse automatique hors horaires (réglages des horaires, étiquette dans la discussion). */
export const oohFr: typeof oohEn = {
  title: 'Réponse automatique pendant la fermeture',
  intro:
    'Les clients qui écrivent en dehors des horaires d’ouverture ou un jour férié reçoivent cette réponse une fois par fenêtre de conversation (24 heures), sauf si quelqu’un répond avant.',
  enabled: 'Répondre automatiquement pendant la fermeture',
  text: 'Réponse (par défaut)',
  textHint: 'Envoyée quand aucune variante ne correspond à la langue du contact.',
  holidayText: 'Réponse les jours fériés (par défaut)',
  holidayHint: 'Envoyée les jours fériés ; si elle est vide, la réponse ci-dessus.',
  grace: 'Attendre avant de répondre (secondes)',
  graceHint: 'Rien n’est envoyé si une personne ou une automatisation répond entre-temps.',
  variants: 'Autres langues',
  noVariants: 'Aucune autre langue : tout le monde reçoit la réponse par défaut.',
  language: 'Langue',
  variantText: 'Réponse en {{ lang }}',
  variantHoliday: 'Réponse les jours fériés en {{ lang }}',
  addLanguage: 'Ajouter une langue',
  removeLanguage: 'Retirer {{ lang }}',
  save: 'Enregistrer la réponse',
  saved: 'Réponse automatique enregistrée',
  needText: 'Écrivez la réponse avant de l’activer.',
  label: 'Réponse automatique',
  labelHint: 'Envoyée automatiquement car le client a écrit pendant la fermeture',
  consentHint: 'Envoyée automatiquement pour confirmer l’inscription ou la désinscription du client',
};
