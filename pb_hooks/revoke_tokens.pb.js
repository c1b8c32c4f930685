/// <reference path="../data/types.d.ts" />
// "Sign out everywhere" (and deactivation): a new token key makes every token PocketBase issued for the
// user invalid at once — for /api (which verifies through PocketBase) and /pb alike. Superuser only.
routerAdd(
  'POST',
  '/api/spunta/users/{id}/revoke-tokens',
  (e) => {
    // loaded and saved in one transaction: a concurrent change of the user (a role, a deactivation) is kept
    e.app.runInTransaction((tx) => {
      const record = tx.findRecordById('users', e.request.pathValue('id'));
      record.refreshTokenKey();
      tx.save(record);
    });
    return e.json(200, { ok: true });
  },
  $apis.requireSuperuserAuth(),
);
