/// <reference path="../data/types.d.ts" />
// Alerts about a number's health (quality drop, limit 80 % / 100 %, flagged, restricted, a template paused).
// `key` is unique: one row per event however often it is noticed; realtime-readable by admins and managers
// (the dashboard's banner subscribes), written only by the server. dismissed_by hides it for those users.
const LEADS =
  "@request.auth.id != '' && @request.auth.active = true && (@request.auth.role = 'admin' || @request.auth.role = 'manager')";
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    app.save(
      new Collection({
        type: 'base',
        name: 'alerts',
        listRule: LEADS,
        viewRule: LEADS,
        createRule: null,
        updateRule: null,
        deleteRule: null,
        fields: [
          {
            type: 'select',
            name: 'kind',
            required: true,
            maxSelect: 1,
            values: ['quality_drop', 'limit_80', 'limit_100', 'flagged', 'restricted', 'template_paused'],
          },
          { type: 'text', name: 'number', max: 15 },
          { type: 'text', name: 'key', required: true, max: 200 },
          { type: 'json', name: 'data', maxSize: 20000 },
          { type: 'relation', name: 'dismissed_by', collectionId: users.id, maxSelect: 999 },
          { type: 'autodate', name: 'created', onCreate: true },
          { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
        ],
        indexes: [
          'CREATE UNIQUE INDEX idx_alerts_key ON alerts (key)',
          'CREATE INDEX idx_alerts_created ON alerts (created)',
        ],
      }),
    );
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('alerts'));
  },
);
