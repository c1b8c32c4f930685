/// <reference path="../data/types.d.ts" />
// Idempotency-Key replay store for POST /api/v1/messages (kept 24 h).
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const c = new Collection({
      type: 'base',
      name: 'idempotency_keys',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'key', required: true, max: 255 },
        { type: 'text', name: 'principal', required: true, max: 100 },
        { type: 'text', name: 'request_hash', required: true, max: 100 },
        { type: 'number', name: 'status_code', onlyInt: true },
        { type: 'json', name: 'response', maxSize: 200000 },
        { type: 'autodate', name: 'created', onCreate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_idempotency_principal_key ON idempotency_keys (principal, key)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('idempotency_keys'));
  },
);
