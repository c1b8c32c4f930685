/// <reference path="../data/types.d.ts" />
// Business-scoped user IDs (2026): a WhatsApp user who adopted a username may reach us with a BSUID and no
// phone. The BSUID becomes a second key beside the phone (unique per number when present), the phone may be
// empty, and the username is kept for display.
const OLD_PHONE_INDEX = 'CREATE UNIQUE INDEX idx_contacts_number_phone ON contacts (wa_number, phone)';
const NEW_INDEXES = [
  "CREATE UNIQUE INDEX idx_contacts_number_phone ON contacts (wa_number, phone) WHERE phone != ''",
  "CREATE UNIQUE INDEX idx_contacts_number_user_id ON contacts (wa_number, user_id) WHERE user_id != ''",
];
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('contacts');
    c.fields.getByName('phone').required = false;
    // "US.13491208655302741918" — a country code, a dot, up to 128 alphanumerics (parent BSUIDs add ".ENT")
    c.fields.add(new TextField({ name: 'user_id', max: 160 }));
    c.fields.add(new TextField({ name: 'parent_user_id', max: 160 }));
    c.fields.add(new TextField({ name: 'username', max: 100 }));
    c.indexes = [...c.indexes.filter((i) => i !== OLD_PHONE_INDEX), ...NEW_INDEXES];
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('contacts');
    c.indexes = [...c.indexes.filter((i) => !NEW_INDEXES.includes(i)), OLD_PHONE_INDEX];
    for (const f of ['user_id', 'parent_user_id', 'username']) c.fields.removeByName(f);
    c.fields.getByName('phone').required = true;
    app.save(c);
  },
);
