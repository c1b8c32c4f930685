/// <reference path="../data/types.d.ts" />
// Who is viewing / typing in a chat right now, so two operators do not answer the same customer.
// Written by the API, read (and subscribed to) by whoever may see the chat.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
const SEES_ALL = "(@request.auth.role = 'admin' || @request.auth.role = 'manager' || @request.auth.role = 'viewer')";
const VISIBLE = `${ACTIVE} && (${SEES_ALL} || conversation.assignee = @request.auth.id || (conversation.assignee = '' && @request.auth.see_unassigned = true))`;
migrate(
  (app) => {
    const conversations = app.findCollectionByNameOrId('conversations');
    const users = app.findCollectionByNameOrId('users');
    const c = new Collection({
      type: 'base',
      name: 'presence',
      listRule: VISIBLE,
      viewRule: VISIBLE,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        {
          type: 'relation',
          name: 'conversation',
          collectionId: conversations.id,
          maxSelect: 1,
          required: true,
          cascadeDelete: true,
        },
        { type: 'relation', name: 'user', collectionId: users.id, maxSelect: 1, required: true, cascadeDelete: true },
        { type: 'text', name: 'user_name', max: 200 },
        { type: 'select', name: 'state', values: ['viewing', 'typing'], maxSelect: 1, required: true },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_presence_conv_user ON presence (conversation, user)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('presence'));
  },
);
