/// <reference path="../data/types.d.ts" />
// A notice that a chat left someone's sight says where it went and who moved it, so the chat still on
// their screen can say "Assigned to Mara — ask to take over" (they can no longer read the chat itself).
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('user_notices');
    // plain ids, like `conversation`: no relation lookups, nothing to expand for the recipient
    c.fields.add(new TextField({ name: 'assignee', max: 15 }));
    c.fields.add(new TextField({ name: 'actor', max: 15 }));
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('user_notices');
    c.fields.removeByName('assignee');
    c.fields.removeByName('actor');
    app.save(c);
  },
);
