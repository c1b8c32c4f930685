/// <reference path="../data/types.d.ts" />
// Contacts per tag and per list (deleted contacts left out) in one pass over the contacts table,
// instead of one counting query per tag or list. Superuser only; the Node API decides who sees it.
// Answers { tags: { <id>: n }, lists: { <id>: n } }.
routerAdd(
  'GET',
  '/api/spunta/contacts/membership-counts',
  (e) => {
    const out = { tags: {}, lists: {} };
    for (const col of ['tags', 'lists']) {
      const rows = arrayOf(new DynamicModel({ ref: '', n: 0 }));
      e.app
        .db()
        .newQuery(
          'SELECT j.value AS ref, COUNT(*) AS n FROM contacts c, json_each(CASE WHEN c.' +
            col +
            ' IS NULL OR c.' +
            col +
            " = '' THEN '[]' ELSE c." +
            col +
            " END) j WHERE c.deleted_at = '' GROUP BY j.value",
        )
        .all(rows);
      for (const r of rows) out[col][r.ref] = r.n;
    }
    return e.json(200, out);
  },
  $apis.requireSuperuserAuth(),
);
