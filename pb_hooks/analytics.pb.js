/// <reference path="../data/types.d.ts" />
// The analytics rollups' SQL doors (superuser only; the Node API decides who sees what):
//
// POST /api/spunta/analytics/apply — one consumer batch in one transaction: the statements built by
// rollup-sql.ts (increments of analytics_hours and analytics_minutes as INSERT … ON CONFLICT DO UPDATE SET
// x = x + excluded.x, analytics_reach rows and lifecycle rows INSERT OR IGNORE, thread states replaced;
// nothing but these tables is accepted) and the analytics_state seq. The seq is the idempotency key: a batch whose `expect` is not the stored seq is
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
    // only writes to the rollup tables (the statements are built and their values checked by the Node
    // server, rollup-sql.ts: building them in this VM was the rebuild's bottleneck)
    const ALLOWED =
      /^(INSERT (OR (IGNORE|REPLACE) )?INTO analytics_(hours|minutes|reach|threads|lifecycle) |DELETE FROM analytics_minutes WHERE minute < \d+$)/;
    const body = JSON.parse(toString(e.request.body));
    const statements = body.statements || [];
    for (const sql of statements)
      if (typeof sql !== 'string' || !ALLOWED.test(sql)) throw new BadRequestError('analytics: statement not allowed');
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
      for (const sql of statements) db.newQuery(sql).execute();
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
    // only the metrics asked for (a chart needs two of the 24): less to sum, less to serialise
    const wanted = Array.isArray(body.fields) ? METRICS.filter((m) => body.fields.indexOf(m) >= 0) : METRICS;
    const shape = { agent: '', hour: 0 };
    // -0: a float64 field (0 would be an int and refuse a sum beyond int range)
    for (const m of wanted) shape[m] = -0;
    const rows = arrayOf(new DynamicModel(shape));
    const fields = wanted.map((m) => 'COALESCE(SUM(' + m + '), 0) AS ' + m).join(', ');
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

// POST /api/spunta/analytics/history — the rebuild's reader: the next `limit` conversations after `after`
// (by id), with their messages (by time) and their lifecycle rows, through the indexes (no scan per page).
routerAdd(
  'POST',
  '/api/spunta/analytics/history',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const p = { after: String(body.after || ''), limit: Math.min(Number(body.limit) || 500, 2000) };
    const db = e.app.db();
    const convs = arrayOf(new DynamicModel({ id: '', wa_number: '', contact: '', assignee: '' }));
    db.newQuery(
      'SELECT id, wa_number, contact, assignee FROM conversations WHERE id > {:after} ORDER BY id LIMIT {:limit}',
    )
      .bind(p)
      .all(convs);
    const out = { conversations: convs, messages: [], lifecycle: [] };
    if (!convs.length) return e.json(200, out);
    const last = convs[convs.length - 1].id;
    const range = { first: convs[0].id, last: last };
    const msgs = arrayOf(
      new DynamicModel({
        id: '',
        conversation: '',
        direction: '',
        type: '',
        sender: '',
        purpose: '',
        timestamp: '',
        created: '',
        status: '',
        sent_at: '',
        delivered_at: '',
        read_at: '',
        billable: false,
        pricing_model: '',
        pricing_category: '',
      }),
    );
    db.newQuery(
      'SELECT id, conversation, direction, type, sender, purpose, timestamp, created, status, sent_at, delivered_at, read_at, ' +
        'billable, pricing_model, pricing_category FROM messages WHERE conversation >= {:first} AND conversation <= {:last} ' +
        'ORDER BY conversation, timestamp, id',
    )
      .bind(range)
      .all(msgs);
    const life = arrayOf(new DynamicModel({ id: '', conversation: '', wa_number: '', kind: '', agent: '', at: 0 }));
    db.newQuery(
      'SELECT id, conversation, wa_number, kind, agent, at FROM analytics_lifecycle WHERE conversation >= {:first} AND conversation <= {:last} ORDER BY conversation, at',
    )
      .bind(range)
      .all(life);
    out.messages = msgs;
    out.lifecycle = life;
    return e.json(200, out);
  },
  $apis.requireSuperuserAuth(),
);
