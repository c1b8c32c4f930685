/// <reference path="../data/types.d.ts" />
// CRM fields on contacts. Current consent state lives here (history in contact_consents) so campaign and
// list filters stay single-table; dynamic field values are one JSON object keyed by the field's key.
const FIELDS = [
  'first_name',
  'last_name',
  'email',
  'country',
  'phone_valid',
  'owner',
  'fields',
  'last_contacted_at',
  'opted_in_at',
  'opted_out_at',
  'marketing_allowed',
  'consent_method',
  'consent_source',
  'blocked',
  'blocked_at',
  'deleted_at',
  'import_job',
];
const INDEXES = [
  'CREATE INDEX idx_contacts_created ON contacts (created, id)',
  'CREATE INDEX idx_contacts_deleted ON contacts (deleted_at)',
  'CREATE INDEX idx_contacts_owner ON contacts (owner)',
  "CREATE INDEX idx_contacts_import_job ON contacts (import_job) WHERE import_job != ''",
];
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const c = app.findCollectionByNameOrId('contacts');
    c.fields.add(new TextField({ name: 'first_name', max: 100 }));
    c.fields.add(new TextField({ name: 'last_name', max: 100 }));
    // text, not email: addresses are validated by the API, and one odd legacy value must not fail a whole import batch
    c.fields.add(new TextField({ name: 'email', max: 200 }));
    c.fields.add(new TextField({ name: 'country', max: 2 }));
    c.fields.add(new BoolField({ name: 'phone_valid' }));
    c.fields.add(new RelationField({ name: 'owner', collectionId: users.id, maxSelect: 1 }));
    c.fields.add(new JSONField({ name: 'fields', maxSize: 20000 }));
    c.fields.add(new DateField({ name: 'last_contacted_at' }));
    c.fields.add(new DateField({ name: 'opted_in_at' }));
    c.fields.add(new DateField({ name: 'opted_out_at' }));
    c.fields.add(new BoolField({ name: 'marketing_allowed' }));
    c.fields.add(new TextField({ name: 'consent_method', max: 30 }));
    c.fields.add(new TextField({ name: 'consent_source', max: 200 }));
    c.fields.add(new BoolField({ name: 'blocked' }));
    c.fields.add(new DateField({ name: 'blocked_at' }));
    c.fields.add(new DateField({ name: 'deleted_at' }));
    // the import job that last created or updated the row (undo after a failed import, "imported by" in the timeline)
    c.fields.add(new TextField({ name: 'import_job', max: 15 }));
    c.indexes = [...c.indexes, ...INDEXES];
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('contacts');
    c.indexes = c.indexes.filter((i) => !INDEXES.includes(i));
    for (const f of FIELDS) c.fields.removeByName(f);
    app.save(c);
  },
);
