/// <reference path="../data/types.d.ts" />
// Why an outbound message was sent (engine/outbound: reply, template, system, consent, automation,
// campaign): the queue puts interactive replies before bulk sends, also after a restart, and a retry
// runs the same checks the first send did.
migrate((app) => {
  const c = app.findCollectionByNameOrId("messages");
  c.fields.add(new TextField({ name: "purpose", max: 20 }));
  app.save(c);
}, (app) => {
  const c = app.findCollectionByNameOrId("messages");
  c.fields.removeByName("purpose");
  app.save(c);
});
