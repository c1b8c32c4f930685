/// <reference path="../data/types.d.ts" />
// The contact's activity timeline (tags, lists, consent, field changes, block, delete…), written by the API.
// Messages are not copied here: the timeline reads them from the contact's conversations.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
const SEES_ALL = "(@request.auth.role = 'admin' || @request.auth.role = 'manager' || @request.auth.role = 'viewer')";
const VIA_CHAT =
  "(contact.conversations_via_contact.assignee ?= @request.auth.id || (contact.conversations_via_contact.assignee ?= '' && @request.auth.see_unassigned = true))";
migrate(
  (app) => {
    const contacts = app.findCollectionByNameOrId('contacts');
    const users = app.findCollectionByNameOrId('users');
    const c = new Collection({
      type: 'base',
      name: 'contact_events',
      listRule: `${ACTIVE} && (${SEES_ALL} || ${VIA_CHAT})`,
      viewRule: `${ACTIVE} && (${SEES_ALL} || ${VIA_CHAT})`,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        {
          type: 'relation',
          name: 'contact',
          collectionId: contacts.id,
          maxSelect: 1,
          required: true,
          cascadeDelete: true,
        },
        { type: 'text', name: 'kind', required: true, max: 40 },
        { type: 'json', name: 'data', maxSize: 20000 },
        { type: 'relation', name: 'by', collectionId: users.id, maxSelect: 1 },
        { type: 'text', name: 'actor', max: 60 },
        { type: 'date', name: 'at', required: true },
        { type: 'autodate', name: 'created', onCreate: true },
      ],
      indexes: ['CREATE INDEX idx_contact_events_contact ON contact_events (contact, at)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('contact_events'));
  },
);
