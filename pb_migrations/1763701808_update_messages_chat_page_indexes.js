/// <reference path="../data/types.d.ts" />
// A chat's pages are the latest messages by arrival (created, then id) or, with the older cursor, by
// timestamp then id. The chat index (conversation, timestamp) found a chat's messages but left them to be
// sorted: every page — the first included — read and sorted every message of the chat. These two walk a
// chat in page order and stop at the page's size.
const OLD = 'CREATE INDEX idx_messages_conversation_ts ON messages (conversation, timestamp)';
const NEW = [
  'CREATE INDEX idx_messages_conversation_ts ON messages (conversation, timestamp, id)',
  'CREATE INDEX idx_messages_conversation_created ON messages (conversation, created, id)',
];
const named = (i) =>
  i.indexOf('idx_messages_conversation_ts') !== -1 || i.indexOf('idx_messages_conversation_created') !== -1;
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.indexes = c.indexes.filter((i) => !named(i)).concat(NEW);
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.indexes = c.indexes.filter((i) => !named(i)).concat([OLD]);
    app.save(c);
  },
);
