/// <reference path="../data/types.d.ts" />
// Chat media is customers' data: a file URL alone must not open it. Protected files are served only with
// a short-lived file token (POST /api/files/token) of a user whose access rules let them see the message.
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.fields.getByName('media').protected = true;
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.fields.getByName('media').protected = false;
    app.save(c);
  },
);
