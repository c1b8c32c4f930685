/// <reference path="../data/types.d.ts" />
// Templates written in Spunta (issue 13): each row is still one language of a template, now also a local
// draft — the editor's text with %%FIELD%% placeholders, the examples, the placeholder mapping every send
// reuses, the header sample file — plus what Meta said (recommendation, pause detail) and the history of
// status, category and quality changes, and the edits made at Meta (edit limits).
const FIELDS = [
  { type: 'json', name: 'draft_components', maxSize: 100000 },
  { type: 'json', name: 'examples', maxSize: 20000 },
  { type: 'json', name: 'mapping', maxSize: 20000 },
  { type: 'text', name: 'default_language', max: 20 },
  { type: 'text', name: 'rejection_recommendation', max: 2000 },
  { type: 'text', name: 'status_detail', max: 2000 },
  { type: 'json', name: 'history', maxSize: 200000 },
  { type: 'json', name: 'edit_log', maxSize: 20000 },
  { type: 'date', name: 'submitted_at' },
  { type: 'date', name: 'deleted_at' },
  { type: 'text', name: 'last_error', max: 2000 },
  { type: 'text', name: 'created_by', max: 15 },
  {
    type: 'file',
    name: 'header_sample',
    maxSelect: 1,
    maxSize: 16 * 1024 * 1024,
    mimeTypes: ['image/jpeg', 'image/png', 'video/mp4', 'application/pdf'],
  },
  { type: 'json', name: 'header_media', maxSize: 2000 },
];
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('templates');
    const make = { json: JSONField, text: TextField, date: DateField, file: FileField };
    for (const f of FIELDS) c.fields.add(new make[f.type](f));
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('templates');
    for (const f of FIELDS) c.fields.removeByName(f.name);
    app.save(c);
  },
);
