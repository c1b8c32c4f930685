/// <reference path="../data/types.d.ts" />
// Who made the last assignment: notifications skip people who assigned a chat to themselves.
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('conversations');
    const users = app.findCollectionByNameOrId('users');
    c.fields.add(new RelationField({ name: 'assigned_by', collectionId: users.id, maxSelect: 1 }));
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('conversations');
    c.fields.removeByName('assigned_by');
    app.save(c);
  },
);
