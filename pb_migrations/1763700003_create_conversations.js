/// <reference path="../data/types.d.ts" />
// One thread per contact per number. last_inbound_at anchors the 24 h customer-service window.
migrate(
  (app) => {
    const numbers = app.findCollectionByNameOrId('wa_numbers');
    const contacts = app.findCollectionByNameOrId('contacts');
    const users = app.findCollectionByNameOrId('users');
    const c = new Collection({
      type: 'base',
      name: 'conversations',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'relation', name: 'wa_number', collectionId: numbers.id, maxSelect: 1, required: true },
        {
          type: 'relation',
          name: 'contact',
          collectionId: contacts.id,
          maxSelect: 1,
          required: true,
          cascadeDelete: true,
        },
        { type: 'relation', name: 'assignee', collectionId: users.id, maxSelect: 1 },
        { type: 'select', name: 'status', values: ['open', 'closed'], maxSelect: 1, required: true },
        { type: 'number', name: 'unread_count', onlyInt: true, min: 0 },
        // Denormalised from the contact so the list can be searched and sorted without joins.
        { type: 'text', name: 'contact_name', max: 200 },
        { type: 'text', name: 'contact_phone', max: 20 },
        { type: 'text', name: 'last_message_preview', max: 300 },
        { type: 'date', name: 'last_message_at' },
        { type: 'select', name: 'last_message_direction', values: ['in', 'out'], maxSelect: 1 },
        { type: 'text', name: 'last_message_status', max: 20 },
        { type: 'text', name: 'last_message_id', max: 15 },
        { type: 'date', name: 'last_inbound_at' },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX idx_conversations_number_contact ON conversations (wa_number, contact)',
        'CREATE INDEX idx_conversations_last ON conversations (last_message_at)',
        'CREATE INDEX idx_conversations_assignee ON conversations (assignee, last_message_at)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('conversations'));
  },
);
