/// <reference path="../data/types.d.ts" />
// When the current customer-service window opened: the first inbound message after 24 hours without
// one. Out-of-hours replies are sent once per window (their dedupe key names this instant).
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('conversations');
    c.fields.add(new DateField({ name: 'window_opened_at' }));
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('conversations');
    c.fields.removeByName('window_opened_at');
    app.save(c);
  },
);
