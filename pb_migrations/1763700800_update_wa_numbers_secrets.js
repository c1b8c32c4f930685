/// <reference path="../data/types.d.ts" />
// Numbers connected from the app keep their own app secret (webhook signatures) and verify token
// (webhook handshake) next to the access token. Hidden: only the server (superuser) ever reads them.
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('wa_numbers');
    c.fields.add(new TextField({ name: 'app_secret', hidden: true, max: 500 }));
    c.fields.add(new TextField({ name: 'verify_token', hidden: true, max: 500 }));
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('wa_numbers');
    for (const f of ['app_secret', 'verify_token']) c.fields.removeByName(f);
    app.save(c);
  },
);
