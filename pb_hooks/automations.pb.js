/// <reference path="../data/types.d.ts" />
// The report of one automation counted in SQL (api/src/modules/automations/automation-report.ts): a
// 10,000-contact automation has tens of thousands of run and log rows, and the report is read while it runs.
// Superuser only, never proxied.
//
//   POST /api/spunta/automations/report { automation } →
//        { runs: [{ state, reason, n }], steps: [{ step, action, outcome, n, replied }], errors: [{ step, detail, n }] }
routerAdd(
  'POST',
  '/api/spunta/automations/report',
  (e) => {
    const body = JSON.parse(toString(e.request.body));
    const p = { a: String(body.automation || '') };
    const db = e.app.db();
    const runs = arrayOf(new DynamicModel({ state: '', reason: '', n: 0 }));
    db.newQuery(
      'SELECT state, exit_reason AS reason, COUNT(*) AS n FROM automation_runs WHERE automation={:a} GROUP BY state, exit_reason',
    )
      .bind(p)
      .all(runs);
    const steps = arrayOf(new DynamicModel({ step: '', action: '', outcome: '', n: 0, replied: 0 }));
    db.newQuery(
      'SELECT step, action, outcome, COUNT(*) AS n,' +
        " SUM(CASE WHEN message != '' AND replied_at > 0 THEN 1 ELSE 0 END) AS replied" +
        ' FROM automation_logs WHERE automation={:a} GROUP BY step, action, outcome',
    )
      .bind(p)
      .all(steps);
    const errors = arrayOf(new DynamicModel({ step: '', detail: '', n: 0 }));
    db.newQuery(
      "SELECT step, detail, COUNT(*) AS n FROM automation_logs WHERE automation={:a} AND outcome = 'failed'" +
        ' GROUP BY step, detail ORDER BY n DESC LIMIT 200',
    )
      .bind(p)
      .all(errors);
    return e.json(200, {
      runs: runs.map((r) => ({ state: r.state, reason: r.reason, n: r.n })),
      steps: steps.map((r) => ({ step: r.step, action: r.action, outcome: r.outcome, n: r.n, replied: r.replied })),
      errors: errors.map((r) => ({ step: r.step, detail: r.detail, n: r.n })),
    });
  },
  $apis.requireSuperuserAuth(),
);
