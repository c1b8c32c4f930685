/// <reference path="../data/types.d.ts" />
// Sends that survive crashes and storms: status "unknown" for a message whose request to Meta was in
// flight when the server stopped (it waits for a status webhook naming it — biz_opaque_callback_data —
// before anything is sent again), and send_deadline, until when transient errors are retried.
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    const status = c.fields.getByName('status');
    status.values = ['received', 'queued', 'unknown', 'sent', 'delivered', 'read', 'failed'];
    c.fields.add(new DateField({ name: 'send_deadline' }));
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    app.db().newQuery("UPDATE messages SET status = 'queued' WHERE status = 'unknown'").execute();
    const status = c.fields.getByName('status');
    status.values = ['received', 'queued', 'sent', 'delivered', 'read', 'failed'];
    c.fields.removeByName('send_deadline');
    app.save(c);
  },
);
