/// <reference path="../data/types.d.ts" />
// Who may read which chat — the same rules serve REST (/pb), the SDK and realtime subscriptions.
// admin, manager, viewer: everything. operator: chats assigned to them, and unassigned ones when allowed.
// Writes stay server-only (null rules): every change goes through /api so it is validated and audited.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
const SEES_ALL = "(@request.auth.role = 'admin' || @request.auth.role = 'manager' || @request.auth.role = 'viewer')";
const conv = (p) =>
  `${ACTIVE} && (${SEES_ALL} || ${p}assignee = @request.auth.id || (${p}assignee = '' && @request.auth.see_unassigned = true))`;

migrate(
  (app) => {
    const conversations = app.findCollectionByNameOrId('conversations');
    conversations.listRule = conv('');
    conversations.viewRule = conv('');
    app.save(conversations);

    const messages = app.findCollectionByNameOrId('messages');
    messages.listRule = conv('conversation.');
    messages.viewRule = conv('conversation.');
    app.save(messages);

    const contacts = app.findCollectionByNameOrId('contacts');
    const viaChat =
      "(conversations_via_contact.assignee ?= @request.auth.id || (conversations_via_contact.assignee ?= '' && @request.auth.see_unassigned = true))";
    contacts.listRule = `${ACTIVE} && (${SEES_ALL} || ${viaChat})`;
    contacts.viewRule = contacts.listRule;
    app.save(contacts);
  },
  (app) => {
    for (const name of ['conversations', 'messages', 'contacts']) {
      const c = app.findCollectionByNameOrId(name);
      c.listRule = null;
      c.viewRule = null;
      app.save(c);
    }
  },
);
