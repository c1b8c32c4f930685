/** English strings: the reference dictionary. it.ts must have the same keys (checked by the type). */
import { pwaEn } from './pwa.en.ts';
import { ownershipEn } from './ownership.en.ts';
import { contactsEn } from './contacts.en.ts';
import { numbersEn } from './numbers.en.ts';
import { reliabilityEn } from './reliability.en.ts';
import { hoursEn } from './hours.en.ts';
import { oohEn } from './ooh.en.ts';
import { channelEn } from './channel.en.ts';
import { securityEn } from './security.en.ts';
import { templatesEn } from './templates.en.ts';

export const en = {
  crm: contactsEn,
  channel: channelEn,
  pwa: pwaEn,
  numbers: numbersEn,
  reliability: reliabilityEn,
  hours: hoursEn,
  security: securityEn,
  own: ownershipEn,
  tpl: templatesEn,
  ooh: oohEn,
  app: { name: 'Spunta', skip: 'Skip to content', offline: 'You are offline. Messages will be sent when the connection is back.', loading: 'Loading…' },
  common: {
    cancel: 'Cancel', save: 'Save', saved: 'Saved', close: 'Close', back: 'Back', retry: 'Retry', send: 'Send', delete: 'Delete', edit: 'Edit',
    add: 'Add', remove: 'Remove', error: 'Something went wrong', yes: 'Yes', no: 'No', none: 'None', you: 'You', search: 'Search', more: 'More',
  },
  auth: {
    title: 'Sign in to Spunta', subtitle: 'Team inbox for WhatsApp', email: 'Email', password: 'Password', submit: 'Sign in', submitting: 'Signing in…',
    invalid: 'Wrong email or password, or the account is deactivated.', expired: 'Your session expired. Sign in again: your drafts are kept.',
    signOut: 'Sign out', sandbox: 'Open the customer phone (sandbox)',
  },
  roles: { admin: 'Admin', manager: 'Manager', operator: 'Operator', viewer: 'Viewer' },
  inbox: {
    title: 'Chats', tabs: 'Conversation filters', mine: 'Mine', unassigned: 'Unassigned', all: 'All', unread: 'Unread',
    search: 'Search name, phone or message', clearSearch: 'Clear search', statusFilter: 'Show', open: 'Open', closed: 'Closed',
    empty: 'No conversations here yet.', emptySearch: 'No conversation matches “{{ q }}”.', loadingMore: 'Loading more…',
    loadError: 'The conversations could not be loaded.', assignedTo: 'Assigned to {{ name }}', assignedToYou: 'Assigned to you',
    unassignedLabel: 'Unassigned', unreadCount: (n: number) => (n === 1 ? '1 unread message' : `${n} unread messages`),
    windowLeft: '{{ time }} left', windowClosed: 'Window closed', settings: 'Settings', menu: 'Menu', count: (n: number) => (n === 1 ? '1 chat' : `${n} chats`),
    selectChat: 'Select a chat to start', selectChatHint: 'New messages arrive here live.',
  },
  time: { hm: '{{ h }} h {{ m }} min', m: '{{ m }} min', today: 'Today', yesterday: 'Yesterday', justNow: 'now' },
  chat: {
    back: 'Back to chats', info: 'Contact details', actions: 'Chat actions', loadOlder: 'Loading earlier messages…', noMessages: 'No messages yet.',
    notFound: 'This chat does not exist or you cannot see it.', windowOpen: 'Window open · {{ time }} left', windowClosed: '24 h window closed',
    windowNever: 'The customer has not written yet', closedChat: 'This chat is closed.', reopen: 'Reopen', close: 'Close chat',
    assignMe: 'Assign to me', assignTo: 'Assign to…', unassign: 'Unassign', assignee: 'Assignee', assignedBanner: 'Assigned to {{ name }}',
    statusQueued: 'Sending', statusSent: 'Sent', statusDelivered: 'Delivered', statusRead: 'Read', statusFailed: 'Not delivered', statusReceived: 'Received',
    failedReason: 'Not delivered: {{ reason }}', retry: 'Retry', retrying: 'Sending again…', discard: 'Discard', reply: 'Reply', react: 'React',
    messageActions: 'Message actions', quoted: 'Go to the quoted message', quotedMissing: 'Original message', you: 'You', customer: 'Customer',
    forwarded: 'Forwarded', frequentlyForwarded: 'Forwarded many times', photo: 'Photo', video: 'Video', audio: 'Audio', voice: 'Voice message',
    document: 'Document', sticker: 'Sticker', download: 'Download', mediaPending: 'Downloading media…', mediaFailed: 'Media not available',
    openMap: 'Open map', location: 'Location', contactCard: 'Contact', order: (n: number) => (n === 1 ? 'Order · 1 item' : `Order · ${n} items`),
    unsupported: 'This message type is not supported', system: 'System message', note: 'Internal note', noteHint: 'Only your team sees this',
    template: 'Template', listButton: 'List', buttonReply: 'Button reply', listReply: 'List reply', form: 'Form submitted',
    reactedTo: 'Reacted {{ emoji }}', reactions: 'Reactions: {{ list }}', welcome: 'Opened the chat', viewing: '{{ names }} viewing this chat',
    typing: '{{ names }} typing…', sentBy: 'Sent by {{ name }}', newMessages: 'New messages', referral: 'From an ad: {{ title }}', notFoundBack: 'Back to the list',
  },
  composer: {
    placeholder: 'Message', notePlaceholder: 'Internal note — @ to mention', modeReply: 'Reply', modeNote: 'Note', emoji: 'Emoji', attach: 'Attach',
    attachImage: 'Photo (JPEG, PNG · 5 MB)', attachDocument: 'Document (100 MB)', interactive: 'Buttons or list', caption: 'Caption (optional)',
    send: 'Send', sendNote: 'Add note', replyingTo: 'Replying to {{ who }}', cancelReply: 'Cancel reply', removeAttachment: 'Remove attachment',
    tooLarge: '{{ name }} is too large: {{ kind }} files can be at most {{ max }} MB on WhatsApp.', badType: '{{ name }} cannot be sent: use a JPEG or PNG image or a document.',
    windowClosed: 'The 24-hour window is closed: the customer has not written for more than a day, so WhatsApp only allows an approved template.',
    windowNever: 'The customer has not written yet: start with an approved template.', chooseTemplate: 'Choose a template',
    viewer: 'You have read-only access: viewers cannot send messages.', quickReplies: 'Quick replies', noQuickReplies: 'No quick reply starts with “/{{ q }}”.',
    mentions: 'Mention a teammate', templateRequired: 'The window closed meanwhile: send a template instead.', sendFailed: 'Not sent: {{ reason }}',
    enterHint: 'Enter to send, Shift+Enter for a new line', uploading: 'Uploading…',
  },
  builder: {
    title: 'Interactive message', buttons: 'Reply buttons', list: 'List', body: 'Message text', header: 'Header (optional)', footer: 'Footer (optional)',
    button: 'Button {{ n }}', addButton: 'Add button', listButton: 'List button label', section: 'Section title (optional)', row: 'Row {{ n }}',
    rowTitle: 'Title', rowDescription: 'Description (optional)', addRow: 'Add row', removeRow: 'Remove row', removeButton: 'Remove button',
    maxButtons: 'Up to 3 buttons', maxRows: 'Up to 10 rows', tooLong: 'At most {{ max }} characters', required: 'Required', duplicate: 'Titles must be different',
    preview: 'Preview', send: 'Send',
  },
  templates: {
    title: 'Send a template', search: 'Search templates', none: 'No approved templates.', params: 'Parameters', param: 'Value for {{ name }}',
    preview: 'Preview', send: 'Send template', back: 'All templates', language: 'Language', missing: 'Fill in every parameter',
  },
  contact: {
    title: 'Contact', name: 'Name', phone: 'Phone', profileName: 'WhatsApp profile name', language: 'Language', tags: 'Tags', lists: 'Lists',
    notes: 'Notes', save: 'Save contact', saved: 'Contact saved', readOnly: 'Read-only', addTag: 'Add tag', addList: 'Add to list', none: 'None',
    languageAuto: 'Not set', copyPhone: 'Copy number', copied: 'Copied', noTags: 'None', noLists: 'None',
  },
  settings: {
    shortcutHint: 'Lowercase letters a–z, digits 0–9, _ and - only, no spaces (e.g. opening-hours).', shortcutTaken: 'Another quick reply already uses /{{ shortcut }}.',
    theme: 'Appearance', themeSystem: 'Same as this device', themeLight: 'Light', themeDark: 'Dark', themeHint: 'Applies to this device only.',
    title: 'Settings', account: 'Account', language: 'Language', languageAuto: 'Browser default', users: 'Team', quickReplies: 'Quick replies',
    back: 'Back to chats', name: 'Name', email: 'Email', role: 'Role', active: 'Active', inactive: 'Deactivated', seeUnassigned: 'Sees unassigned chats',
    newUser: 'Add team member', create: 'Create', password: 'Password (optional, at least 10 characters)', passwordOnce: 'Password for {{ email }} — shown only once:',
    deactivate: 'Deactivate', activate: 'Activate', you: 'you', shortcut: 'Shortcut', qrTitle: 'Title', qrBody: 'Text', newQuickReply: 'New quick reply',
    qrHint: 'Type / followed by the shortcut in the composer.', noQuickReplies: 'No quick replies yet.', deleteConfirm: 'Delete “/{{ shortcut }}”?',
    adminOnly: 'Only admins manage the team.', signedInAs: 'Signed in as {{ name }} ({{ role }})',
  },
  metaErrors: {
    details: 'Details', notOnWhatsApp: 'This number is not on WhatsApp, or its WhatsApp is too old to receive this message.',
    windowClosed: 'More than 24 hours since the customer last wrote: send an approved template instead.',
    marketingCap: 'WhatsApp held this marketing message back so this person does not get too many. Try again in a day or two.',
    optedOut: 'The customer stopped marketing messages from you: send only service messages.', unsupportedType: 'WhatsApp cannot deliver this type of message.',
    mediaDownload: 'WhatsApp could not download the file: check that its link works.', mediaUpload: 'The file could not be sent: check its type and size.',
    pairRate: 'Too many messages to this customer in a short time: wait a little and retry.', throughput: 'This number is sending too fast right now: retry in a moment.',
    spamLimit: 'Sending is limited because many people blocked or reported your messages: pause campaigns and ask an admin.',
    maintenance: 'The business number is briefly in maintenance: retry later.', temporary: 'WhatsApp had a temporary problem: retry.',
    templateParams: 'The template’s parameters do not match what was approved: check them.', templateMissing: 'This template does not exist in the customer’s language.',
    templateTooLong: 'The template text is too long once the parameters are filled in.', templatePolicy: 'WhatsApp refused this template under its policies.',
    templatePaused: 'The template is paused because of low quality: use another one.', templateDisabled: 'The template has been disabled by WhatsApp.',
    policyBlock: 'The business account is temporarily blocked for policy reasons: ask an admin.', accountLocked: 'The business account is locked: ask an admin.',
    countryRestricted: 'The business cannot message numbers in this country.', tokenExpired: 'The connection to WhatsApp expired: an admin must reconnect the number.',
  },
  errors: {
    template_required: 'The 24-hour window is closed: send a template.', forbidden: 'You are not allowed to do this.', network: 'No connection.',
    validation_failed: 'Check the message: {{ message }}', not_retryable: 'This message cannot be sent again.', unauthorized: 'Session expired.',
  },
};

export type Dict = typeof en;
