/// <reference path="../data/types.d.ts" />
// The analytics rollups' two SQL doors (superuser only; the Node API decides who sees what):
//
// POST /api/spunta/analytics/apply — one consumer batch in one transaction: increments of analytics_hours
// and analytics_minutes (INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x), analytics_reach rows
// (INSERT OR IGNORE), thread states (replaced), lifecycle rows (INSERT OR IGNORE by event id) and the
// analytics_state seq. The seq is the idempotency key: a batch whose `expect` is not the stored seq is
// refused (409 stale) and nothing is written, so a batch re-delivered after a crash never counts twice.
// `reset: true` empties the derived tables first (the rebuild); `keepLifecycle` leaves that history alone.
//
// POST /api/spunta/analytics/sum — SUMs of the rollups over [from, to) (epoch ms), optionally of one
// number, grouped by agent, by hour or not at all; {table: "reach"} counts distinct contacts instead;
// {table: "minutes"} answers per-minute inbound/outbound.
routerAdd(
  'POST',
  '/api/spunta/analytics/apply',
  (e) => {
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
    const body = JSON.parse(toString(e.request.body));
    let stale = false;
    e.app.runInTransaction((tx) => {
      const db = tx.db();
      const st = new DynamicModel({ id: '', seq: 0 });
      let found = true;
      try {
        db.newQuery('SELECT id, seq FROM analytics_state WHERE name = {:n}').bind({ n: body.name }).one(st);
      } catch (_) {
        found = false;
      }
      if (body.reset) {
        for (const t of ['analytics_hours', 'analytics_minutes', 'analytics_reach', 'analytics_threads'])
          db.newQuery('DELETE FROM ' + t).execute();
        if (!body.keepLifecycle) db.newQuery('DELETE FROM analytics_lifecycle').execute();
      } else if ((found ? st.seq : 0) !== body.expect) {
        stale = true;
        return;
      }
      const cols = METRICS.join(', ');
      const sets = METRICS.map((m) => m + ' = ' + m + ' + excluded.' + m).join(', ');
      for (const r of body.hours || []) {
        const params = { id: r.id, hour: r.hour, n: r.wa_number, a: r.agent };
        const vals = METRICS.map((m) => {
          params[m] = Number(r.m[m]) || 0;
          return '{:' + m + '}';
        }).join(', ');
        db.newQuery(
          'INSERT INTO analytics_hours (id, hour, wa_number, agent, ' +
            cols +
            ') VALUES ({:id}, {:hour}, {:n}, {:a}, ' +
            vals +
            ') ON CONFLICT(hour, wa_number, agent) DO UPDATE SET ' +
            sets,
        )
          .bind(params)
          .execute();
      }
      for (const r of body.minutes || []) {
        db.newQuery(
          'INSERT INTO analytics_minutes (id, minute, wa_number, inbound, outbound) VALUES ({:id}, {:m}, {:n}, {:i}, {:o}) ' +
            'ON CONFLICT(minute, wa_number) DO UPDATE SET inbound = inbound + excluded.inbound, outbound = outbound + excluded.outbound',
        )
          .bind({ id: r.id, m: r.minute, n: r.wa_number, i: r.inbound, o: r.outbound })
          .execute();
      }
      for (const r of body.reach || []) {
        db.newQuery(
          'INSERT OR IGNORE INTO analytics_reach (id, hour, wa_number, contact) VALUES ({:id}, {:h}, {:n}, {:c})',
        )
          .bind({ id: r.id, h: r.hour, n: r.wa_number, c: r.contact })
          .execute();
      }
      for (const r of body.threads || []) {
        db.newQuery('INSERT OR REPLACE INTO analytics_threads (id, state) VALUES ({:id}, {:s})')
          .bind({ id: r.id, s: JSON.stringify(r.state) })
          .execute();
      }
      for (const r of body.lifecycle || []) {
        db.newQuery(
          'INSERT OR IGNORE INTO analytics_lifecycle (id, conversation, wa_number, kind, agent, at) VALUES ({:id}, {:c}, {:n}, {:k}, {:a}, {:at})',
        )
          .bind({ id: r.id, c: r.conversation, n: r.wa_number, k: r.kind, a: r.agent, at: r.at })
          .execute();
      }
      if (body.pruneMinutesBefore)
        db.newQuery('DELETE FROM analytics_minutes WHERE minute < {:t}').bind({ t: body.pruneMinutesBefore }).execute();
      if (found)
        db.newQuery('UPDATE analytics_state SET seq = {:s} WHERE id = {:id}')
          .bind({ s: body.seq, id: st.id })
          .execute();
      else
        db.newQuery('INSERT INTO analytics_state (id, name, seq) VALUES ({:id}, {:n}, {:s})')
          .bind({ id: body.stateId, n: body.name, s: body.seq })
          .execute();
    });
    if (stale) return e.json(409, { status: 409, message: 'analytics: stale batch', data: { code: 'stale' } });
    return e.json(200, { ok: true });
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/spunta/analytics/sum',
  (e) => {
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
    const body = JSON.parse(toString(e.request.body));
    const params = { from: Number(body.from) || 0, to: Number(body.to) || 0, n: String(body.number || '') };
    const byNumber = body.number ? ' AND wa_number = {:n}' : '';
    if (body.table === 'reach') {
      const m = new DynamicModel({ n: 0 });
      e.app
        .db()
        .newQuery(
          'SELECT COUNT(DISTINCT contact) AS n FROM analytics_reach WHERE hour >= {:from} AND hour < {:to}' + byNumber,
        )
        .bind(params)
        .one(m);
      return e.json(200, { n: m.n });
    }
    if (body.table === 'minutes') {
      const rows = arrayOf(new DynamicModel({ minute: 0, inbound: 0, outbound: 0 }));
      e.app
        .db()
        .newQuery(
          'SELECT minute, SUM(inbound) AS inbound, SUM(outbound) AS outbound FROM analytics_minutes WHERE minute >= {:from} AND minute < {:to}' +
            byNumber +
            ' GROUP BY minute ORDER BY minute',
        )
        .bind(params)
        .all(rows);
      return e.json(200, { rows: rows });
    }
    const group = body.group === 'agent' ? 'agent' : body.group === 'hour' ? 'hour' : '';
    const shape = { agent: '', hour: 0 };
    for (const m of METRICS) shape[m] = 0;
    const rows = arrayOf(new DynamicModel(shape));
    const fields = METRICS.map((m) => 'COALESCE(SUM(' + m + '), 0) AS ' + m).join(', ');
    const head =
      group === 'agent' ? 'agent, 0 AS hour, ' : group === 'hour' ? "'' AS agent, hour, " : "'' AS agent, 0 AS hour, ";
    e.app
      .db()
      .newQuery(
        'SELECT ' +
          head +
          fields +
          ' FROM analytics_hours WHERE hour >= {:from} AND hour < {:to}' +
          byNumber +
          (group ? ' GROUP BY ' + group + ' ORDER BY ' + group : ''),
      )
      .bind(params)
      .all(rows);
    return e.json(200, { rows: rows });
  },
  $apis.requireSuperuserAuth(),
);
