/// <reference path="../data/types.d.ts" />
// Campaign recipients in bulk (api/src/modules/campaigns/recipient-store.ts). Superuser only, never proxied.
// A campaign of 100k contacts writes its recipients a page at a time and its statistics are counted from
// these rows (exact, idempotent), so everything here is one SQL statement per chunk, not one request per row.
//
//   POST /api/spunta/campaign-recipients/insert { rows: [{ id, campaign, occurrence, contact, ... }] } → { created }
//        INSERT OR IGNORE: the unique (campaign, occurrence, contact) index keeps a recipient once
//   POST /api/spunta/campaign-recipients/update { rows: [{ id, set: { column: value } }] } → { updated }
//   POST /api/spunta/campaign-recipients/status { items: [{ message, status, at, error_code?, error_text? }] }
//        → { campaigns }   states only move forward (queued → sent → delivered → read; failed before delivery)
//   POST /api/spunta/campaign-recipients/replied { items: [{ contact, at, since, button }] } → { campaigns }
//   POST /api/spunta/campaign-recipients/stats { campaign, occurrence } → { states, excluded, replied, buttons }
//   POST /api/spunta/campaign-recipients/purge { campaign } → { deleted }
//   POST /api/spunta/campaign-recipients/unsent { campaign, occurrence, after, now, size } → { items }
//   POST /api/spunta/campaign-recipients/cancel, /wait (below)
// (handlers run in their own VMs and see nothing declared outside them, hence the repeated preamble)

routerAdd(
  'POST',
  '/api/spunta/campaign-recipients/insert',
  (e) => {
    const COLUMNS = [
      'id',
      'campaign',
      'occurrence',
      'contact',
      'name',
      'phone',
      'country',
      'language',
      'state',
      'excluded_reason',
      'message',
      'error_code',
      'error_text',
      'retry_at',
      'sent_at',
      'delivered_at',
      'read_at',
      'failed_at',
      'replied_at',
      'button',
    ];
    const DEFAULTS = { occurrence: 0, error_code: 0 };
    const body = JSON.parse(toString(e.request.body));
    const d = new Date().toISOString();
    const now = d.slice(0, 10) + ' ' + d.slice(11, 23) + 'Z';
    const rows = body.rows || [];
    let created = 0;
    e.app.runInTransaction((tx) => {
      const db = tx.db();
      for (let i = 0; i < rows.length; i += 100) {
        const slice = rows.slice(i, i + 100);
        const params = { now: now };
        let n = 0;
        const tuples = slice.map((row) => {
          const marks = COLUMNS.map((k) => {
            const v = row[k];
            params['p' + n] = v === undefined || v === null ? (k in DEFAULTS ? DEFAULTS[k] : '') : v;
            return '{:p' + n++ + '}';
          });
          return '(' + marks.join(',') + ',{:now},{:now})';
        });
        created += db
          .newQuery(
            'INSERT OR IGNORE INTO campaign_recipients (' +
              COLUMNS.join(',') +
              ',created,updated) VALUES ' +
              tuples.join(','),
          )
          .bind(params)
          .execute()
          .rowsAffected();
      }
    });
    return e.json(200, { created: created });
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/spunta/campaign-recipients/update',
  (e) => {
    const SETTABLE = {
      state: true,
      excluded_reason: true,
      message: true,
      error_code: true,
      error_text: true,
      retry_at: true,
      sent_at: true,
      delivered_at: true,
      read_at: true,
      failed_at: true,
      language: true,
    };
    const body = JSON.parse(toString(e.request.body));
    const d = new Date().toISOString();
    const now = d.slice(0, 10) + ' ' + d.slice(11, 23) + 'Z';
    let updated = 0;
    e.app.runInTransaction((tx) => {
      const db = tx.db();
      for (const r of body.rows || []) {
        const sets = [];
        const params = { id: r.id, now: now };
        let i = 0;
        for (const k of Object.keys(r.set || {})) {
          if (!SETTABLE[k]) throw new BadRequestError('campaign-recipients: not settable: ' + k);
          sets.push(k + '={:p' + i + '}');
          params['p' + i++] = r.set[k];
        }
        if (!sets.length) continue;
        updated += db
          .newQuery('UPDATE campaign_recipients SET ' + sets.join(',') + ',updated={:now} WHERE id={:id}')
          .bind(params)
          .execute()
          .rowsAffected();
      }
    });
    return e.json(200, { updated: updated });
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/spunta/campaign-recipients/status',
  (e) => {
    // which states a status may move a recipient from (forward only; a late "sent" never undoes "read")
    const FROM = {
      sent: "'queued','waiting_limit'",
      delivered: "'queued','waiting_limit','sent'",
      read: "'queued','waiting_limit','sent','delivered'",
      failed: "'queued','waiting_limit','sent'",
    };
    const STAMP = { sent: 'sent_at', delivered: 'delivered_at', read: 'read_at', failed: 'failed_at' };
    const body = JSON.parse(toString(e.request.body));
    const d = new Date().toISOString();
    const now = d.slice(0, 10) + ' ' + d.slice(11, 23) + 'Z';
    const touched = {};
    // one statement per kind of status, parsed and prepared once per request
    const prepared = {};
    e.app.runInTransaction((tx) => {
      try {
        moveAll(tx.db());
      } finally {
        for (const sql of Object.keys(prepared)) prepared[sql].close();
      }
    });
    return e.json(200, { campaigns: Object.keys(touched) });

    function moveAll(db) {
      for (const it of body.items || []) {
        const from = FROM[it.status];
        if (!from || !it.message) continue;
        const at = it.at || now;
        let sets = 'state={:s},' + STAMP[it.status] + '={:at},updated={:now}';
        // reaching delivered/read implies it was sent (Meta may skip a webhook)
        if (it.status === 'delivered' || it.status === 'read')
          sets += ",sent_at=CASE WHEN sent_at = '' OR sent_at IS NULL THEN {:at} ELSE sent_at END";
        if (it.status === 'read')
          sets += ",delivered_at=CASE WHEN delivered_at = '' OR delivered_at IS NULL THEN {:at} ELSE delivered_at END";
        if (it.status === 'failed') sets += ',error_code={:code},error_text={:text}';
        const rows = arrayOf(new DynamicModel({ campaign: '' }));
        const sql =
          'UPDATE campaign_recipients SET ' +
          sets +
          // "message != ''" repeats the partial index's own term: SQLite uses idx_campaign_recipients_message
          // only then (a bound parameter proves nothing), else every status scanned every recipient row
          " WHERE message={:m} AND message != '' AND state IN (" +
          from +
          ') RETURNING campaign';
        (prepared[sql] || (prepared[sql] = db.newQuery(sql).prepare()))
          .bind({
            s: it.status,
            at: at,
            now: now,
            m: it.message,
            code: it.error_code || 0,
            text: String(it.error_text || '').slice(0, 1000),
          })
          .all(rows);
        for (const r of rows) touched[r.campaign] = true;
      }
    }
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/spunta/campaign-recipients/replied',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const d = new Date().toISOString();
    const now = d.slice(0, 10) + ' ' + d.slice(11, 23) + 'Z';
    const touched = {};
    e.app.runInTransaction((tx) => {
      const db = tx.db();
      for (const it of body.items || []) {
        const rows = arrayOf(new DynamicModel({ campaign: '' }));
        // the customer answered within 3 days of the campaign's message: the latest such message gets it
        db.newQuery(
          "UPDATE campaign_recipients SET replied_at={:at}, button=CASE WHEN button = '' THEN {:b} ELSE button END," +
            " updated={:now} WHERE id IN (SELECT id FROM campaign_recipients WHERE contact={:c} AND sent_at != ''" +
            " AND sent_at >= {:since} AND sent_at <= {:until} AND (replied_at = '' OR replied_at IS NULL)" +
            ' ORDER BY sent_at DESC LIMIT 1) RETURNING campaign',
        )
          .bind({
            at: it.at,
            since: it.since,
            until: it.until || it.at,
            c: it.contact,
            b: String(it.button || '').slice(0, 200),
            now: now,
          })
          .all(rows);
        for (const r of rows) touched[r.campaign] = true;
      }
    });
    return e.json(200, { campaigns: Object.keys(touched) });
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/spunta/campaign-recipients/stats',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const p = { c: body.campaign, o: body.occurrence || 0 };
    // the counts SQLite keeps beside the rows (triggers of migration 1763701807): a few rows per campaign,
    // where counting the rows themselves scanned every recipient of the occurrence
    const groups = arrayOf(new DynamicModel({ state: '', reason: '', button: '', replied: 0, n: 0, unsent: 0 }));
    e.app
      .db()
      .newQuery(
        'SELECT state, reason, button, replied, n, CASE WHEN unsent THEN n ELSE 0 END AS unsent' +
          ' FROM campaign_counts WHERE campaign={:c} AND occurrence={:o} AND n != 0',
      )
      .bind(p)
      .all(groups);
    const states = {};
    const buttons = {};
    let replied = 0;
    let unsent = 0;
    for (const g of groups) {
      const k = g.state + '\u0000' + g.reason;
      states[k] = states[k] || { state: g.state, reason: g.reason, n: 0 };
      states[k].n += g.n;
      if (g.replied) replied += g.n;
      if (g.button) buttons[g.button] = (buttons[g.button] || 0) + g.n;
      unsent += g.unsent;
    }
    return e.json(200, {
      states: Object.keys(states).map((k) => states[k]),
      replied: replied,
      buttons: Object.keys(buttons).map((b) => ({ button: b, n: buttons[b] })),
      unsent: unsent,
    });
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/spunta/campaign-recipients/purge',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const deleted = e.app
      .db()
      .newQuery('DELETE FROM campaign_recipients WHERE campaign={:c}')
      .bind({ c: body.campaign })
      .execute()
      .rowsAffected();
    // the triggers left the campaign's counts at zero
    e.app.db().newQuery('DELETE FROM campaign_counts WHERE campaign={:c}').bind({ c: body.campaign }).execute();
    return e.json(200, { deleted: deleted });
  },
  $apis.requireSuperuserAuth(),
);

// POST /api/spunta/campaign-recipients/cancel { campaign, occurrence } → { cancelled }
// the campaign is cancelled: every recipient not yet handed to the send path will never be
routerAdd(
  'POST',
  '/api/spunta/campaign-recipients/cancel',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const d = new Date().toISOString();
    const now = d.slice(0, 10) + ' ' + d.slice(11, 23) + 'Z';
    const cancelled = e.app
      .db()
      .newQuery(
        "UPDATE campaign_recipients SET state='cancelled', retry_at='', updated={:now} WHERE campaign={:c}" +
          " AND occurrence={:o} AND message='' AND state IN ('queued','waiting_limit')",
      )
      .bind({ now: now, c: body.campaign, o: body.occurrence || 0 })
      .execute()
      .rowsAffected();
    return e.json(200, { cancelled: cancelled });
  },
  $apis.requireSuperuserAuth(),
);

// POST /api/spunta/campaign-recipients/wait { campaign, occurrence, retry_at } → { waiting }
// the messaging limit is reached: every recipient not yet handed to the send path waits until retry_at
routerAdd(
  'POST',
  '/api/spunta/campaign-recipients/wait',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const d = new Date().toISOString();
    const now = d.slice(0, 10) + ' ' + d.slice(11, 23) + 'Z';
    const waiting = e.app
      .db()
      .newQuery(
        "UPDATE campaign_recipients SET state='waiting_limit', retry_at={:r}, updated={:now} WHERE campaign={:c}" +
          " AND occurrence={:o} AND message='' AND state IN ('queued','waiting_limit')",
      )
      .bind({ r: body.retry_at, now: now, c: body.campaign, o: body.occurrence || 0 })
      .execute()
      .rowsAffected();
    return e.json(200, { waiting: waiting });
  },
  $apis.requireSuperuserAuth(),
);

// POST /api/spunta/campaign-recipients/unsent { campaign, occurrence, after, now, size } → { items }
// a page of recipients still to hand to the send path, in id order after `after`: walks
// idx_campaign_recipients_unsent from the cursor and stops at `size` (no sort of everyone left)
routerAdd(
  'POST',
  '/api/spunta/campaign-recipients/unsent',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const size = Math.max(1, Math.min(1000, Number(body.size) || 500));
    const rows = arrayOf(
      new DynamicModel({
        id: '',
        campaign: '',
        occurrence: 0,
        contact: '',
        name: '',
        phone: '',
        country: '',
        language: '',
        state: '',
        excluded_reason: '',
        message: '',
        error_code: 0,
        error_text: '',
        retry_at: '',
        sent_at: '',
        delivered_at: '',
        read_at: '',
        failed_at: '',
        replied_at: '',
        button: '',
      }),
    );
    e.app
      .db()
      .newQuery(
        'SELECT id, campaign, occurrence, contact, name, phone, country, language, state, excluded_reason,' +
          ' message, error_code, error_text, retry_at, sent_at, delivered_at, read_at, failed_at, replied_at,' +
          ' button FROM campaign_recipients INDEXED BY idx_campaign_recipients_unsent WHERE campaign={:c}' +
          " AND occurrence={:o} AND message='' AND id > {:after} AND (state='queued' OR" +
          " (state='waiting_limit' AND retry_at <= {:now})) ORDER BY id LIMIT " +
          size,
      )
      .bind({ c: body.campaign, o: body.occurrence || 0, after: body.after || '', now: body.now || '' })
      .all(rows);
    return e.json(200, { items: rows });
  },
  $apis.requireSuperuserAuth(),
);
