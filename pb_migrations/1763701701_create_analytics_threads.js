/// <reference path="../data/types.d.ts" />
// What the analytics consumer remembers between events, and the history it keeps beyond the domain events'
// one-week retention so the rollups can be rebuilt:
// - analytics_threads: per conversation, the current cycle (opened at, first response given, waiting since,
//   assignee, operators who answered) — written in the same transaction as the rollup increments
// - analytics_lifecycle: every open / reopen / close / assignment of a chat (id = the domain event's id),
//   the part of history the messages table does not hold
// - analytics_state: the last domain event seq applied (the increments' own idempotency key)
migrate(
  (app) => {
    const base = { type: 'base', listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null };
    app.save(
      new Collection({
        ...base,
        name: 'analytics_threads',
        fields: [{ type: 'json', name: 'state', maxSize: 20000 }],
      }),
    );
    app.save(
      new Collection({
        ...base,
        name: 'analytics_lifecycle',
        fields: [
          { type: 'text', name: 'conversation', max: 15 },
          { type: 'text', name: 'wa_number', max: 15 },
          { type: 'text', name: 'kind', max: 20 },
          { type: 'text', name: 'agent', max: 15 },
          { type: 'number', name: 'at', onlyInt: true },
        ],
        indexes: ['CREATE INDEX idx_analytics_lifecycle_conv ON analytics_lifecycle (conversation, at)'],
      }),
    );
    app.save(
      new Collection({
        ...base,
        name: 'analytics_state',
        fields: [
          { type: 'text', name: 'name', max: 40 },
          { type: 'number', name: 'seq', onlyInt: true },
        ],
        indexes: ['CREATE UNIQUE INDEX idx_analytics_state_name ON analytics_state (name)'],
      }),
    );
  },
  (app) => {
    for (const n of ['analytics_threads', 'analytics_lifecycle', 'analytics_state'])
      app.delete(app.findCollectionByNameOrId(n));
  },
);
