/// <reference path="../data/types.d.ts" />
// Tokens of devices that signed out: refused by /api and /pb until they would have expired anyway.
// Server-only (null rules); the token itself is never stored, only its SHA-256.
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const c = new Collection({
      type: 'base',
      name: 'revoked_tokens',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { type: 'text', name: 'token_hash', required: true, max: 64, pattern: '^[0-9a-f]{64}$' },
        { type: 'relation', name: 'user', collectionId: users.id, maxSelect: 1, cascadeDelete: true },
        { type: 'date', name: 'expires', required: true },
        { type: 'autodate', name: 'created', onCreate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX idx_revoked_tokens_hash ON revoked_tokens (token_hash)',
        'CREATE INDEX idx_revoked_tokens_expires ON revoked_tokens (expires)',
      ],
    });
    app.save(c);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('revoked_tokens'));
  },
);
