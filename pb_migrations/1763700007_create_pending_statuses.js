/// <reference path="../data/types.d.ts" />
// Statuses for wamids we do not know yet (they can overtake the send call's response); applied when the wamid appears.
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'pending_statuses',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'wamid', required: true, max: 200 },
        { type: 'json', name: 'update', required: true, maxSize: 20000 },
        { type: 'autodate', name: 'created', onCreate: true },
      ],
      indexes: ['CREATE INDEX idx_pending_statuses_wamid ON pending_statuses (wamid)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('pending_statuses'));
  },
);
