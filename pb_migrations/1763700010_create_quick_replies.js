/// <reference path="../data/types.d.ts" />
// Saved answers inserted with "/" in the composer; managed by admins, managers and operators directly via /pb.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
const EDITOR = `${ACTIVE} && @request.auth.role != 'viewer'`;
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const c = new Collection({
      type: 'base',
      name: 'quick_replies',
      listRule: ACTIVE,
      viewRule: ACTIVE,
      createRule: `${EDITOR} && @request.body.created_by = @request.auth.id`,
      updateRule: EDITOR,
      deleteRule: EDITOR,
      fields: [
        { type: 'text', name: 'shortcut', required: true, max: 40, pattern: '^[a-z0-9_-]+$' },
        { type: 'text', name: 'title', max: 100 },
        { type: 'text', name: 'body', required: true, max: 4096 },
        { type: 'relation', name: 'created_by', collectionId: users.id, maxSelect: 1 },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_quick_replies_shortcut ON quick_replies (shortcut)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('quick_replies'));
  },
);
