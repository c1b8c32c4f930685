/// <reference path="../data/types.d.ts" />
// Alerts (issue 15): an automation paused by its circuit breaker is an alert for admins and managers too.
const KINDS = ['quality_drop', 'limit_80', 'limit_100', 'flagged', 'restricted', 'template_paused'];
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('alerts');
    c.fields.getByName('kind').values = KINDS.concat(['automation_paused']);
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('alerts');
    c.fields.getByName('kind').values = KINDS;
    app.save(c);
  },
);
