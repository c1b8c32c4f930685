/// <reference path="../data/types.d.ts" />
// A customer as seen from one business number. Operators see a contact only through a chat they may see.
migrate(
  (app) => {
    const numbers = app.findCollectionByNameOrId('wa_numbers');
    const c = new Collection({
      type: 'base',
      name: 'contacts',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        {
          type: 'relation',
          name: 'wa_number',
          collectionId: numbers.id,
          maxSelect: 1,
          required: true,
          cascadeDelete: false,
        },
        { type: 'text', name: 'phone', required: true, max: 20, pattern: '^\\+[0-9]{6,17}$' },
        { type: 'text', name: 'wa_id', max: 20 },
        { type: 'text', name: 'profile_name', max: 200 },
        { type: 'text', name: 'name', max: 200 },
        { type: 'text', name: 'language', max: 10 },
        { type: 'text', name: 'notes', max: 5000 },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX idx_contacts_number_phone ON contacts (wa_number, phone)',
        'CREATE INDEX idx_contacts_wa_id ON contacts (wa_id)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('contacts'));
  },
);
