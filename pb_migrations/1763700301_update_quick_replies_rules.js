/// <reference path="../data/types.d.ts" />
// Quick replies belong to their author: only the author, an admin or a manager may edit or delete one,
// and nobody can hand it to someone else (created_by never changes after creation).
const ACTIVE = "@request.auth.id != '' && @request.auth.active = true";
const EDITOR = `${ACTIVE} && @request.auth.role != 'viewer'`;
const OWNER_OR_LEAD =
  "(created_by = @request.auth.id || @request.auth.role = 'admin' || @request.auth.role = 'manager')";
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('quick_replies');
    c.updateRule = `${EDITOR} && ${OWNER_OR_LEAD} && (@request.body.created_by:isset = false || @request.body.created_by = created_by)`;
    c.deleteRule = `${EDITOR} && ${OWNER_OR_LEAD}`;
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('quick_replies');
    c.updateRule = EDITOR;
    c.deleteRule = EDITOR;
    app.save(c);
  },
);
