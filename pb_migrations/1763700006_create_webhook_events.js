/// <reference path="../data/types.d.ts" />
// Dead letters: raw webhook bodies that could not be applied, kept with the error so nothing is lost.
// (The durable inbox itself is the append-only journal in DATA_DIR/journal — see webhook-journal.ts.)
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'webhook_events',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'channel', required: true, max: 30 },
        { type: 'text', name: 'raw', required: true, max: 4000000 },
        { type: 'select', name: 'state', values: ['pending', 'processed', 'failed'], maxSelect: 1, required: true },
        { type: 'number', name: 'attempts', onlyInt: true, min: 0 },
        { type: 'text', name: 'error', max: 2000 },
        { type: 'date', name: 'processed_at' },
        { type: 'autodate', name: 'created', onCreate: true },
      ],
      indexes: ['CREATE INDEX idx_webhook_events_state ON webhook_events (state, created)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('webhook_events'));
  },
);
