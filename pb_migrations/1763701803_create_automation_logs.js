/// <reference path="../data/types.d.ts" />
// What each step did to whom: the per-automation report (counts per step and outcome, errors, replies after
// a send) and the contact's timeline. The id is derived from run + step, so a step retried after a crash
// logs once. Written by the API only.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
const LEADS = `${ACTIVE} && (@request.auth.role = 'admin' || @request.auth.role = 'manager')`;
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'automation_logs',
      listRule: LEADS,
      viewRule: LEADS,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'automation', required: true, max: 15 },
        { type: 'text', name: 'run', required: true, max: 15 },
        { type: 'text', name: 'contact', required: true, max: 15 },
        { type: 'number', name: 'version', onlyInt: true, min: 1 },
        { type: 'text', name: 'step', max: 200 },
        { type: 'text', name: 'action', max: 40 },
        // done | skipped | failed | branch
        { type: 'text', name: 'outcome', max: 20 },
        { type: 'text', name: 'detail', max: 1000 },
        { type: 'text', name: 'message', max: 15 },
        { type: 'number', name: 'replied_at', onlyInt: true },
        { type: 'number', name: 'at', onlyInt: true },
      ],
      indexes: [
        'CREATE INDEX idx_automation_logs_automation ON automation_logs (automation, step, outcome)',
        'CREATE INDEX idx_automation_logs_contact ON automation_logs (contact, at)',
        'CREATE INDEX idx_automation_logs_run ON automation_logs (run)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('automation_logs'));
  },
);
