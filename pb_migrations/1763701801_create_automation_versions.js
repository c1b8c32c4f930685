/// <reference path="../data/types.d.ts" />
// Each saved version of an automation's definition: a contact inside a run finishes on the version it
// entered, new entries get the newest. Written by the API only.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
const LEADS = `${ACTIVE} && (@request.auth.role = 'admin' || @request.auth.role = 'manager')`;
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'automation_versions',
      listRule: LEADS,
      viewRule: LEADS,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'automation', required: true, max: 15 },
        { type: 'number', name: 'version', onlyInt: true, min: 1 },
        { type: 'json', name: 'definition', maxSize: 500000 },
        { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_automation_versions ON automation_versions (automation, version)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('automation_versions'));
  },
);
