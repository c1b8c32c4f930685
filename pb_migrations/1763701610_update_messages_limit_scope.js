/// <reference path="../data/types.d.ts" />
// messages.limit_scope: "<waba_id>|<customer>" on a send that counts against Meta's messaging limit (a
// template while the customer-service window is closed), '' otherwise. The send path's in-memory count of
// customers reached in the last 24 h is rebuilt from these rows at start (a partial index keeps that read
// to the counted rows of the last day).
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.fields.add(new TextField({ name: 'limit_scope', max: 200 }));
    // `IS NOT ''`, exactly as PocketBase writes the filter's `!= ''`: SQLite uses a partial index only when the
    // query repeats its WHERE term (tests/integration/query-plans.test.ts)
    c.addIndex('idx_messages_limit_scope', false, 'timestamp', "limit_scope IS NOT ''");
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.removeIndex('idx_messages_limit_scope');
    c.fields.removeByName('limit_scope');
    app.save(c);
  },
);
