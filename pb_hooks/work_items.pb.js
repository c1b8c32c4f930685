/// <reference path="../data/types.d.ts" />
// The scheduler's transactions on `work_items` (see api/src/engine/scheduler/). Superuser only, never
// proxied. Times are epoch milliseconds sent by the worker: its clock decides what is due, so tests can
// make days pass. SQLite has one writer, so a claim — one UPDATE … WHERE id IN (SELECT … LIMIT n)
// RETURNING per kind, in one transaction — can never hand the same row to two workers.
//
//   POST /api/spunta/work/schedule { items: [{ id, kind, run_at, dedupe_key, payload, max_attempts, recurring, principal }],
//                                   upsert?: bool }  → { created: [dedupe_key] }
//        a dedupe_key already present is left alone (upsert: its schedule, payload and run_at are replaced)
//   POST /api/spunta/work/claim    { owner, now, kinds: { kind: { limit, lease_ms, yield_to? } } }
//                                   → { items, next_at, next: { kind: run_at of its next pending row, 0 if none } }
//        expired leases go back to pending first; a kind with yield_to is claimed only while none of
//        those kinds has a due row left
//   POST /api/spunta/work/finish   { owner, now, done: [{ id, a }], again: [{ id, a, run_at, error?, reset? }],
//                                   dead: [{ id, a, error }] } → { done, again, dead }
//        a row is only finished by the worker and attempt (a) that hold its lease: a worker whose lease
//        expired and was taken over cannot overwrite the newer attempt
//   POST /api/spunta/work/cancel   { dedupe_keys } → { cancelled }   (pending rows only)
//   POST /api/spunta/work/purge    { done_before, dead_before, limit } → { deleted }
// (handlers run in their own VMs and see nothing declared outside them, hence the repeated preamble)

routerAdd(
  'POST',
  '/api/spunta/work/schedule',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const d = new Date().toISOString();
    const stamp = d.slice(0, 10) + ' ' + d.slice(11, 23) + 'Z';
    const items = body.items || [];
    const created = [];
    const conflict = body.upsert
      ? ' ON CONFLICT(dedupe_key) DO UPDATE SET kind=excluded.kind, payload=excluded.payload, recurring=excluded.recurring,' +
        ' max_attempts=excluded.max_attempts, principal=excluded.principal, updated=excluded.updated,' +
        // the same schedule keeps an earlier run (one missed while we were down runs now); a new one starts afresh
        " run_at=CASE WHEN state='running' THEN run_at WHEN state='pending' AND recurring=excluded.recurring" +
        ' THEN MIN(run_at, excluded.run_at) ELSE excluded.run_at END,' +
        " attempts=CASE WHEN state='running' THEN attempts ELSE 0 END," +
        " state=CASE WHEN state='running' THEN state ELSE 'pending' END"
      : ' ON CONFLICT(dedupe_key) DO NOTHING';
    e.app.runInTransaction((tx) => {
      const db = tx.db();
      for (let i = 0; i < items.length; i += 100) {
        const slice = items.slice(i, i + 100);
        const params = { now: stamp };
        const tuples = slice.map((it, n) => {
          const p = 'p' + n + '_';
          params[p + 'id'] = it.id;
          params[p + 'kind'] = it.kind;
          params[p + 'run'] = it.run_at;
          params[p + 'key'] = it.dedupe_key;
          params[p + 'payload'] = JSON.stringify(it.payload === undefined ? null : it.payload);
          params[p + 'max'] = it.max_attempts || 1;
          params[p + 'rec'] = JSON.stringify(it.recurring || null);
          params[p + 'who'] = it.principal || '';
          return (
            '({:' +
            p +
            'id},{:' +
            p +
            "kind},'pending',{:" +
            p +
            'run},0,{:' +
            p +
            "max},0,'',{:" +
            p +
            'key},{:' +
            p +
            'payload},' +
            '{:' +
            p +
            'rec},{:' +
            p +
            "who},'',0,{:now},{:now})"
          );
        });
        const rows = arrayOf(new DynamicModel({ dedupe_key: '' }));
        db.newQuery(
          'INSERT INTO work_items (id,kind,state,run_at,attempts,max_attempts,lease_until,lease_owner,dedupe_key,payload,recurring,' +
            'principal,last_error,finished_at,created,updated) VALUES ' +
            tuples.join(',') +
            conflict +
            ' RETURNING dedupe_key',
        )
          .bind(params)
          .all(rows);
        for (const r of rows) created.push(r.dedupe_key);
      }
    });
    return e.json(200, { created: created });
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/spunta/work/claim',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const d = new Date().toISOString();
    const stamp = d.slice(0, 10) + ' ' + d.slice(11, 23) + 'Z';
    const now = body.now;
    const out = [];
    let nextAt = 0;
    const next = {};
    e.app.runInTransaction((tx) => {
      const db = tx.db();
      // a worker that died (or hung) past its lease: its row is due again. One whose attempts are spent is
      // claimed once more only to be declared dead by the worker (which runs the kind's onDead, not the handler).
      db.newQuery(
        "UPDATE work_items SET state = 'pending', last_error = 'lease expired: worker ' || lease_owner ||" +
          " ' did not finish attempt ' || attempts, lease_owner = '', lease_until = 0, updated = {:stamp}" +
          " WHERE state = 'running' AND lease_until <= {:now}",
      )
        .bind({ now: now, stamp: stamp })
        .execute();
      // kinds that yield (bulk work) are looked at last: they are claimed only while none of the kinds they
      // yield to has a row due that this very claim did not take
      const kinds = Object.keys(body.kinds || {}).sort(
        (a, b) => (body.kinds[a].yield_to ? 1 : 0) - (body.kinds[b].yield_to ? 1 : 0),
      );
      for (const kind of kinds) {
        let limit = body.kinds[kind].limit;
        const yieldTo = body.kinds[kind].yield_to || [];
        // one indexed look per kind yielded to (an IN over json_each may not use the (state, kind, run_at) index)
        for (let i = 0; limit > 0 && i < yieldTo.length; i++) {
          const busy = arrayOf(new DynamicModel({ one: 0 }));
          db.newQuery(
            "SELECT 1 AS one FROM work_items WHERE state = 'pending' AND kind = {:kind} AND run_at <= {:now} LIMIT 1",
          )
            .bind({ kind: yieldTo[i], now: now })
            .all(busy);
          if (busy.length) limit = 0;
        }
        const rows = arrayOf(
          new DynamicModel({
            id: '',
            kind: '',
            run_at: 0,
            attempts: 0,
            max_attempts: 0,
            dedupe_key: '',
            payload: '',
            recurring: '',
            principal: '',
            last_error: '',
          }),
        );
        if (limit > 0) {
          db.newQuery(
            "UPDATE work_items SET state = 'running', lease_owner = {:owner}, lease_until = {:until}, attempts = attempts + 1," +
              " updated = {:stamp} WHERE id IN (SELECT id FROM work_items WHERE state = 'pending' AND kind = {:kind} AND run_at <= {:now}" +
              ' ORDER BY run_at LIMIT {:limit}) RETURNING id, kind, run_at, attempts, max_attempts, dedupe_key,' +
              " COALESCE(payload, 'null') AS payload, COALESCE(recurring, 'null') AS recurring, principal, last_error",
          )
            .bind({
              owner: body.owner,
              until: now + body.kinds[kind].lease_ms,
              stamp: stamp,
              kind: kind,
              now: now,
              limit: limit,
            })
            .all(rows);
        }
        for (const r of rows) {
          out.push({
            id: r.id,
            kind: r.kind,
            run_at: r.run_at,
            attempts: r.attempts,
            max_attempts: r.max_attempts,
            dedupe_key: r.dedupe_key,
            payload: r.payload,
            recurring: r.recurring,
            principal: r.principal,
            last_error: r.last_error,
          });
        }
        // the kind's next pending row (0: none): the worker asks about this kind again only when it is due
        // (or a row of it is scheduled, or on its periodic look at every kind)
        const first = arrayOf(new DynamicModel({ run_at: 0 }));
        db.newQuery("SELECT run_at FROM work_items WHERE state = 'pending' AND kind = {:kind} ORDER BY run_at LIMIT 1")
          .bind({ kind: kind })
          .all(first);
        next[kind] = first.length ? first[0].run_at : 0;
        // a kind that is due but at its concurrency limit is not asked about: a finishing handler wakes the worker
        if (first.length && (!nextAt || first[0].run_at < nextAt)) nextAt = first[0].run_at;
      }
      const lease = arrayOf(new DynamicModel({ lease_until: 0 }));
      db.newQuery("SELECT lease_until FROM work_items WHERE state = 'running' ORDER BY lease_until LIMIT 1").all(lease);
      if (lease.length && (!nextAt || lease[0].lease_until < nextAt)) nextAt = lease[0].lease_until;
    });
    return e.json(200, { items: out, next_at: nextAt, next: next });
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/spunta/work/finish',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const d = new Date().toISOString();
    const stamp = d.slice(0, 10) + ' ' + d.slice(11, 23) + 'Z';
    const res = { done: 0, again: 0, dead: 0 };
    const MINE = " AND lease_owner = {:owner} AND state = 'running'";
    e.app.runInTransaction((tx) => {
      const db = tx.db();
      const done = body.done || [];
      if (done.length) {
        // the common case in one statement: ids through the primary key, "id:attempt" pairs through a
        // temporary index SQLite builds for the IN list (a join on json_each made it scan the table)
        res.done = db
          .newQuery(
            "UPDATE work_items SET state = 'done', finished_at = {:now}, last_error = '', lease_owner = '', lease_until = 0," +
              ' updated = {:stamp} WHERE id IN (SELECT value FROM json_each({:ids}))' +
              " AND (id || ':' || attempts) IN (SELECT value FROM json_each({:pairs}))" +
              MINE,
          )
          .bind({
            ids: JSON.stringify(done.map((o) => o.id)),
            pairs: JSON.stringify(done.map((o) => o.id + ':' + o.a)),
            owner: body.owner,
            now: body.now,
            stamp: stamp,
          })
          .execute()
          .rowsAffected();
      }
      // a retry after back-off, or a recurring row's next run (reset: its attempts start again)
      for (const o of body.again || []) {
        res.again += db
          .newQuery(
            "UPDATE work_items SET state = 'pending', run_at = {:run}, last_error = {:err}," +
              " attempts = CASE WHEN {:reset} THEN 0 ELSE attempts END, lease_owner = '', lease_until = 0, updated = {:stamp}" +
              ' WHERE id = {:id} AND attempts = {:a}' +
              MINE,
          )
          .bind({
            run: o.run_at,
            err: (o.error || '').slice(0, 2000),
            reset: !!o.reset,
            id: o.id,
            a: o.a,
            owner: body.owner,
            stamp: stamp,
          })
          .execute()
          .rowsAffected();
      }
      for (const o of body.dead || []) {
        res.dead += db
          .newQuery(
            "UPDATE work_items SET state = 'dead', finished_at = {:now}, last_error = {:err}, lease_owner = '', lease_until = 0," +
              ' updated = {:stamp} WHERE id = {:id} AND attempts = {:a}' +
              MINE,
          )
          .bind({
            now: body.now,
            err: (o.error || '').slice(0, 2000),
            id: o.id,
            a: o.a,
            owner: body.owner,
            stamp: stamp,
          })
          .execute()
          .rowsAffected();
      }
    });
    return e.json(200, res);
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/spunta/work/cancel',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    let cancelled = 0;
    e.app.runInTransaction((tx) => {
      cancelled = tx
        .db()
        .newQuery(
          "DELETE FROM work_items WHERE state = 'pending' AND dedupe_key IN (SELECT value FROM json_each({:keys}))",
        )
        .bind({ keys: JSON.stringify(body.dedupe_keys || []) })
        .execute()
        .rowsAffected();
    });
    return e.json(200, { cancelled: cancelled });
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/spunta/work/purge',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    let deleted = 0;
    e.app.runInTransaction((tx) => {
      deleted = tx
        .db()
        .newQuery(
          "DELETE FROM work_items WHERE id IN (SELECT id FROM work_items WHERE state = 'done' AND finished_at < {:done} LIMIT {:limit})",
        )
        .bind({ done: body.done_before, limit: body.limit || 5000 })
        .execute()
        .rowsAffected();
      deleted += tx
        .db()
        .newQuery(
          "DELETE FROM work_items WHERE id IN (SELECT id FROM work_items WHERE state = 'dead' AND finished_at < {:dead} LIMIT {:limit})",
        )
        .bind({ dead: body.dead_before, limit: body.limit || 5000 })
        .execute()
        .rowsAffected();
    });
    return e.json(200, { deleted: deleted });
  },
  $apis.requireSuperuserAuth(),
);

// A worker starting up asks who holds leases and gives back those of workers it knows are gone (a process of
// its own host that no longer exists: the previous life of a restarted server). Their rows are then due at the
// next claim, exactly as if their leases had expired, instead of a lease's length later.
//   POST /api/spunta/work/owners   {} → { owners: [lease_owner of running rows] }
//   POST /api/spunta/work/release  { owners } → { released }
routerAdd(
  'POST',
  '/api/spunta/work/owners',
  (e) => {
    const rows = arrayOf(new DynamicModel({ lease_owner: '' }));
    e.app.db().newQuery("SELECT DISTINCT lease_owner FROM work_items WHERE state = 'running'").all(rows);
    return e.json(200, { owners: rows.map((r) => r.lease_owner).filter((o) => o) });
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/spunta/work/release',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    let released = 0;
    e.app.runInTransaction((tx) => {
      released = tx
        .db()
        .newQuery(
          "UPDATE work_items SET lease_until = 0 WHERE state = 'running' AND lease_owner IN (SELECT value FROM json_each({:owners}))",
        )
        .bind({ owners: JSON.stringify(body.owners || []) })
        .execute()
        .rowsAffected();
    });
    return e.json(200, { released: released });
  },
  $apis.requireSuperuserAuth(),
);
