/// <reference path="../data/types.d.ts" />
// The scheduler's work items: anything that happens later or again (media download retries, template
// sync, purges, later automation steps, campaign batches, out-of-hours replies) is one row. Server-only
// (no API rules): workers claim rows through pb_hooks/work_items.pb.js, one transaction per claim.
// Times are epoch milliseconds (numbers): the worker's clock decides what is due, so tests can move it.
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'work_items',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'kind', required: true, max: 80 },
        { type: 'select', name: 'state', values: ['pending', 'running', 'done', 'dead'], maxSelect: 1, required: true },
        { type: 'number', name: 'run_at', onlyInt: true },
        { type: 'number', name: 'attempts', onlyInt: true, min: 0 },
        { type: 'number', name: 'max_attempts', onlyInt: true, min: 1 },
        { type: 'number', name: 'lease_until', onlyInt: true },
        { type: 'text', name: 'lease_owner', max: 120 },
        // once per key, for ever (until purged): "media:<message>", "ooh:<conversation>:<window>", "recurring:<kind>"
        { type: 'text', name: 'dedupe_key', required: true, max: 300 },
        { type: 'json', name: 'payload', maxSize: 200000 },
        // { cron, timezone } or { everyMs }: the row goes back to pending at its next run instead of done
        { type: 'json', name: 'recurring', maxSize: 2000 },
        // who the work acts for, e.g. "system:templates" (the policy checks it once principals exist)
        { type: 'text', name: 'principal', max: 120 },
        { type: 'text', name: 'last_error', max: 2000 },
        { type: 'number', name: 'finished_at', onlyInt: true },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX idx_work_items_dedupe ON work_items (dedupe_key)',
        // claims: due pending rows of one kind, oldest first; expired leases
        'CREATE INDEX idx_work_items_due ON work_items (state, kind, run_at)',
        'CREATE INDEX idx_work_items_lease ON work_items (state, lease_until)',
        // purges of finished rows
        'CREATE INDEX idx_work_items_finished ON work_items (state, finished_at)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('work_items'));
  },
);
