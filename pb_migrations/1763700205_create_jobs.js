/// <reference path="../data/types.d.ts" />
// Background jobs (CSV import, bulk actions) with live progress over realtime for admins, managers and
// whoever started the job. Uploaded files, undo logs and reports live in DATA_DIR/jobs/<id>/.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
const READ = `${ACTIVE} && (@request.auth.role = 'admin' || @request.auth.role = 'manager' || created_by = @request.auth.id)`;
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const c = new Collection({
      type: 'base',
      name: 'jobs',
      listRule: READ,
      viewRule: READ,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'type', required: true, max: 40 },
        // draft: uploaded, waiting for mapping and start (imports)
        {
          type: 'select',
          name: 'state',
          values: ['draft', 'queued', 'running', 'succeeded', 'failed', 'cancelled'],
          maxSelect: 1,
          required: true,
        },
        { type: 'json', name: 'progress', maxSize: 2000 },
        { type: 'json', name: 'params', maxSize: 200000 },
        { type: 'json', name: 'result', maxSize: 200000 },
        { type: 'text', name: 'error', max: 2000 },
        { type: 'relation', name: 'created_by', collectionId: users.id, maxSelect: 1 },
        { type: 'text', name: 'file', max: 255 },
        { type: 'date', name: 'started_at' },
        { type: 'date', name: 'finished_at' },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX idx_jobs_state ON jobs (state, created)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('jobs'));
  },
);
