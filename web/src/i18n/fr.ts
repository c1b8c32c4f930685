import type { Dict } from './en.ts';
import { pwaFr } from './pwa.fr.ts';
import { ownershipFr } from './ownership.fr.ts';
import { contactsFr } from './contacts.fr.ts';
import { numbersFr } from './numbers.fr.ts';
import { reliabilityFr } from './reliability.fr.ts';
import { hoursFr } from './hours.fr.ts';
import { channelFr } from './channel.fr.ts';
import { securityFr } from './security.fr.ts';
import { templatesFr } from './templates.fr.ts';
import { oohFr } from './ooh.fr.ts';

/** Français : mêmes clés que en.ts (le type Dict et dictionaries.test.ts le vérifient). */
export const fr: Dict = {
  crm: contactsFr,
  channel: channelFr,
  pwa: pwaFr,
  numbers: numbersFr,
  reliability: reliabilityFr,
  hours: hoursFr,
  security: securityFr,
  own: ownershipFr,
  tpl: templatesFr,
  ooh: oohFr,
  app: { name: 'Spunta', skip: 'Aller au contenu', offline: 'Vous êtes hors ligne. Les messages partiront dès le retour de la connexion.', loading: 'Chargement…' },
  common: {
    cancel: 'Annuler', save: 'Enregistrer', saved: 'Enregistré', close: 'Fermer', back: 'Retour', retry: 'Réessayer', send: 'Envoyer', delete: 'Supprimer', edit: 'Modifier',
    add: 'Ajouter', remove: 'Retirer', error: 'Une erreur est survenue', yes: 'Oui', no: 'Non', none: 'Aucun', you: 'Vous', search: 'Rechercher', more: 'Plus',
  },
  auth: {
    title: 'Se connecter à Spunta', subtitle: 'Boîte de réception d’équipe pour WhatsApp', email: 'E-mail', password: 'Mot de passe', submit: 'Se connecter', submitting: 'Connexion…',
    invalid: 'E-mail ou mot de passe incorrect, ou compte désactivé.', expired: 'Votre session a expiré. Reconnectez-vous : vos brouillons sont conservés.',
    signOut: 'Se déconnecter', sandbox: 'Ouvrir le téléphone client (sandbox)',
  },
  roles: { admin: 'Administrateur', manager: 'Responsable', operator: 'Opérateur', viewer: 'Lecture seule' },
  inbox: {
    title: 'Discussions', tabs: 'Filtres des conversations', mine: 'Les miennes', unassigned: 'Non attribuées', all: 'Toutes', unread: 'Non lues',
    search: 'Rechercher un nom, un numéro ou un message', clearSearch: 'Effacer la recherche', statusFilter: 'Afficher', open: 'Ouvertes', closed: 'Fermées',
    empty: 'Aucune conversation pour l’instant.', emptySearch: 'Aucune conversation ne correspond à « {{ q }} ».', loadingMore: 'Chargement…',
    loadError: 'Impossible de charger les conversations.', assignedTo: 'Attribuée à {{ name }}', assignedToYou: 'Attribuée à vous',
    unassignedLabel: 'Non attribuée', unreadCount: (n: number) => (n === 1 ? '1 message non lu' : `${n} messages non lus`),
    windowLeft: 'encore {{ time }}', windowClosed: 'Fenêtre fermée', settings: 'Paramètres', menu: 'Menu', count: (n: number) => (n === 1 ? '1 discussion' : `${n} discussions`),
    selectChat: 'Choisissez une discussion', selectChatHint: 'Les nouveaux messages arrivent ici en direct.',
  },
  time: { hm: '{{ h }} h {{ m }} min', m: '{{ m }} min', today: 'Aujourd’hui', yesterday: 'Hier', justNow: 'maintenant' },
  chat: {
    back: 'Retour aux discussions', info: 'Détails du contact', actions: 'Actions de la discussion', loadOlder: 'Chargement des messages précédents…', noMessages: 'Aucun message pour l’instant.',
    notFound: 'Cette discussion n’existe pas ou vous n’y avez pas accès.', windowOpen: 'Fenêtre ouverte · encore {{ time }}', windowClosed: 'Fenêtre de 24 h fermée',
    windowNever: 'Le client n’a pas encore écrit', closedChat: 'Cette discussion est fermée.', reopen: 'Rouvrir', close: 'Fermer la discussion',
    assignMe: 'M’attribuer', assignTo: 'Attribuer à…', unassign: 'Retirer l’attribution', assignee: 'Responsable', assignedBanner: 'Attribuée à {{ name }}',
    statusQueued: 'Envoi en cours', statusSent: 'Envoyé', statusDelivered: 'Distribué', statusRead: 'Lu', statusFailed: 'Non distribué', statusReceived: 'Reçu',
    failedReason: 'Non distribué : {{ reason }}', retry: 'Réessayer', retrying: 'Nouvel envoi…', discard: 'Abandonner', reply: 'Répondre', react: 'Réagir',
    messageActions: 'Actions du message', quoted: 'Aller au message cité', quotedMissing: 'Message d’origine', you: 'Vous', customer: 'Client',
    forwarded: 'Transféré', frequentlyForwarded: 'Transféré de nombreuses fois', photo: 'Photo', video: 'Vidéo', audio: 'Audio', voice: 'Message vocal',
    document: 'Document', sticker: 'Autocollant', download: 'Télécharger', mediaPending: 'Téléchargement du fichier…', mediaFailed: 'Fichier indisponible',
    openMap: 'Ouvrir la carte', location: 'Position', contactCard: 'Contact', order: (n: number) => (n === 1 ? 'Commande · 1 article' : `Commande · ${n} articles`),
    unsupported: 'Ce type de message n’est pas pris en charge', system: 'Message système', note: 'Note interne', noteHint: 'Visible uniquement par votre équipe',
    template: 'Modèle', listButton: 'Liste', buttonReply: 'Réponse par bouton', listReply: 'Réponse dans la liste', form: 'Formulaire envoyé',
    reactedTo: 'A réagi {{ emoji }}', reactions: 'Réactions : {{ list }}', welcome: 'A ouvert la discussion', viewing: '{{ names }} consulte cette discussion',
    typing: '{{ names }} écrit…', sentBy: 'Envoyé par {{ name }}', newMessages: 'Nouveaux messages', referral: 'Depuis une annonce : {{ title }}', notFoundBack: 'Retour à la liste',
  },
  composer: {
    placeholder: 'Message', notePlaceholder: 'Note interne — @ pour mentionner', modeReply: 'Répondre', modeNote: 'Note', emoji: 'Emoji', attach: 'Joindre',
    attachImage: 'Photo (JPEG, PNG · 5 Mo)', attachDocument: 'Document (100 Mo)', interactive: 'Boutons ou liste', caption: 'Légende (facultative)',
    send: 'Envoyer', sendNote: 'Ajouter la note', replyingTo: 'Réponse à {{ who }}', cancelReply: 'Annuler la réponse', removeAttachment: 'Retirer la pièce jointe',
    tooLarge: '{{ name }} est trop volumineux : sur WhatsApp, les fichiers {{ kind }} ne peuvent pas dépasser {{ max }} Mo.', badType: '{{ name }} ne peut pas être envoyé : utilisez une image JPEG ou PNG, ou un document.',
    windowClosed: 'La fenêtre de 24 heures est fermée : le client n’a pas écrit depuis plus d’un jour, WhatsApp n’autorise donc qu’un modèle approuvé.',
    windowNever: 'Le client n’a pas encore écrit : commencez par un modèle approuvé.', chooseTemplate: 'Choisir un modèle',
    viewer: 'Vous avez un accès en lecture seule : vous ne pouvez pas envoyer de messages.', quickReplies: 'Réponses rapides', noQuickReplies: 'Aucune réponse rapide ne commence par « /{{ q }} ».',
    mentions: 'Mentionner un collègue', templateRequired: 'La fenêtre s’est fermée entre-temps : envoyez un modèle.', sendFailed: 'Non envoyé : {{ reason }}',
    enterHint: 'Entrée pour envoyer, Maj+Entrée pour aller à la ligne', uploading: 'Envoi du fichier…',
  },
  builder: {
    title: 'Message interactif', buttons: 'Boutons de réponse', list: 'Liste', body: 'Texte du message', header: 'En-tête (facultatif)', footer: 'Pied de page (facultatif)',
    button: 'Bouton {{ n }}', addButton: 'Ajouter un bouton', listButton: 'Libellé du bouton de liste', section: 'Titre de section (facultatif)', row: 'Ligne {{ n }}',
    rowTitle: 'Titre', rowDescription: 'Description (facultative)', addRow: 'Ajouter une ligne', removeRow: 'Supprimer la ligne', removeButton: 'Supprimer le bouton',
    maxButtons: '3 boutons au maximum', maxRows: '10 lignes au maximum', tooLong: '{{ max }} caractères au maximum', required: 'Obligatoire', duplicate: 'Les titres doivent être différents',
    preview: 'Aperçu', send: 'Envoyer',
  },
  templates: {
    title: 'Envoyer un modèle', search: 'Rechercher un modèle', none: 'Aucun modèle approuvé.', params: 'Paramètres', param: 'Valeur pour {{ name }}',
    preview: 'Aperçu', send: 'Envoyer le modèle', back: 'Tous les modèles', language: 'Langue', missing: 'Remplissez tous les paramètres',
  },
  contact: {
    title: 'Contact', name: 'Nom', phone: 'Téléphone', profileName: 'Nom du profil WhatsApp', language: 'Langue', tags: 'Étiquettes', lists: 'Listes',
    notes: 'Notes', save: 'Enregistrer le contact', saved: 'Contact enregistré', readOnly: 'Lecture seule', addTag: 'Ajouter une étiquette', addList: 'Ajouter à une liste', none: 'Aucun',
    languageAuto: 'Non définie', copyPhone: 'Copier le numéro', copied: 'Copié', noTags: 'Aucune', noLists: 'Aucune',
  },
  settings: {
    shortcutHint: 'Uniquement des lettres minuscules a–z, des chiffres 0–9, _ et -, sans espaces (p. ex. horaires-magasin).', shortcutTaken: 'Une autre réponse rapide utilise déjà /{{ shortcut }}.',
    theme: 'Apparence', themeSystem: 'Comme l’appareil', themeLight: 'Clair', themeDark: 'Sombre', themeHint: 'S’applique uniquement à cet appareil.',
    title: 'Paramètres', account: 'Compte', language: 'Langue', languageAuto: 'Langue du navigateur', users: 'Équipe', quickReplies: 'Réponses rapides',
    back: 'Retour aux discussions', name: 'Nom', email: 'E-mail', role: 'Rôle', active: 'Actif', inactive: 'Désactivé', seeUnassigned: 'Voit les discussions non attribuées',
    newUser: 'Ajouter un membre', create: 'Créer', password: 'Mot de passe (facultatif, au moins 10 caractères)', passwordOnce: 'Mot de passe de {{ email }} — affiché une seule fois :',
    deactivate: 'Désactiver', activate: 'Activer', you: 'vous', shortcut: 'Raccourci', qrTitle: 'Titre', qrBody: 'Texte', newQuickReply: 'Nouvelle réponse rapide',
    qrHint: 'Dans la zone de saisie, tapez / suivi du raccourci.', noQuickReplies: 'Aucune réponse rapide pour l’instant.', deleteConfirm: 'Supprimer « /{{ shortcut }} » ?',
    adminOnly: 'Seuls les administrateurs gèrent l’équipe.', signedInAs: 'Connecté en tant que {{ name }} ({{ role }})',
  },
  metaErrors: {
    details: 'Détails', notOnWhatsApp: 'Ce numéro n’est pas sur WhatsApp, ou sa version de WhatsApp est trop ancienne pour recevoir ce message.',
    windowClosed: 'Plus de 24 heures depuis le dernier message du client : envoyez plutôt un modèle approuvé.',
    marketingCap: 'WhatsApp a retenu ce message marketing pour ne pas en envoyer trop à cette personne. Réessayez dans un jour ou deux.',
    optedOut: 'Le client a refusé vos messages marketing : n’envoyez que des messages de service.', unsupportedType: 'WhatsApp ne peut pas distribuer ce type de message.',
    mediaDownload: 'WhatsApp n’a pas pu télécharger le fichier : vérifiez que son lien fonctionne.', mediaUpload: 'Le fichier n’a pas pu être envoyé : vérifiez son type et sa taille.',
    pairRate: 'Trop de messages à ce client en peu de temps : patientez un peu et réessayez.', throughput: 'Ce numéro envoie trop vite en ce moment : réessayez dans un instant.',
    spamLimit: 'Les envois sont limités car beaucoup de personnes ont bloqué ou signalé vos messages : suspendez les campagnes et prévenez un administrateur.',
    maintenance: 'Le numéro de l’entreprise est brièvement en maintenance : réessayez plus tard.', temporary: 'WhatsApp a rencontré un problème temporaire : réessayez.',
    templateParams: 'Les paramètres du modèle ne correspondent pas à ceux approuvés : vérifiez-les.', templateMissing: 'Ce modèle n’existe pas dans la langue du client.',
    templateTooLong: 'Le texte du modèle est trop long une fois les paramètres remplis.', templatePolicy: 'WhatsApp a refusé ce modèle au nom de ses règles.',
    templatePaused: 'Le modèle est en pause pour qualité insuffisante : utilisez-en un autre.', templateDisabled: 'Le modèle a été désactivé par WhatsApp.',
    policyBlock: 'Le compte de l’entreprise est temporairement bloqué pour non-respect des règles : prévenez un administrateur.', accountLocked: 'Le compte de l’entreprise est verrouillé : prévenez un administrateur.',
    countryRestricted: 'L’entreprise ne peut pas écrire aux numéros de ce pays.', tokenExpired: 'La connexion à WhatsApp a expiré : un administrateur doit reconnecter le numéro.',
  },
  errors: {
    template_required: 'La fenêtre de 24 heures est fermée : envoyez un modèle.', forbidden: 'Vous n’êtes pas autorisé à faire cela.', network: 'Pas de connexion.',
    validation_failed: 'Vérifiez le message : {{ message }}', not_retryable: 'Ce message ne peut pas être renvoyé.', unauthorized: 'Session expirée.',
  },
};
