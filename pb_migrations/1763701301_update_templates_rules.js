/// <reference path="../data/types.d.ts" />
// Drafts and templates under review are for admins and managers; everyone else reads the templates Meta
// approved at some point (approved, paused, disabled…), which are also needed to render sent messages.
const BEFORE = "@request.auth.id != '' && @request.auth.active = true";
const AFTER =
  BEFORE +
  " && (@request.auth.role = 'admin' || @request.auth.role = 'manager' || " +
  "(status != 'DRAFT' && status != 'SUBMITTED' && status != 'PENDING' && status != 'REJECTED'))";
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('templates');
    c.listRule = AFTER;
    c.viewRule = AFTER;
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('templates');
    c.listRule = BEFORE;
    c.viewRule = BEFORE;
    app.save(c);
  },
);
