/// <reference path="../data/types.d.ts" />
// An edit that arrived before its original is kept as a row of its own until the original comes; `edit_of`
// names that original's wamid (indexed; a full index, as SQLite would not use a partial one for `edit_of = ?`) so the original finds its pending edits cheaply.
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.fields.add(new TextField({ name: 'edit_of', max: 200 }));
    c.indexes = [...c.indexes, 'CREATE INDEX idx_messages_edit_of ON messages (edit_of)'];
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.indexes = c.indexes.filter((i) => !i.includes('idx_messages_edit_of'));
    c.fields.removeByName('edit_of');
    app.save(c);
  },
);
