/// <reference path="../data/types.d.ts" />
// SQLite's plan for one SELECT, UPDATE or DELETE (EXPLAIN QUERY PLAN), so `bench:ingest` can print the plans of
// the hot lookups and a test can prove they use an index with PocketBase's own generated SQL and our hooks'
// statements. Superuser only (the Node API's own client); read-only by construction: one statement, explained,
// never run.
routerAdd(
  'POST',
  '/api/spunta/query-plan',
  (e) => {
    const body = e.requestInfo().body || {};
    const sql = String(body.sql || '').trim();
    if (!/^(select|update|delete)\s/i.test(sql) || sql.indexOf(';') !== -1 || sql.length > 20000) {
      return e.json(400, { message: 'one SELECT, UPDATE or DELETE statement, without ";"' });
    }
    const rows = arrayOf(new DynamicModel({ id: 0, parent: 0, notused: 0, detail: '' }));
    e.app
      .db()
      .newQuery('EXPLAIN QUERY PLAN ' + sql)
      .all(rows);
    return e.json(
      200,
      rows.map((r) => ({ id: r.id, parent: r.parent, detail: r.detail })),
    );
  },
  $apis.requireSuperuserAuth(),
);
