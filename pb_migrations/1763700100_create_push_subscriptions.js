/// <reference path="../data/types.d.ts" />
// Web-push subscriptions, one per browser/device. Users can see their own devices; writes go through /api.
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const c = new Collection({
      type: 'base',
      name: 'push_subscriptions',
      listRule: "@request.auth.id != '' && user = @request.auth.id",
      viewRule: "@request.auth.id != '' && user = @request.auth.id",
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'relation', name: 'user', collectionId: users.id, maxSelect: 1, required: true, cascadeDelete: true },
        { type: 'text', name: 'endpoint', required: true, max: 2000 },
        { type: 'text', name: 'p256dh', required: true, max: 200, hidden: true },
        { type: 'text', name: 'auth', required: true, max: 100, hidden: true },
        { type: 'text', name: 'device', max: 200 },
        { type: 'date', name: 'last_success_at' },
        { type: 'number', name: 'failures', onlyInt: true, min: 0 },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX idx_push_endpoint ON push_subscriptions (endpoint)',
        'CREATE INDEX idx_push_user ON push_subscriptions (user)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('push_subscriptions'));
  },
);
