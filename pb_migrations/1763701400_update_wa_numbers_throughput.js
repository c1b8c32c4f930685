/// <reference path="../data/types.d.ts" />
// The number's throughput level (STANDARD / HIGH) as Meta reports it, and when the standing (tier, quality,
// status, throughput) was last read from Meta by the periodic number-standing job.
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('wa_numbers');
    c.fields.add(new TextField({ name: 'throughput', max: 40 }));
    c.fields.add(new DateField({ name: 'standing_read_at' }));
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('wa_numbers');
    c.fields.removeByName('throughput');
    c.fields.removeByName('standing_read_at');
    app.save(c);
  },
);
