/// <reference path="../data/types.d.ts" />
// The analytics rollups, maintained by the analytics consumer of domain events (api/src/modules/analytics/)
// and rebuilt from history by `npm run analytics:rebuild`. Server-only (no API rules): the API answers
// from them. Ids are derived from the key (hour + number + agent…), so an upsert is one INSERT … ON CONFLICT.
// - analytics_hours: per UTC hour × number × agent ('' = no operator), counters and duration sums (s)
// - analytics_minutes: per minute × number, inbound / outbound (the minute chart; pruned after 8 days)
// - analytics_reach: one row per hour × number × contact sent a message (unique people, rolling 24 h / 7 d)
const METRICS = [
  'inbound',
  'outbound',
  'windows',
  'opened',
  'sent',
  'delivered',
  'read',
  'failed',
  'templates',
  'tpl_marketing',
  'tpl_utility',
  'tpl_authentication',
  'free',
  'human_out',
  'handled',
  'first_n',
  'first_raw',
  'first_biz',
  'resp_n',
  'resp_raw',
  'resp_biz',
  'resol_n',
  'resol_raw',
  'resol_biz',
];
migrate(
  (app) => {
    const base = { type: 'base', listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null };
    app.save(
      new Collection({
        ...base,
        name: 'analytics_hours',
        fields: [
          { type: 'number', name: 'hour', onlyInt: true },
          { type: 'text', name: 'wa_number', max: 15 },
          { type: 'text', name: 'agent', max: 15 },
          ...METRICS.map((name) => ({ type: 'number', name })),
        ],
        indexes: [
          'CREATE UNIQUE INDEX idx_analytics_hours_key ON analytics_hours (hour, wa_number, agent)',
          'CREATE INDEX idx_analytics_hours_number ON analytics_hours (wa_number, hour)',
        ],
      }),
    );
    app.save(
      new Collection({
        ...base,
        name: 'analytics_minutes',
        fields: [
          { type: 'number', name: 'minute', onlyInt: true },
          { type: 'text', name: 'wa_number', max: 15 },
          { type: 'number', name: 'inbound' },
          { type: 'number', name: 'outbound' },
        ],
        indexes: ['CREATE UNIQUE INDEX idx_analytics_minutes_key ON analytics_minutes (minute, wa_number)'],
      }),
    );
    app.save(
      new Collection({
        ...base,
        name: 'analytics_reach',
        fields: [
          { type: 'number', name: 'hour', onlyInt: true },
          { type: 'text', name: 'wa_number', max: 15 },
          { type: 'text', name: 'contact', max: 15 },
        ],
        indexes: [
          'CREATE UNIQUE INDEX idx_analytics_reach_key ON analytics_reach (hour, wa_number, contact)',
          // covering: one number's distinct customers are counted from the index alone
          'CREATE INDEX idx_analytics_reach_number ON analytics_reach (wa_number, hour, contact)',
        ],
      }),
    );
  },
  (app) => {
    for (const n of ['analytics_hours', 'analytics_minutes', 'analytics_reach'])
      app.delete(app.findCollectionByNameOrId(n));
  },
);
