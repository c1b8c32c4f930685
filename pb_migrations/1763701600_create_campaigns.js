/// <reference path="../data/types.d.ts" />
// Campaigns (issue 14): one row per broadcast with its content, audience, schedule, progress cursor and
// live statistics. Realtime-readable by active admins and managers (the UI subscribes for live progress);
// every write goes through the API (api/src/modules/campaigns/).
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
const LEADS = `${ACTIVE} && (@request.auth.role = 'admin' || @request.auth.role = 'manager')`;
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'campaigns',
      listRule: LEADS,
      viewRule: LEADS,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'name', required: true, max: 200 },
        { type: 'text', name: 'state', required: true, max: 20 },
        { type: 'text', name: 'number', max: 15 },
        { type: 'json', name: 'template', maxSize: 20000 },
        { type: 'json', name: 'text', maxSize: 20000 },
        { type: 'json', name: 'audience', maxSize: 200000 },
        { type: 'json', name: 'schedule', maxSize: 2000 },
        { type: 'date', name: 'next_run_at' },
        // the current occurrence (1 for a one-off) and the scheduler run that opened it (epoch ms)
        { type: 'number', name: 'occurrence', onlyInt: true, min: 0 },
        { type: 'number', name: 'occurrence_run', onlyInt: true, min: 0 },
        // audience materialisation: the last contact id written as a recipient, and whether it is complete
        { type: 'text', name: 'cursor', max: 15 },
        { type: 'bool', name: 'materialized' },
        { type: 'date', name: 'resume_at' },
        { type: 'date', name: 'started_at' },
        { type: 'date', name: 'completed_at' },
        { type: 'json', name: 'estimate', maxSize: 5000 },
        { type: 'json', name: 'stats', maxSize: 20000 },
        { type: 'text', name: 'error', max: 2000 },
        { type: 'text', name: 'created_by', max: 15 },
        { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX idx_campaigns_created ON campaigns (created)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('campaigns'));
  },
);
