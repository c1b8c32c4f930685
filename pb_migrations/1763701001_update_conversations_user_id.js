/// <reference path="../data/types.d.ts" />
// The customer's BSUID beside the phone: a chat with a username-only customer is answered through it
// (Meta's `recipient`), since there is no phone to put in `to`.
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('conversations');
    c.fields.add(new TextField({ name: 'contact_user_id', max: 160 }));
    c.fields.add(new TextField({ name: 'contact_username', max: 100 }));
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('conversations');
    c.fields.removeByName('contact_user_id');
    c.fields.removeByName('contact_username');
    app.save(c);
  },
);
