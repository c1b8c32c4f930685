/// <reference path="../data/types.d.ts" />
// Private notices to one user about things realtime cannot tell them, e.g. "this chat is no longer
// yours": once a chat is reassigned the old assignee may no longer see it, so no update reaches them.
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const c = new Collection({
      type: 'base',
      name: 'user_notices',
      listRule: "@request.auth.id != '' && user = @request.auth.id",
      viewRule: "@request.auth.id != '' && user = @request.auth.id",
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'relation', name: 'user', collectionId: users.id, maxSelect: 1, required: true, cascadeDelete: true },
        { type: 'select', name: 'kind', values: ['unassigned'], maxSelect: 1, required: true },
        // a plain id, not a relation: the recipient may no longer be allowed to see the conversation
        { type: 'text', name: 'conversation', max: 15 },
        { type: 'autodate', name: 'created', onCreate: true },
      ],
      indexes: ['CREATE INDEX idx_user_notices_created ON user_notices (created)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('user_notices'));
  },
);
