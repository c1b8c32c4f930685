/// <reference path="../data/types.d.ts" />
// Message templates mirrored from Meta's /{waba}/message_templates (the source of truth).
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'templates',
      listRule: "@request.auth.id != '' && @request.auth.active = true",
      viewRule: "@request.auth.id != '' && @request.auth.active = true",
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'waba_id', required: true, max: 40 },
        { type: 'text', name: 'meta_id', max: 60 },
        { type: 'text', name: 'name', required: true, max: 512 },
        { type: 'text', name: 'language', required: true, max: 20 },
        { type: 'text', name: 'category', max: 40 },
        { type: 'text', name: 'status', max: 40 },
        { type: 'text', name: 'parameter_format', max: 20 },
        { type: 'json', name: 'components', maxSize: 100000 },
        { type: 'text', name: 'quality_score', max: 20 },
        { type: 'text', name: 'rejected_reason', max: 1000 },
        { type: 'date', name: 'synced_at' },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_templates_key ON templates (waba_id, name, language)'],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('templates'));
  },
);
