/// <reference path="../data/types.d.ts" />
// Plain indexes for the hot lookups. The unique indexes on messages.wamid / client_id and on contacts
// (wa_number, phone | user_id) are partial (`WHERE x != ''`, many rows have no value), and SQLite only uses a
// partial index when the query repeats its WHERE term — PocketBase's generated SQL (`wamid = {:w}`) never does,
// so every lookup was a `SCAN` of the whole table. These full indexes make the same queries `SEARCH … USING
// INDEX`; the partial unique ones stay for uniqueness. conversations(contact) serves "the chat of this contact"
// (the (wa_number, contact) unique index cannot: its first column is the number).
// Measured: tests/integration/query-plans.test.ts explains every lookup PocketBase runs during a real workload.
const ADD = {
  messages: [
    'CREATE INDEX idx_messages_wamid_lookup ON messages (wamid)',
    'CREATE INDEX idx_messages_client_id_lookup ON messages (client_id)',
    // the media downloader's "inbound media still to fetch" (at start and after each outage)
    'CREATE INDEX idx_messages_media_status ON messages (media_status)',
  ],
  contacts: [
    'CREATE INDEX idx_contacts_user_id_lookup ON contacts (user_id)',
    'CREATE INDEX idx_contacts_phone_lookup ON contacts (phone)',
  ],
  conversations: ['CREATE INDEX idx_conversations_contact ON conversations (contact)'],
};
migrate(
  (app) => {
    for (const [name, indexes] of Object.entries(ADD)) {
      const c = app.findCollectionByNameOrId(name);
      c.indexes = [...c.indexes, ...indexes];
      app.save(c);
    }
  },
  (app) => {
    for (const [name, indexes] of Object.entries(ADD)) {
      const c = app.findCollectionByNameOrId(name);
      c.indexes = c.indexes.filter((i) => !indexes.includes(i));
      app.save(c);
    }
  },
);
