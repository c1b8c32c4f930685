/// <reference path="../data/types.d.ts" />
// Tags (with colour) and static lists for contacts; the contact keeps the relation ids.
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
migrate(
  (app) => {
    const tags = new Collection({
      type: 'base',
      name: 'tags',
      listRule: ACTIVE,
      viewRule: ACTIVE,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'name', required: true, max: 60 },
        { type: 'text', name: 'color', max: 9, pattern: '^(#[0-9a-fA-F]{6})?$' },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_tags_name ON tags (name COLLATE NOCASE)'],
    });
    app.save(tags);
    const lists = new Collection({
      type: 'base',
      name: 'lists',
      listRule: ACTIVE,
      viewRule: ACTIVE,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'name', required: true, max: 100 },
        { type: 'text', name: 'description', max: 500 },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_lists_name ON lists (name COLLATE NOCASE)'],
    });
    app.save(lists);
    const contacts = app.findCollectionByNameOrId('contacts');
    contacts.fields.add(new RelationField({ name: 'tags', collectionId: tags.id, maxSelect: 200 }));
    contacts.fields.add(new RelationField({ name: 'lists', collectionId: lists.id, maxSelect: 500 }));
    app.save(contacts);
  },
  (app) => {
    const contacts = app.findCollectionByNameOrId('contacts');
    contacts.fields.removeByName('tags');
    contacts.fields.removeByName('lists');
    app.save(contacts);
    app.delete(app.findCollectionByNameOrId('lists'));
    app.delete(app.findCollectionByNameOrId('tags'));
  },
);
