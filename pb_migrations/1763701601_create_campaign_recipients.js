/// <reference path="../data/types.d.ts" />
// One row per (campaign, occurrence, contact): the unique index is what makes a campaign send at most
// once per recipient even when its process is killed and the audience is read again. Written in bulk by
// pb_hooks/campaign_recipients.pb.js (superuser only); read through the API only.
migrate(
  (app) => {
    const c = new Collection({
      type: 'base',
      name: 'campaign_recipients',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'campaign', required: true, max: 15 },
        { type: 'number', name: 'occurrence', onlyInt: true, min: 0 },
        { type: 'text', name: 'contact', required: true, max: 15 },
        { type: 'text', name: 'name', max: 300 },
        { type: 'text', name: 'phone', max: 40 },
        { type: 'text', name: 'country', max: 4 },
        { type: 'text', name: 'language', max: 20 },
        // excluded | queued | waiting_limit | sent | delivered | read | failed | cancelled
        { type: 'text', name: 'state', max: 20 },
        { type: 'text', name: 'excluded_reason', max: 40 },
        { type: 'text', name: 'message', max: 15 },
        { type: 'number', name: 'error_code', onlyInt: true },
        { type: 'text', name: 'error_text', max: 1000 },
        { type: 'date', name: 'retry_at' },
        { type: 'date', name: 'sent_at' },
        { type: 'date', name: 'delivered_at' },
        { type: 'date', name: 'read_at' },
        { type: 'date', name: 'failed_at' },
        { type: 'date', name: 'replied_at' },
        { type: 'text', name: 'button', max: 200 },
        { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX idx_campaign_recipients_once ON campaign_recipients (campaign, occurrence, contact)',
        'CREATE INDEX idx_campaign_recipients_state ON campaign_recipients (campaign, occurrence, state, message)',
        "CREATE INDEX idx_campaign_recipients_message ON campaign_recipients (message) WHERE message != ''",
        'CREATE INDEX idx_campaign_recipients_contact ON campaign_recipients (contact, sent_at)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('campaign_recipients'));
  },
);
