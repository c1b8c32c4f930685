/// <reference path="../data/types.d.ts" />
// Automations (issue 15): one row per automation with its current definition (trigger, steps, settings)
// and version. Runs keep the version they entered (automation_versions). `phrase` is the normalised exact
// phrase of an active "message: exact" trigger: unique among active automations, so one phrase starts one
// automation only. Readable by active admins and managers; every write goes through the API.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
const LEADS = `${ACTIVE} && (@request.auth.role = 'admin' || @request.auth.role = 'manager')`;
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'automations',
      listRule: LEADS,
      viewRule: LEADS,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'name', required: true, max: 200 },
        // draft | active | paused
        { type: 'text', name: 'state', required: true, max: 20 },
        { type: 'text', name: 'trigger_type', max: 40 },
        { type: 'text', name: 'phrase', max: 1000 },
        { type: 'json', name: 'definition', maxSize: 500000 },
        { type: 'number', name: 'version', onlyInt: true, min: 0 },
        // why it was paused by the system (circuit breaker), shown to admins
        { type: 'text', name: 'paused_reason', max: 500 },
        { type: 'text', name: 'created_by', max: 15 },
        { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: [
        "CREATE UNIQUE INDEX idx_automations_phrase ON automations (phrase) WHERE phrase != ''",
        'CREATE INDEX idx_automations_state ON automations (state, trigger_type)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('automations'));
  },
);
