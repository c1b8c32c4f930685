/// <reference path="../data/types.d.ts" />
// The signing secret of each automation's outgoing webhooks (Standard Webhooks, "whsec_…"). No API rule:
// only the server (superuser) reads it — never a browser's PocketBase client; an admin sees it through
// the API when setting up the receiver.
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'automation_secrets',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'automation', required: true, max: 15 },
        { type: 'text', name: 'secret', required: true, max: 200 },
        { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_automation_secrets ON automation_secrets (automation)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('automation_secrets'));
  },
);
