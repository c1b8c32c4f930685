/// <reference path="../data/types.d.ts" />
// Consent history (opt-in / opt-out with how, where from and for what). The contact keeps the current state.
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
      name: 'contact_consents',
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
        { type: 'select', name: 'kind', values: ['opt_in', 'opt_out'], maxSelect: 1, required: true },
        { type: 'text', name: 'method', required: true, max: 30 },
        { type: 'text', name: 'source', max: 200 },
        { type: 'select', name: 'scope', values: ['marketing', 'utility', 'all'], maxSelect: 1, required: true },
        { type: 'date', name: 'at', required: true },
        { type: 'relation', name: 'by', collectionId: users.id, maxSelect: 1 },
        { type: 'text', name: 'note', max: 1000 },
        { type: 'autodate', name: 'created', onCreate: true },
      ],
      indexes: ['CREATE INDEX idx_contact_consents_contact ON contact_consents (contact, at)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('contact_consents'));
  },
);
