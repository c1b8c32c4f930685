/// <reference path="../data/types.d.ts" />
// A contact's way through an automation: the version it entered, where it is, and how it ended.
// `open_key` is "<automation>:<contact>" while the run is open and '' once it ended: unique, so a contact
// is inside one automation at most once at a time, whatever races. The id is derived from the trigger
// (automation + event), so a replayed event starts nothing twice. Written by the API only.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
const LEADS = `${ACTIVE} && (@request.auth.role = 'admin' || @request.auth.role = 'manager')`;
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'automation_runs',
      listRule: LEADS,
      viewRule: LEADS,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'automation', required: true, max: 15 },
        { type: 'number', name: 'version', onlyInt: true, min: 1 },
        { type: 'text', name: 'contact', required: true, max: 15 },
        { type: 'text', name: 'conversation', max: 15 },
        // running | waiting (for a reply) | completed | exited
        { type: 'text', name: 'state', required: true, max: 20 },
        { type: 'text', name: 'open_key', max: 40 },
        // the path of the step it is at ("2", "3.replied.0") and when that step is due (epoch ms)
        { type: 'text', name: 'step', max: 200 },
        { type: 'number', name: 'step_at', onlyInt: true },
        { type: 'json', name: 'trigger', maxSize: 20000 },
        // the inbound message that started it (out-of-hours replies stay silent when an automation answered)
        { type: 'text', name: 'message', max: 15 },
        // "set field to the customer's next message": {field, since}
        { type: 'json', name: 'capture', maxSize: 2000 },
        { type: 'text', name: 'exit_reason', max: 200 },
        { type: 'number', name: 'started_at', onlyInt: true },
        { type: 'number', name: 'ended_at', onlyInt: true },
        { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: [
        "CREATE UNIQUE INDEX idx_automation_runs_open ON automation_runs (open_key) WHERE open_key != ''",
        'CREATE INDEX idx_automation_runs_automation ON automation_runs (automation, state)',
        'CREATE INDEX idx_automation_runs_contact ON automation_runs (contact, state)',
        'CREATE INDEX idx_automation_runs_message ON automation_runs (message)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('automation_runs'));
  },
);
