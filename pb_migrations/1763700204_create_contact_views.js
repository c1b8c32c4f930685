/// <reference path="../data/types.d.ts" />
// Saved contact filters: personal, or shared with the whole team.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const c = new Collection({
      type: 'base',
      name: 'contact_views',
      listRule: `${ACTIVE} && (owner = @request.auth.id || shared = true)`,
      viewRule: `${ACTIVE} && (owner = @request.auth.id || shared = true)`,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'name', required: true, max: 100 },
        { type: 'json', name: 'filter', maxSize: 20000 },
        { type: 'relation', name: 'owner', collectionId: users.id, maxSelect: 1, required: true, cascadeDelete: true },
        { type: 'bool', name: 'shared' },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX idx_contact_views_owner ON contact_views (owner)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('contact_views'));
  },
);
