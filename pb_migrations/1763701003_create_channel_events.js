/// <reference path="../data/types.d.ts" />
// Everything Meta tells us that is not a chat message, kept rather than logged: account_update (bans,
// restrictions, violations, disconnections, pricing tiers), account_alerts, business_capability_update,
// phone quality, value-level errors, fields we do not know yet, and changes we could not apply. Admins and
// managers read them (the restriction banner, the number's history); only the server writes.
const STAFF =
  "@request.auth.id != '' && @request.auth.active = true && (@request.auth.role = 'admin' || @request.auth.role = 'manager')";
migrate(
  (app) => {
    const numbers = app.findCollectionByNameOrId('wa_numbers');
    const c = new Collection({
      type: 'base',
      name: 'channel_events',
      listRule: STAFF,
      viewRule: STAFF,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'relation', name: 'wa_number', collectionId: numbers.id, maxSelect: 1, cascadeDelete: true },
        { type: 'text', name: 'waba_id', max: 40 },
        { type: 'text', name: 'field', max: 80 },
        { type: 'text', name: 'event', max: 120 },
        // notice: account/capability/quality events · error: value-level errors · unknown: a field or item not understood
        { type: 'select', name: 'kind', values: ['notice', 'error', 'unknown'], maxSelect: 1, required: true },
        { type: 'json', name: 'data', maxSize: 500000 },
        { type: 'date', name: 'at', required: true },
        { type: 'autodate', name: 'created', onCreate: true },
      ],
      indexes: [
        'CREATE INDEX idx_channel_events_at ON channel_events (at)',
        'CREATE INDEX idx_channel_events_kind ON channel_events (kind, field, at)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('channel_events'));
  },
);
