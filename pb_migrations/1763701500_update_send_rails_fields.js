/// <reference path="../data/types.d.ts" />
// Fields the send path's rails share with campaigns and the dashboard:
// - wa_numbers.throughput_mps: the number's send cap in messages per second (Meta: 80 by default, up to 1,000),
//   set by an admin; every outbound send of the number shares it.
// - contacts.marketing_refused_at: when Meta last refused a marketing template to this customer with 131049
//   (per-user marketing limit); marketing sends skip them for 24 h.
// - contacts.undeliverable_at: when Meta answered 131026 (not a WhatsApp user / cannot receive); campaigns
//   exclude them until a message from them proves otherwise.
migrate(
  (app) => {
    const n = app.findCollectionByNameOrId('wa_numbers');
    n.fields.add(new NumberField({ name: 'throughput_mps', min: 0, max: 1000, onlyInt: true }));
    app.save(n);
    const c = app.findCollectionByNameOrId('contacts');
    c.fields.add(new DateField({ name: 'marketing_refused_at' }));
    c.fields.add(new DateField({ name: 'undeliverable_at' }));
    app.save(c);
  },
  (app) => {
    const n = app.findCollectionByNameOrId('wa_numbers');
    n.fields.removeByName('throughput_mps');
    app.save(n);
    const c = app.findCollectionByNameOrId('contacts');
    c.fields.removeByName('marketing_refused_at');
    c.fields.removeByName('undeliverable_at');
    app.save(c);
  },
);
