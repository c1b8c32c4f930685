/// <reference path="../data/types.d.ts" />
// The inbox speaks French and Spanish too: a user may choose them in Settings → Account.
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    users.fields.getByName('language').values = ['it', 'en', 'fr', 'es'];
    app.save(users);
  },
  (app) => {
    // back to the browser's language for whoever chose a language the older schema does not know
    app.db().newQuery("UPDATE users SET language = '' WHERE language IN ('fr', 'es')").execute();
    const users = app.findCollectionByNameOrId('users');
    users.fields.getByName('language').values = ['it', 'en'];
    app.save(users);
  },
);
