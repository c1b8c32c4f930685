/// <reference path="../data/types.d.ts" />
// "Sign out everywhere" (and deactivation): a new token key makes every token PocketBase issued for the
// user invalid at once — for /api (which verifies through PocketBase) and /pb alike. Superuser only.
routerAdd(
  'POST',
  '/api/spunta/users/{id}/revoke-tokens',
  (e) => {
    const record = e.app.findRecordById('users', e.request.pathValue('id'));
    record.refreshTokenKey();
    e.app.save(record);
    return e.json(200, { ok: true });
  },
  $apis.requireSuperuserAuth(),
);
