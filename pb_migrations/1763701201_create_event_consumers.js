/// <reference path="../data/types.d.ts" />
// One checkpoint per consumer of domain_events: the last seq it has fully handled. A consumer resumes
// after it, so a crash re-handles at most what it had read since (handlers are idempotent).
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'event_consumers',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'name', required: true, max: 80 },
        { type: 'number', name: 'last_seq', onlyInt: true, min: 0 },
        // the last event it gave up on after its retries, for someone to look at
        { type: 'text', name: 'last_error', max: 2000 },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_event_consumers_name ON event_consumers (name)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('event_consumers'));
  },
);
