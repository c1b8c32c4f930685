/// <reference path="../data/types.d.ts" />
// The number's standing as Meta last reported it: an active restriction or ban (shown as a banner to admins
// and managers until lifted or expired) and the portfolio's messaging limit from business_capability_update.
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('wa_numbers');
    c.fields.add(new JSONField({ name: 'account_restriction', maxSize: 20000 }));
    c.fields.add(new DateField({ name: 'account_event_at' }));
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('wa_numbers');
    c.fields.removeByName('account_restriction');
    c.fields.removeByName('account_event_at');
    app.save(c);
  },
);
