/// <reference path="../data/types.d.ts" />
// Why an outbound message was sent: "" (an operator), "out_of_hours", "consent", "automation" (later
// campaigns…). The chat labels automatic replies, and automations check whether a message was answered.
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.fields.add(new TextField({ name: 'purpose', max: 30 }));
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.fields.removeByName('purpose');
    app.save(c);
  },
);
