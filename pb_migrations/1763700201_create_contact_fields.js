/// <reference path="../data/types.d.ts" />
// Dynamic field definitions ("campi dinamici"): key like BIRTHDAY_DATE, a type, and whether the field is
// kept on the contact (ON) or only fed by external triggers (OFF). Values live in contacts.fields.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'contact_fields',
      listRule: ACTIVE,
      viewRule: ACTIVE,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'key', required: true, max: 40, pattern: '^[A-Z][A-Z0-9_]*$' },
        { type: 'text', name: 'label', max: 100 },
        {
          type: 'select',
          name: 'type',
          values: ['text', 'number', 'date', 'datetime', 'boolean'],
          maxSelect: 1,
          required: true,
        },
        { type: 'bool', name: 'on_contact' },
        { type: 'bool', name: 'required' },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_contact_fields_key ON contact_fields (key)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('contact_fields'));
  },
);
