/// <reference path="../data/types.d.ts" />
// Key → JSON settings changed from the admin API (e.g. consent keywords); server-only access.
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'settings',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'key', required: true, max: 100 },
        { type: 'json', name: 'value', maxSize: 200000 },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_settings_key ON settings (key)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('settings'));
  },
);
