/// <reference path="../data/types.d.ts" />
// Per-user notification preferences: mute everything, and do-not-disturb hours in the user's time zone.
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    users.fields.add(new BoolField({ name: 'notify_muted' }));
    users.fields.add(new TextField({ name: 'dnd_from', max: 5, pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^$' }));
    users.fields.add(new TextField({ name: 'dnd_to', max: 5, pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^$' }));
    users.fields.add(new TextField({ name: 'timezone', max: 64 }));
    app.save(users);
  },
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    for (const f of ['notify_muted', 'dnd_from', 'dnd_to', 'timezone']) users.fields.removeByName(f);
    app.save(users);
  },
);
