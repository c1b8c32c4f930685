/// <reference path="../data/types.d.ts" />
// What Meta tells us about a message after it exists: edits (with the versions they replaced), revokes,
// where an outbound message was written (our app, or the WhatsApp Business app on the same number), and
// the status details — pricing as flat columns so a monthly report can count templates per category and
// free vs paid with plain filters, the rest (conversation, recipient ids, callback data) as they came.
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.fields.add(new DateField({ name: 'edited_at' }));
    c.fields.add(new JSONField({ name: 'edits', maxSize: 200000 }));
    c.fields.add(new DateField({ name: 'deleted_at' }));
    c.fields.add(new TextField({ name: 'origin', max: 30 }));
    c.fields.add(new BoolField({ name: 'billable' }));
    c.fields.add(new TextField({ name: 'pricing_model', max: 30 }));
    c.fields.add(new TextField({ name: 'pricing_type', max: 40 }));
    c.fields.add(new TextField({ name: 'pricing_category', max: 40 }));
    c.fields.add(new TextField({ name: 'biz_opaque_callback_data', max: 512 }));
    c.fields.add(new JSONField({ name: 'status_details', maxSize: 20000 }));
    c.indexes = [
      ...c.indexes,
      "CREATE INDEX idx_messages_pricing ON messages (pricing_category, sent_at) WHERE pricing_category != ''",
    ];
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('messages');
    c.indexes = c.indexes.filter((i) => !i.includes('idx_messages_pricing'));
    for (const f of [
      'edited_at',
      'edits',
      'deleted_at',
      'origin',
      'billable',
      'pricing_model',
      'pricing_type',
      'pricing_category',
      'biz_opaque_callback_data',
      'status_details',
    ])
      c.fields.removeByName(f);
    app.save(c);
  },
);
