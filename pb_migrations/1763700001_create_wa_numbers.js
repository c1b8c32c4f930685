/// <reference path="../data/types.d.ts" />
// One row per WhatsApp number. Tokens are hidden fields: only the server (superuser) ever reads them.
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'wa_numbers',
      listRule: "@request.auth.id != '' && @request.auth.active = true",
      viewRule: "@request.auth.id != '' && @request.auth.active = true",
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'phone_number_id', required: true, max: 40, pattern: '^[0-9]+$' },
        { type: 'text', name: 'display_phone_number', max: 40 },
        { type: 'text', name: 'waba_id', required: true, max: 40 },
        { type: 'text', name: 'verified_name', max: 200 },
        { type: 'select', name: 'quality_rating', values: ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'], maxSelect: 1 },
        { type: 'text', name: 'messaging_limit_tier', max: 40 },
        { type: 'text', name: 'status', max: 40 },
        { type: 'json', name: 'quality_history', maxSize: 200000 },
        { type: 'select', name: 'mode', values: ['meta', 'sandbox'], maxSelect: 1 },
        { type: 'text', name: 'access_token', hidden: true, max: 2000 },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_wa_numbers_pnid ON wa_numbers (phone_number_id)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('wa_numbers'));
  },
);
