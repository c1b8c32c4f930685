/// <reference path="../data/types.d.ts" />
// Every message in and out. wamid is unique (the de-duplication key for Meta's at-least-once webhooks);
// client_id is unique per sender so a retried send never creates a second message.
migrate(
  (app) => {
    const conversations = app.findCollectionByNameOrId('conversations');
    const users = app.findCollectionByNameOrId('users');
    const c = new Collection({
      type: 'base',
      name: 'messages',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        {
          type: 'relation',
          name: 'conversation',
          collectionId: conversations.id,
          maxSelect: 1,
          required: true,
          cascadeDelete: true,
        },
        { type: 'select', name: 'direction', values: ['in', 'out'], maxSelect: 1, required: true },
        { type: 'text', name: 'type', required: true, max: 30 },
        { type: 'json', name: 'payload', maxSize: 200000 },
        { type: 'text', name: 'preview', max: 300 },
        { type: 'text', name: 'wamid', max: 200 },
        { type: 'text', name: 'client_id', max: 100 },
        {
          type: 'select',
          name: 'status',
          values: ['received', 'queued', 'sent', 'delivered', 'read', 'failed'],
          maxSelect: 1,
          required: true,
        },
        { type: 'number', name: 'error_code', onlyInt: true },
        { type: 'text', name: 'error_title', max: 500 },
        { type: 'text', name: 'error_details', max: 2000 },
        { type: 'date', name: 'timestamp' },
        { type: 'date', name: 'sent_at' },
        { type: 'date', name: 'delivered_at' },
        { type: 'date', name: 'read_at' },
        { type: 'date', name: 'failed_at' },
        { type: 'relation', name: 'sender', collectionId: users.id, maxSelect: 1 },
        { type: 'text', name: 'reply_to', max: 200 },
        { type: 'json', name: 'context', maxSize: 20000 },
        { type: 'json', name: 'reactions', maxSize: 20000 },
        { type: 'file', name: 'media', maxSelect: 1, maxSize: 104857600, protected: false },
        { type: 'select', name: 'media_status', values: ['none', 'pending', 'ready', 'failed'], maxSelect: 1 },
        { type: 'number', name: 'attempts', onlyInt: true, min: 0 },
        // set while a send request is in flight: after a crash it tells "maybe sent" apart from "never tried"
        { type: 'date', name: 'sending_at' },
        { type: 'date', name: 'next_attempt_at' },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: [
        "CREATE UNIQUE INDEX idx_messages_wamid ON messages (wamid) WHERE wamid != ''",
        "CREATE UNIQUE INDEX idx_messages_client_id ON messages (client_id) WHERE client_id != ''",
        'CREATE INDEX idx_messages_conversation_ts ON messages (conversation, timestamp)',
        'CREATE INDEX idx_messages_status ON messages (status)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('messages'));
  },
);
