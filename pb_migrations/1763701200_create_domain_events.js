/// <reference path="../data/types.d.ts" />
// The transactional outbox: every change that matters (a message received, a chat assigned, a consent
// given…) writes one row here in the same transaction as the change itself, with a gapless `seq`
// assigned inside that transaction (pb_hooks/save_batch.pb.js, pb_hooks/domain_events.pb.js).
// Consumers (push, consent, out-of-hours, later automations and webhooks) read it in seq order from
// their own checkpoint (event_consumers). Server-only: no API rules. Ids are plain text, not relations,
// so an event outlives what it names and inserts stay cheap.
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'domain_events',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'number', name: 'seq', onlyInt: true },
        { type: 'text', name: 'name', required: true, max: 60 },
        // "user:<id>" | "customer:<wa_id or bsuid>" | "system:<kind>" | "apikey:<id>"
        { type: 'text', name: 'actor', max: 140 },
        { type: 'text', name: 'conversation', max: 15 },
        { type: 'text', name: 'contact', max: 15 },
        { type: 'text', name: 'message', max: 15 },
        { type: 'json', name: 'data', maxSize: 20000 },
        // when the change happened (epoch ms)
        { type: 'number', name: 'at', onlyInt: true },
        { type: 'autodate', name: 'created', onCreate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX idx_domain_events_seq ON domain_events (seq)',
        // consumers that read only some names
        'CREATE INDEX idx_domain_events_name_seq ON domain_events (name, seq)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('domain_events'));
  },
);
