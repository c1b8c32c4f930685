/// <reference path="../data/types.d.ts" />
// messages.campaign: the campaign a message was sent by, so a contact's timeline shows it as such.
migrate(
  (app) => {
    const m = app.findCollectionByNameOrId('messages');
    m.fields.add(new TextField({ name: 'campaign', max: 15 }));
    app.save(m);
  },
  (app) => {
    const m = app.findCollectionByNameOrId('messages');
    m.fields.removeByName('campaign');
    app.save(m);
  },
);
