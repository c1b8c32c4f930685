/** Strings for what WhatsApp tells about messages and the number (edits, revokes, echoes, account notices). channel.it.ts has the same keys. */
export const channelEn = {
  edited: 'edited',
  editHistory: 'Earlier versions',
  editedAt: 'Until {{ time }}',
  deleted: 'This message was deleted',
  whatsappApp: 'WhatsApp app',
  whatsappAppHint: 'Sent from the WhatsApp Business app on this number',
  mediaNotReceived: 'Not received: WhatsApp could not fetch this file from the sender',
  securityCodeChanged: 'The security code with this customer changed',
  numberChanged: 'The customer changed their phone number',
  card: { work: 'work', home: 'home', mobile: 'mobile', address: 'Address', birthday: 'Birthday' },
  username: 'Username',
  account: {
    restricted: 'WhatsApp restricted this account: {{ what }}',
    restrictedUntil: 'WhatsApp restricted this account until {{ until }}: {{ what }}',
    banned: 'WhatsApp disabled this account ({{ state }})',
    violation: 'WhatsApp reported a policy violation: {{ what }}',
    notice: 'WhatsApp account notice: {{ what }}',
    details: 'Details',
    dismiss: 'Hide until the next notice',
  },
};
