/// <reference path="../data/types.d.ts" />
// Team members: role drives every API rule below; deactivated users can no longer sign in.
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    users.fields.add(
      new SelectField({
        name: 'role',
        values: ['admin', 'manager', 'operator', 'viewer'],
        required: true,
        maxSelect: 1,
      }),
    );
    users.fields.add(new BoolField({ name: 'active' }));
    // Operators see unassigned chats only when an admin allows it for them.
    users.fields.add(new BoolField({ name: 'see_unassigned' }));
    users.fields.add(new SelectField({ name: 'language', values: ['it', 'en'], maxSelect: 1 }));
    users.listRule = "@request.auth.id != '' && @request.auth.active = true";
    users.viewRule = "@request.auth.id != '' && @request.auth.active = true";
    users.createRule = null;
    users.updateRule = null;
    users.deleteRule = null;
    users.manageRule = null;
    users.authRule = 'active = true';
    users.passwordAuth.identityFields = ['email'];
    users.authToken.duration = 7 * 24 * 3600;
    app.save(users);
  },
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    for (const f of ['role', 'active', 'see_unassigned', 'language']) users.fields.removeByName(f);
    users.authRule = '';
    app.save(users);
  },
);
