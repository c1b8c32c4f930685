/// <reference path="../data/types.d.ts" />
// The outbox's sequence. A domain event gets seq = max(seq) + 1 *inside the transaction that writes it*:
// PocketBase runs every write transaction on its one write connection (nonconcurrent pool of size 1),
// so transactions are serial, a number is never handed out twice and never skipped (a rolled-back
// transaction takes its numbers with it), and seq order is commit order — a consumer reading
// "seq > my checkpoint" can never miss an event committed later with a smaller number. (PocketBase's
// data connection for writes is opened with SetMaxOpenConns(1); should a second writer ever exist,
// SQLite's single-writer WAL refuses a transaction whose read snapshot went stale, and the unique index
// on seq refuses a repeat — a retry, never a wrong number.)
//
// The inbox writer's events are inserted by save_batch.pb.js; this hook numbers the ones created
// through /api/batch (contacts, consent: the change and its event in one batch). A domain event written
// outside a transaction is refused: it would not be atomic with its change.
onRecordCreateExecute((e) => {
  if (!e.app.isTransactional())
    throw new BadRequestError('domain_events: write events in the transaction of their change (/api/batch)');
  const row = new DynamicModel({ n: 0 });
  e.app.db().newQuery('SELECT COALESCE(MAX(seq), 0) AS n FROM domain_events').one(row);
  e.record.set('seq', row.n + 1);
  if (!e.record.getInt('at')) e.record.set('at', Date.now());
  e.next();
}, 'domain_events');

// Retention: events every consumer has handled (seq <= min checkpoint) and older than `before` (epoch
// ms) are deleted, at most `limit` per call so other writers get their turn. Answers { deleted }.
routerAdd(
  'POST',
  '/api/spunta/events/purge',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const before = Number(body.before) || 0;
    const limit = Math.min(Number(body.limit) || 5000, 20000);
    let deleted = 0;
    e.app.runInTransaction((tx) => {
      const m = new DynamicModel({ n: 0, c: 0 });
      tx.db().newQuery('SELECT COALESCE(MIN(last_seq), 0) AS n, COUNT(*) AS c FROM event_consumers').one(m);
      if (!m.c) return;
      const r = tx
        .db()
        .newQuery(
          'DELETE FROM domain_events WHERE id IN (SELECT id FROM domain_events WHERE seq <= {:max} AND at < {:before} ORDER BY seq LIMIT {:limit})',
        )
        .bind({ max: m.n, before: before, limit: limit })
        .execute();
      deleted = r.rowsAffected();
    });
    return e.json(200, { deleted: deleted });
  },
  $apis.requireSuperuserAuth(),
);

// The consumers' positions, several at once (the consumers under load reach their once-a-second write
// together): plain UPDATEs in one transaction. Body { items: [{ id, last_seq, last_error? }] }; answers
// { saved }, 404 when a consumer's row is gone (nothing is written then).
routerAdd(
  'POST',
  '/api/spunta/events/checkpoints',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const items = body.items || [];
    const d = new Date().toISOString();
    const now = d.slice(0, 10) + ' ' + d.slice(11, 23) + 'Z';
    let missing = '';
    try {
      e.app.runInTransaction((tx) => {
        for (const it of items) {
          if (!/^[a-z0-9]{15}$/.test(it.id || '') || typeof it.last_seq !== 'number')
            throw new BadRequestError('events/checkpoints: bad item');
          const withError = typeof it.last_error === 'string';
          const res = tx
            .db()
            .newQuery(
              'UPDATE event_consumers SET last_seq = {:seq}, ' +
                (withError ? 'last_error = {:err}, ' : '') +
                'updated = {:now} WHERE id = {:id}',
            )
            .bind({ id: it.id, seq: it.last_seq, err: withError ? it.last_error.slice(0, 2000) : '', now: now })
            .execute();
          if (res.rowsAffected() === 0) {
            missing = it.id;
            throw new Error('missing');
          }
        }
      });
    } catch (err) {
      if (!missing) throw err;
    }
    if (missing) return e.json(404, { status: 404, message: 'No event consumer ' + missing + '.', data: {} });
    return e.json(200, { saved: items.length });
  },
  $apis.requireSuperuserAuth(),
);
