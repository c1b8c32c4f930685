import type { Dict } from './en.ts';
import { pwaIt } from './pwa.it.ts';
import { ownershipIt } from './ownership.it.ts';
import { contactsIt } from './contacts.it.ts';
import { numbersIt } from './numbers.it.ts';
import { reliabilityIt } from './reliability.it.ts';
import { hoursIt } from './hours.it.ts';
import { oohIt } from './ooh.it.ts';
import { channelIt } from './channel.it.ts';
import { securityIt } from './security.it.ts';
import { templatesIt } from './templates.it.ts';

/** Italiano: stesse chiavi di en.ts (il tipo Dict lo verifica). */
export const it: Dict = {
  crm: contactsIt,
  channel: channelIt,
  pwa: pwaIt,
  numbers: numbersIt,
  reliability: reliabilityIt,
  hours: hoursIt,
  security: securityIt,
  own: ownershipIt,
  tpl: templatesIt,
  ooh: oohIt,
  app: { name: 'Spunta', skip: 'Vai al contenuto', offline: 'Sei offline. I messaggi partiranno quando torna la connessione.', loading: 'Caricamento…' },
  common: {
    cancel: 'Annulla', save: 'Salva', saved: 'Salvato', close: 'Chiudi', back: 'Indietro', retry: 'Riprova', send: 'Invia', delete: 'Elimina', edit: 'Modifica',
    add: 'Aggiungi', remove: 'Rimuovi', error: 'Qualcosa è andato storto', yes: 'Sì', no: 'No', none: 'Nessuno', you: 'Tu', search: 'Cerca', more: 'Altro',
  },
  auth: {
    title: 'Accedi a Spunta', subtitle: 'Inbox di team per WhatsApp', email: 'Email', password: 'Password', submit: 'Accedi', submitting: 'Accesso in corso…',
    invalid: 'Email o password errate, oppure l’account è disattivato.', expired: 'La sessione è scaduta. Accedi di nuovo: le bozze sono salvate.',
    signOut: 'Esci', sandbox: 'Apri il telefono cliente (sandbox)',
  },
  roles: { admin: 'Amministratore', manager: 'Manager', operator: 'Operatore', viewer: 'Sola lettura' },
  inbox: {
    title: 'Chat', tabs: 'Filtri conversazioni', mine: 'Mie', unassigned: 'Non assegnate', all: 'Tutte', unread: 'Non lette',
    search: 'Cerca nome, telefono o messaggio', clearSearch: 'Cancella ricerca', statusFilter: 'Mostra', open: 'Aperte', closed: 'Chiuse',
    empty: 'Ancora nessuna conversazione qui.', emptySearch: 'Nessuna conversazione corrisponde a “{{ q }}”.', loadingMore: 'Caricamento…',
    loadError: 'Impossibile caricare le conversazioni.', assignedTo: 'Assegnata a {{ name }}', assignedToYou: 'Assegnata a te',
    unassignedLabel: 'Non assegnata', unreadCount: (n: number) => (n === 1 ? '1 messaggio non letto' : `${n} messaggi non letti`),
    windowLeft: 'ancora {{ time }}', windowClosed: 'Finestra chiusa', settings: 'Impostazioni', menu: 'Menu', count: (n: number) => (n === 1 ? '1 chat' : `${n} chat`),
    selectChat: 'Seleziona una chat per iniziare', selectChatHint: 'I nuovi messaggi arrivano qui in tempo reale.',
  },
  time: { hm: '{{ h }} h {{ m }} min', m: '{{ m }} min', today: 'Oggi', yesterday: 'Ieri', justNow: 'ora' },
  chat: {
    back: 'Torna alle chat', info: 'Dettagli contatto', actions: 'Azioni chat', loadOlder: 'Caricamento messaggi precedenti…', noMessages: 'Nessun messaggio.',
    notFound: 'Questa chat non esiste o non puoi vederla.', windowOpen: 'Finestra aperta · ancora {{ time }}', windowClosed: 'Finestra di 24 h chiusa',
    windowNever: 'Il cliente non ha ancora scritto', closedChat: 'Questa chat è chiusa.', reopen: 'Riapri', close: 'Chiudi chat',
    assignMe: 'Assegna a me', assignTo: 'Assegna a…', unassign: 'Rimuovi assegnazione', assignee: 'Assegnatario', assignedBanner: 'Assegnata a {{ name }}',
    statusQueued: 'In invio', statusSent: 'Inviato', statusDelivered: 'Consegnato', statusRead: 'Letto', statusFailed: 'Non consegnato', statusReceived: 'Ricevuto',
    failedReason: 'Non consegnato: {{ reason }}', retry: 'Riprova', retrying: 'Nuovo invio…', discard: 'Scarta', reply: 'Rispondi', react: 'Reagisci',
    messageActions: 'Azioni messaggio', quoted: 'Vai al messaggio citato', quotedMissing: 'Messaggio originale', you: 'Tu', customer: 'Cliente',
    forwarded: 'Inoltrato', frequentlyForwarded: 'Inoltrato molte volte', photo: 'Foto', video: 'Video', audio: 'Audio', voice: 'Messaggio vocale',
    document: 'Documento', sticker: 'Sticker', download: 'Scarica', mediaPending: 'Download del file…', mediaFailed: 'File non disponibile',
    openMap: 'Apri mappa', location: 'Posizione', contactCard: 'Contatto', order: (n: number) => (n === 1 ? 'Ordine · 1 articolo' : `Ordine · ${n} articoli`),
    unsupported: 'Tipo di messaggio non supportato', system: 'Messaggio di sistema', note: 'Nota interna', noteHint: 'La vede solo il tuo team',
    template: 'Modello', listButton: 'Lista', buttonReply: 'Risposta con pulsante', listReply: 'Risposta dalla lista', form: 'Modulo inviato',
    reactedTo: 'Ha reagito {{ emoji }}', reactions: 'Reazioni: {{ list }}', welcome: 'Ha aperto la chat', viewing: '{{ names }} sta guardando questa chat',
    typing: '{{ names }} sta scrivendo…', sentBy: 'Inviato da {{ name }}', newMessages: 'Nuovi messaggi', referral: 'Da un annuncio: {{ title }}', notFoundBack: 'Torna alla lista',
  },
  composer: {
    placeholder: 'Messaggio', notePlaceholder: 'Nota interna — @ per menzionare', modeReply: 'Rispondi', modeNote: 'Nota', emoji: 'Emoji', attach: 'Allega',
    attachImage: 'Foto (JPEG, PNG · 5 MB)', attachDocument: 'Documento (100 MB)', interactive: 'Pulsanti o lista', caption: 'Didascalia (facoltativa)',
    send: 'Invia', sendNote: 'Aggiungi nota', replyingTo: 'Rispondi a {{ who }}', cancelReply: 'Annulla risposta', removeAttachment: 'Rimuovi allegato',
    tooLarge: '{{ name }} è troppo grande: su WhatsApp i file {{ kind }} possono essere al massimo {{ max }} MB.', badType: '{{ name }} non può essere inviato: usa un’immagine JPEG o PNG oppure un documento.',
    windowClosed: 'La finestra di 24 ore è chiusa: il cliente non scrive da più di un giorno, quindi WhatsApp consente solo un modello approvato.',
    windowNever: 'Il cliente non ha ancora scritto: inizia con un modello approvato.', chooseTemplate: 'Scegli un modello',
    viewer: 'Hai accesso in sola lettura: non puoi inviare messaggi.', quickReplies: 'Risposte rapide', noQuickReplies: 'Nessuna risposta rapida inizia con “/{{ q }}”.',
    mentions: 'Menziona un collega', templateRequired: 'Nel frattempo la finestra si è chiusa: invia un modello.', sendFailed: 'Non inviato: {{ reason }}',
    enterHint: 'Invio per inviare, Maiusc+Invio per andare a capo', uploading: 'Caricamento…',
  },
  builder: {
    title: 'Messaggio interattivo', buttons: 'Pulsanti di risposta', list: 'Lista', body: 'Testo del messaggio', header: 'Intestazione (facoltativa)', footer: 'Piè di pagina (facoltativo)',
    button: 'Pulsante {{ n }}', addButton: 'Aggiungi pulsante', listButton: 'Testo del pulsante lista', section: 'Titolo sezione (facoltativo)', row: 'Riga {{ n }}',
    rowTitle: 'Titolo', rowDescription: 'Descrizione (facoltativa)', addRow: 'Aggiungi riga', removeRow: 'Rimuovi riga', removeButton: 'Rimuovi pulsante',
    maxButtons: 'Al massimo 3 pulsanti', maxRows: 'Al massimo 10 righe', tooLong: 'Al massimo {{ max }} caratteri', required: 'Obbligatorio', duplicate: 'I titoli devono essere diversi',
    preview: 'Anteprima', send: 'Invia',
  },
  templates: {
    title: 'Invia un modello', search: 'Cerca modelli', none: 'Nessun modello approvato.', params: 'Parametri', param: 'Valore per {{ name }}',
    preview: 'Anteprima', send: 'Invia modello', back: 'Tutti i modelli', language: 'Lingua', missing: 'Compila tutti i parametri',
  },
  contact: {
    title: 'Contatto', name: 'Nome', phone: 'Telefono', profileName: 'Nome profilo WhatsApp', language: 'Lingua', tags: 'Tag', lists: 'Liste',
    notes: 'Note', save: 'Salva contatto', saved: 'Contatto salvato', readOnly: 'Sola lettura', addTag: 'Aggiungi tag', addList: 'Aggiungi a lista', none: 'Nessuno',
    languageAuto: 'Non impostata', copyPhone: 'Copia numero', copied: 'Copiato', noTags: 'Nessuno', noLists: 'Nessuna',
  },
  settings: {
    shortcutHint: 'Solo lettere minuscole a–z, cifre 0–9, _ e -, senza spazi (es. orari-negozio).', shortcutTaken: 'Un’altra risposta rapida usa già /{{ shortcut }}.',
    theme: 'Aspetto', themeSystem: 'Come il dispositivo', themeLight: 'Chiaro', themeDark: 'Scuro', themeHint: 'Vale solo per questo dispositivo.',
    title: 'Impostazioni', account: 'Account', language: 'Lingua', languageAuto: 'Lingua del browser', users: 'Team', quickReplies: 'Risposte rapide',
    back: 'Torna alle chat', name: 'Nome', email: 'Email', role: 'Ruolo', active: 'Attivo', inactive: 'Disattivato', seeUnassigned: 'Vede le chat non assegnate',
    newUser: 'Aggiungi membro del team', create: 'Crea', password: 'Password (facoltativa, almeno 10 caratteri)', passwordOnce: 'Password per {{ email }} — mostrata una sola volta:',
    deactivate: 'Disattiva', activate: 'Attiva', you: 'tu', shortcut: 'Scorciatoia', qrTitle: 'Titolo', qrBody: 'Testo', newQuickReply: 'Nuova risposta rapida',
    qrHint: 'Nel composer digita / seguito dalla scorciatoia.', noQuickReplies: 'Ancora nessuna risposta rapida.', deleteConfirm: 'Eliminare “/{{ shortcut }}”?',
    adminOnly: 'Solo gli amministratori gestiscono il team.', signedInAs: 'Accesso come {{ name }} ({{ role }})',
  },
  metaErrors: {
    details: 'Dettagli', notOnWhatsApp: 'Questo numero non è su WhatsApp, oppure ha una versione di WhatsApp troppo vecchia per ricevere il messaggio.',
    windowClosed: 'Sono passate più di 24 ore dall’ultimo messaggio del cliente: invia un modello approvato.',
    marketingCap: 'WhatsApp ha trattenuto questo messaggio di marketing per non mandarne troppi a questa persona. Riprova tra un giorno o due.',
    optedOut: 'Il cliente ha disattivato i tuoi messaggi di marketing: invia solo messaggi di servizio.', unsupportedType: 'WhatsApp non può consegnare questo tipo di messaggio.',
    mediaDownload: 'WhatsApp non è riuscito a scaricare il file: verifica che il link funzioni.', mediaUpload: 'Il file non è stato inviato: controlla tipo e dimensione.',
    pairRate: 'Troppi messaggi a questo cliente in poco tempo: aspetta un momento e riprova.', throughput: 'Questo numero sta inviando troppo velocemente: riprova tra poco.',
    spamLimit: 'Gli invii sono limitati perché molte persone hanno bloccato o segnalato i tuoi messaggi: sospendi le campagne e avvisa un amministratore.',
    maintenance: 'Il numero aziendale è in manutenzione per poco: riprova più tardi.', temporary: 'WhatsApp ha avuto un problema temporaneo: riprova.',
    templateParams: 'I parametri del modello non corrispondono a quelli approvati: controllali.', templateMissing: 'Questo modello non esiste nella lingua del cliente.',
    templateTooLong: 'Il testo del modello è troppo lungo una volta inseriti i parametri.', templatePolicy: 'WhatsApp ha rifiutato questo modello in base alle sue regole.',
    templatePaused: 'Il modello è in pausa per bassa qualità: usane un altro.', templateDisabled: 'Il modello è stato disattivato da WhatsApp.',
    policyBlock: 'L’account aziendale è bloccato temporaneamente per violazione delle regole: avvisa un amministratore.', accountLocked: 'L’account aziendale è bloccato: avvisa un amministratore.',
    countryRestricted: 'L’azienda non può scrivere ai numeri di questo paese.', tokenExpired: 'La connessione a WhatsApp è scaduta: un amministratore deve ricollegare il numero.',
  },
  errors: {
    template_required: 'La finestra di 24 ore è chiusa: invia un modello.', forbidden: 'Non hai i permessi per farlo.', network: 'Nessuna connessione.',
    validation_failed: 'Controlla il messaggio: {{ message }}', not_retryable: 'Questo messaggio non può essere inviato di nuovo.', unauthorized: 'Sessione scaduta.',
  },
};
