/// <reference path="../data/types.d.ts" />
// The inbox writer's batches: creates, updates and deletes of chats, messages and parked statuses in one
// transaction, each record validated and saved through PocketBase's own model (so realtime subscribers
// see every change, with their access rules) — without /api/batch's per-request routing and the full
// record it serialises back for every operation, which the writer never reads (measured: ~1.5× the
// messages per second on 2 cores). Superuser only, these collections only.
//
// Body: { ops: [{ collection, action: "create" | "update" | "delete", id?, data? }], events?: [{ id, name,
// actor, conversation?, contact?, message?, data?, at }] }: ops applied in order, then the domain events
// inserted in the same transaction with the next gapless seq numbers (see domain_events.pb.js: the
// transaction is serial, so max(seq) + 1 read inside it is safe) — one multi-row INSERT per 100 events,
// without realtime (consumers are woken by the writer after the commit).
// Answers { applied, seq: [first, last] | null }, 409 { data: { code: "unique_violation" } }, 503 when the database itself is in
// trouble (busy, closing, disk full — the writer pauses and retries) or 400 with the reason (the writer
// may dead-letter the event); nothing is written unless everything is.
routerAdd(
  'POST',
  '/api/spunta/save-batch',
  (e) => {
    const ALLOWED = { contacts: true, conversations: true, messages: true, pending_statuses: true };
    // body.patch: creates and updates of chats and messages are plain SQL INSERTs / UPDATEs of the given
    // columns (no record load, no model pipeline, no per-record realtime; values checked against the fields'
    // limits by columnValue); after the commit the changed records are read in one query per collection and
    // sent to the superuser subscribers of `<collection>/*` — the realtime hub, which decides who else sees
    // them. Only the writer's own values go this way (already checked by its rules).
    const PATCHED = { conversations: true, messages: true };
    const body = JSON.parse(toString(e.request.body));
    const ops = body.ops || [];
    const events = body.events || [];
    const fast = body.patch === true;
    const patched = { conversations: {}, messages: {} };
    // one timestamp for the request: the patched rows' `updated` and the events' `created`
    const d0 = new Date().toISOString();
    const nowPb = d0.slice(0, 10) + ' ' + d0.slice(11, 23) + 'Z';
    let applied = 0;
    let seq = null;
    // the patched updates and creates repeat a few statements (a status tick, a message's create): each is
    // parsed and prepared once per request and run with its values, not parsed again for every row
    const prepared = {};
    const statement = (tx, sql) => prepared[sql] || (prepared[sql] = tx.db().newQuery(sql).prepare());
    try {
      e.app.runInTransaction((tx) => {
        try {
          applyOps(tx);
        } finally {
          for (const sql of Object.keys(prepared)) prepared[sql].close();
        }
        if (events.length) seq = insertEvents(tx, events);
      });
    } catch (err) {
      const msg = String(err);
      // PocketBase's validator says "Value must be unique"; SQLite's index says "UNIQUE constraint failed"
      if (/must be unique|validation_not_unique|UNIQUE constraint failed/.test(msg)) {
        return e.json(409, {
          status: 409,
          message: 'A record with one of these unique values already exists.',
          data: { code: 'unique_violation' },
        });
      }
      // trouble of the store, not of the records: never a reason to dead-letter an event
      if (
        /database is locked|SQLITE_BUSY|database or disk is full|disk I\/O error|database is closed|sql: connection is already closed|context canceled|deadline exceeded/i.test(
          msg,
        )
      ) {
        return e.json(503, {
          status: 503,
          message: 'save-batch: store unavailable: ' + msg.slice(0, 300),
          data: { code: 'store_unavailable' },
        });
      }
      return e.json(400, {
        status: 400,
        message: 'save-batch: operation ' + applied + ' failed: ' + msg.slice(0, 500),
        data: { code: 'batch_refused', op: applied },
      });
    }
    if (fast) {
      // committed: a failure to tell the hub must not turn the write into an error (the browsers resync)
      try {
        // chats first: a message's create never reaches the hub before its chat's
        for (const name of ['conversations', 'messages']) {
          const ids = Object.keys(patched[name]);
          if (ids.length) broadcast(name, e.app.findRecordsByIds(name, ids), patched[name]);
        }
      } catch (err) {
        console.log('save-batch: realtime after patch failed: ' + String(err).slice(0, 200));
      }
    }
    return e.json(200, { applied: applied, seq: seq });

    function applyOps(tx) {
      for (const op of ops) {
        if (!ALLOWED[op.collection]) throw new BadRequestError('save-batch: collection not allowed: ' + op.collection);
        if (fast && op.action === 'update' && PATCHED[op.collection]) {
          patchRow(tx, op);
          patched[op.collection][op.id] = patched[op.collection][op.id] || 'update';
        } else if (fast && op.action === 'create' && PATCHED[op.collection]) {
          patched[op.collection][insertRow(tx, op)] = 'create';
        } else if (op.action === 'delete') {
          tx.delete(tx.findRecordById(op.collection, op.id));
        } else {
          const rec =
            op.action === 'create'
              ? new Record(tx.findCachedCollectionByNameOrId(op.collection))
              : tx.findRecordById(op.collection, op.id);
          const data = op.data || {};
          for (const k of Object.keys(data)) rec.set(k, data[k]);
          tx.save(rec);
        }
        applied++;
      }
    }

    // A value as its column stores it, checked against the field's limits as PocketBase's validators would
    // (text max, json maxSize, select values, required): a refused value refuses the batch with a 400.
    function columnValue(col, f, v) {
      const type = f.type();
      const name = f.getName();
      const refuse = (why) => {
        throw new BadRequestError('save-batch: ' + col.name + '.' + name + ': ' + why);
      };
      if (type === 'file') refuse('files are not written by save-batch');
      if (type === 'json') {
        v = JSON.stringify(v === undefined ? null : v);
        if (f.maxSize > 0 && v.length > f.maxSize) refuse('must be less than ' + f.maxSize + ' bytes');
        return v;
      }
      if (type === 'bool') return !!v;
      if (type === 'number') {
        v = Number(v) || 0;
        if (f.required && v === 0) refuse('cannot be blank');
        return v;
      }
      if (v !== null && typeof v === 'object') {
        // multi-value select and relation fields are stored as JSON arrays
        return JSON.stringify(v);
      }
      v = v === null || v === undefined ? '' : String(v);
      if ((type === 'date' || type === 'autodate') && v && !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?Z$/.test(v)) {
        const d = new Date(v);
        if (isNaN(d.getTime())) refuse('invalid date ' + v.slice(0, 40));
        const iso = d.toISOString();
        v = iso.slice(0, 10) + ' ' + iso.slice(11, 23) + 'Z';
      }
      if (type === 'text' && f.max > 0 && v.length > f.max) refuse('must be no more than ' + f.max + ' characters');
      if (type === 'select' && v) {
        let known = false;
        for (let j = 0; j < f.values.length; j++) if (f.values[j] === v) known = true;
        if (!known) refuse('invalid value ' + v.slice(0, 40));
      }
      if (f.required && !v) refuse('cannot be blank');
      return v;
    }

    // A create as one INSERT of the given columns: the rest take their column defaults ('' / 0 / false /
    // NULL, as PocketBase stores an unset field). No record pipeline: values are checked by columnValue, the
    // unique indexes by SQLite (409), and the relations are the writer's own (the chat is created in the same
    // batch or already exists).
    function insertRow(tx, op) {
      const data = op.data || {};
      if (!/^[a-z0-9]{15}$/.test(data.id || '')) throw new BadRequestError('save-batch: a create needs its id');
      const col = tx.findCachedCollectionByNameOrId(op.collection);
      const cols = ['[[id]]', '[[created]]', '[[updated]]'];
      const vals = ['{:id}', '{:now}', '{:now}'];
      const params = { id: data.id, now: nowPb };
      let i = 0;
      for (const f of col.fields) {
        const name = f.getName();
        if (name === 'id' || name === 'created' || name === 'updated') continue;
        if (!(name in data)) {
          if (f.required) throw new BadRequestError('save-batch: ' + col.name + '.' + name + ': cannot be blank');
          continue;
        }
        const p = 'v' + i++;
        cols.push('[[' + name + ']]');
        vals.push('{:' + p + '}');
        params[p] = columnValue(col, f, data[name]);
      }
      statement(tx, 'INSERT INTO [[' + op.collection + ']] (' + cols.join(', ') + ') VALUES (' + vals.join(', ') + ')')
        .bind(params)
        .execute();
      return data.id;
    }

    function patchRow(tx, op) {
      if (!/^[a-z0-9]{15}$/.test(op.id || '')) throw new BadRequestError('save-batch: bad id ' + op.id);
      const col = tx.findCachedCollectionByNameOrId(op.collection);
      const data = op.data || {};
      const sets = [];
      const params = { id: op.id, updated: nowPb };
      let i = 0;
      for (const k of Object.keys(data)) {
        const mod = k.endsWith('+') || k.endsWith('-') ? k.slice(-1) : '';
        const name = mod ? k.slice(0, -1) : k;
        if (name === 'id' || name === 'created' || name === 'updated') continue;
        const f = col.fields.getByName(name);
        if (!f) continue; // as Record.set: not a field, not stored
        const type = f.type();
        const p = 'v' + i++;
        if (mod) {
          if (type !== 'number') throw new BadRequestError('save-batch: ' + k + ' on a ' + type + ' field');
          sets.push('[[' + name + ']] = [[' + name + ']] ' + mod + ' {:' + p + '}');
          params[p] = Number(data[k]) || 0;
          continue;
        }
        sets.push('[[' + name + ']] = {:' + p + '}');
        params[p] = columnValue(col, f, data[k]);
      }
      sets.push('[[updated]] = {:updated}');
      const res = statement(tx, 'UPDATE [[' + op.collection + ']] SET ' + sets.join(', ') + ' WHERE [[id]] = {:id}')
        .bind(params)
        .execute();
      // as findRecordById would: a missing record refuses the batch
      if (res.rowsAffected() === 0) throw new Error('sql: no rows in result set');
    }

    function broadcast(name, records, actions) {
      const topic = name + '/*';
      const targets = [];
      for (const chunk of e.app.subscriptionsBroker().chunkedClients(500)) {
        for (const c of chunk) {
          if (!c.hasSubscription(topic)) continue;
          const auth = c.get('auth');
          if (auth && auth.isSuperuser()) targets.push(c);
        }
      }
      if (!targets.length) return;
      for (const r of records) {
        const action = actions[r.id] === 'create' ? 'create' : 'update';
        const msg = new SubscriptionMessage({ name: topic, data: JSON.stringify({ action: action, record: r }) });
        for (const c of targets) c.send(msg);
      }
    }

    function insertEvents(tx, list) {
      const now = nowPb;
      const m = new DynamicModel({ n: 0 });
      tx.db().newQuery('SELECT COALESCE(MAX(seq), 0) AS n FROM domain_events').one(m);
      const first = m.n + 1;
      for (let i = 0; i < list.length; i += 100) {
        const params = { now: now };
        const tuples = [];
        for (let j = i; j < Math.min(i + 100, list.length); j++) {
          const ev = list[j];
          if (!/^[a-z0-9]{15}$/.test(ev.id || '') || !ev.name)
            throw new BadRequestError('save-batch: bad domain event ' + j);
          const p = 'e' + j + '_';
          params[p + 'id'] = ev.id;
          params[p + 'seq'] = first + j;
          params[p + 'name'] = String(ev.name);
          params[p + 'actor'] = String(ev.actor || '');
          params[p + 'conv'] = String(ev.conversation || '');
          params[p + 'contact'] = String(ev.contact || '');
          params[p + 'msg'] = String(ev.message || '');
          params[p + 'data'] = JSON.stringify(ev.data || {});
          params[p + 'at'] = Number(ev.at) || Date.now();
          tuples.push(
            '({:' +
              p +
              'id},{:' +
              p +
              'seq},{:' +
              p +
              'name},{:' +
              p +
              'actor},{:' +
              p +
              'conv},{:' +
              p +
              'contact},{:' +
              p +
              'msg},{:' +
              p +
              'data},{:' +
              p +
              'at},{:now})',
          );
        }
        tx.db()
          .newQuery(
            'INSERT INTO domain_events (id,seq,name,actor,conversation,contact,message,data,at,created) VALUES ' +
              tuples.join(','),
          )
          .bind(params)
          .execute();
      }
      return [first, first + list.length - 1];
    }
  },
  $apis.requireSuperuserAuth(),
);
