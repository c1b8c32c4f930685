/**
 * npm run bench:automations — issue 15, item 9: BENCH_N contacts (default 10,000) enter a 3-step automation
 * with delays at once, against Spunta started as a separate process (the server bundle, the built-in
 * sandbox, a fresh DATA_DIR per scenario). A baseline of BENCH_BASE_N contacts (default N/10) runs first,
 * in the same run, and the table gives the ratios.
 *
 * Per scenario:
 * 1. setup: N contacts in one list through the CSV import (the job), timed;
 * 2. POST /automations, active, trigger "added to the list": activation enrols everyone already in it (one
 *    scheduler row per contact). Steps: 0 add a tag at once, 1 another after BENCH_D1 s (20), 2 a third
 *    after BENCH_D2 s (40) — tags, not sends, so Meta's throughput cap does not decide the result
 *    (BENCH_SEND=1: step 2 sends the template `benvenuto` instead, the sandbox number raised to TIER_100K; its
 *    log is written when the step hands the message to the send path, which then sends at the number's pace,
 *    80 messages/s by default, so that pace is not in its lateness);
 * 3. GET /automations/{id} once a second (one count query) until nobody is inside any more, then the report;
 * 4. Spunta stops; a PocketBase (same binary, migrations, hooks) opens its DATA_DIR as superuser and the
 *    bench pages through automation_runs, automation_logs and the scheduler rows of the steps.
 *
 * Reported: setup time; time until everyone entered; steps executed per second (each step: count over the
 * span from its first to its last execution; overall; busiest second); lateness of steps 1 and 2 (their log's
 * `at` − previous step's `at` − the delay) p50/p95/p99/max, target p99 < 1 s; the wait of step 0 after the
 * entry; time until every run completed; peak RSS (VmRSS sampled every 100 ms during the automation, and
 * VmHWM) of the server and of PocketBase; their CPU time; step retries. BENCH_OUT=<file> also writes the
 * results as JSON. Where a step's time goes: BENCH_NODE_ARGS="--import ./tests/bench/fetch-trace.mjs" (the
 * server's requests to PocketBase by route, written at exit; see that file).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../api/src/lib/logger.ts';
import { createSuperuserClient } from '../../api/src/lib/pb.ts';
import { PocketBaseProcess, freePort } from '../../api/src/lib/pocketbase-process.ts';
import { RssSampler, cpuSeconds, pocketbasePid, statusMb } from './proc.ts';
import { percentile as pct, spawnSpunta, type BenchTarget } from './spawn.ts';

const N = Number(process.env.BENCH_N ?? 10_000);
const BASE_N = Number(process.env.BENCH_BASE_N ?? Math.max(1, Math.round(N / 10)));
const D1 = Number(process.env.BENCH_D1 ?? 20);
const D2 = Number(process.env.BENCH_D2 ?? 40);
const SEND = process.env.BENCH_SEND === '1';
const TARGET_P99_MS = 1000;
const loadNow = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function client(t: BenchTarget) {
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${t.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${t.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** N contacts in a new list, through the CSV import job (as the campaign bench seeds). */
async function seed(t: BenchTarget, n: number): Promise<string> {
  const call = client(t);
  const list = await call('POST', '/lists', { name: 'Bench automations' });
  let csv = 'phone,first_name,language\n';
  for (let i = 0; i < n; i++) csv += `+39350${String(i).padStart(7, '0')},Nome${i},it\n`;
  const form = new FormData();
  form.set('file', new Blob([csv]), 'bench.csv');
  const up = await (
    await fetch(`${t.url}/api/v1/contacts/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}` },
      body: form,
    })
  ).json();
  await call('POST', `/contacts/import/${up.job.id}/start`, {
    mapping: up.suggested_mapping,
    default_country: 'IT',
    list: list.id,
    opt_in: { source: 'bench' },
  });
  for (;;) {
    const j = await call('GET', `/jobs/${up.job.id}`);
    if (j.state === 'succeeded') break;
    if (j.state === 'failed' || j.state === 'cancelled') throw new Error(`import ${j.state}: ${j.error}`);
    await sleep(250);
  }
  return list.id;
}

interface Run {
  id: string;
  contact: string;
  state: string;
  started_at: number;
  ended_at: number;
}
interface Log {
  run: string;
  step: string;
  at: number;
  outcome: string;
  detail: string;
}
interface Work {
  dedupe_key: string;
  state: string;
  run_at: number;
  attempts: number;
  finished_at: number;
  created: string;
}

/** Everything the runs left in the store, read with a superuser client after Spunta stopped. */
async function readStore(dataDir: string, automation: string) {
  const p = new PocketBaseProcess({ dataDir, port: await freePort(), log: createLogger('error') });
  await p.start();
  try {
    const pb = await createSuperuserClient(p.url, p.superuserEmail, p.superuserPassword);
    const by = pb.filter('automation = {:a}', { a: automation });
    const runs = await pb
      .collection('automation_runs')
      .getFullList<Run>({ filter: by, fields: 'id,contact,state,started_at,ended_at', batch: 1000, requestKey: null });
    const logs = await pb
      .collection('automation_logs')
      .getFullList<Log>({ filter: by, fields: 'run,step,at,outcome,detail', batch: 1000, requestKey: null });
    const work = await pb.collection('work_items').getFullList<Work>({
      filter: "kind = 'automation.step' || kind = 'automation.enter'",
      fields: 'dedupe_key,state,run_at,attempts,finished_at,created',
      batch: 1000,
      requestKey: null,
    });
    return { runs, logs, work };
  } finally {
    await p.stop();
  }
}

const dist = (xs: number[]) => ({
  n: xs.length,
  p50: pct(xs, 50),
  p95: pct(xs, 95),
  p99: pct(xs, 99),
  max: xs.length ? Math.max(...xs) : NaN,
});
type Dist = ReturnType<typeof dist>;

/** Executions per second over the span from the first to the last. */
function rate(ats: number[]): number {
  if (ats.length < 2) return NaN;
  const lo = Math.min(...ats);
  const hi = Math.max(...ats);
  return hi > lo ? ats.length / ((hi - lo) / 1000) : NaN;
}

function busiestSecond(ats: number[]): number {
  const s = [...ats].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function scenario(n: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'spunta-bench-auto-'));
  const t = await spawnSpunta({}, { dataDir });
  const call = client(t);
  let stopped = false;
  try {
    console.log(`\n[${n.toLocaleString()} contacts] load average ${loadNow()}; importing…`);
    const s0 = performance.now();
    const list = await seed(t, n);
    const setupS = (performance.now() - s0) / 1000;
    if (SEND) {
      // the built-in sandbox number starts at TIER_250 (unique customers a day): "Meta" raises it, and says so
      const sb = await fetch(`${t.url}/sandbox/control/numbers/standing`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sandbox-key': readFileSync(join(dataDir, 'sandbox-key'), 'utf8').trim(),
        },
        body: JSON.stringify({ tier: 'TIER_100K' }),
      });
      if (!sb.ok) throw new Error(`sandbox standing → ${sb.status} ${await sb.text()}`);
      for (let i = 0; i < 100; i++) {
        const nums = await call('GET', '/wa-numbers');
        if (nums.items[0]?.messaging_limit_tier === 'TIER_100K') break;
        await sleep(100);
      }
    }
    if (SEND)
      for (;;) {
        const tpl = await call('GET', '/templates');
        if (
          (tpl.items as Array<{ name: string; status: string }>).some(
            (x) => x.name === 'benvenuto' && x.status === 'APPROVED',
          )
        )
          break;
        await sleep(250);
      }
    console.log(`  setup ${setupS.toFixed(1)} s; activating the automation…`);
    const idle = { node: statusMb(t.pid), pb: statusMb(pocketbasePid(t.pid!)) };
    const sampler = new RssSampler(t.pid!);
    const pbPid = pocketbasePid(t.pid!);
    const cpu0 = { node: cpuSeconds(t.pid), pb: cpuSeconds(pbPid) };
    sampler.start();
    const last = SEND
      ? {
          type: 'send_template',
          template: { name: 'benvenuto', language: 'it', params: { 1: '{{contact.first_name}}' } },
        }
      : { type: 'add_tag', tag: 'bench-step-2' };
    const t0 = Date.now();
    const a = await call('POST', '/automations', {
      name: `Bench ${n}`,
      active: true,
      trigger: { type: 'list_added', list },
      steps: [
        { action: { type: 'add_tag', tag: 'bench-step-0' } },
        { after: { seconds: D1 }, action: { type: 'add_tag', tag: 'bench-step-1' } },
        { after: { seconds: D2 }, action: last },
      ],
    });
    const activateMs = Date.now() - t0;
    let seen = 0;
    let report: { entered: number; completed: number; exited: number; steps: unknown[] };
    const deadline = t0 + Math.max(20 * 60_000, n * 200);
    for (;;) {
      await sleep(1000);
      const v = await call('GET', `/automations/${a.id}`);
      seen = Math.max(seen, v.running);
      if (process.env.BENCH_VERBOSE) console.log(`  +${((Date.now() - t0) / 1000).toFixed(0)} s inside: ${v.running}`);
      if (v.running === 0 && seen > 0) {
        report = await call('GET', `/automations/${a.id}/report`);
        if (report.completed + report.exited >= n) break;
      }
      if (Date.now() > deadline) {
        report = await call('GET', `/automations/${a.id}/report`);
        console.log(`  gave up waiting: ${JSON.stringify(report)}`);
        break;
      }
    }
    const wallS = (Date.now() - t0) / 1000;
    const rss = sampler.stop();
    const cpu = { node: cpuSeconds(t.pid) - cpu0.node, pb: cpuSeconds(pbPid) - cpu0.pb };
    const hwm = { node: statusMb(t.pid, 'VmHWM'), pb: statusMb(pocketbasePid(t.pid!), 'VmHWM') };
    const load = loadNow();
    await t.stop();
    stopped = true;

    const { runs, logs, work } = await readStore(dataDir, a.id);
    const byRun = new Map<string, Map<string, Log>>();
    for (const l of logs) {
      let m = byRun.get(l.run);
      if (!m) byRun.set(l.run, (m = new Map()));
      m.set(l.step, l);
    }
    const at = (step: string) => logs.filter((l) => l.step === step).map((l) => l.at);
    const stepWork = work.filter((w) => w.dedupe_key.startsWith('auto:'));
    // the enrol job writes one `automation.enter` row per contact: when each was written, and its wait
    const enterRows = work.filter((w) => w.dedupe_key.startsWith('auto-enter:'));
    const written = enterRows.map((w) => Date.parse(w.created.replace(' ', 'T')));
    const runAtOf = new Map(enterRows.map((w) => [w.dedupe_key.split(':').pop()!, w.run_at]));
    const late1: number[] = [];
    const late2: number[] = [];
    const wait0: number[] = [];
    const enterWait: number[] = [];
    for (const r of runs) {
      const due = runAtOf.get(r.contact);
      if (due !== undefined) enterWait.push(r.started_at - due);
      const m = byRun.get(r.id);
      const [l0, l1, l2] = ['0', '1', '2'].map((s) => m?.get(s));
      if (l0) wait0.push(l0.at - r.started_at);
      if (l0 && l1) late1.push(l1.at - (l0.at + D1 * 1000));
      if (l1 && l2) late2.push(l2.at - (l1.at + D2 * 1000));
    }
    const starts = runs.map((r) => r.started_at);
    const ends = runs.filter((r) => r.ended_at).map((r) => r.ended_at);
    const steps = ['0', '1', '2'].map((s) => ({
      step: s,
      done: logs.filter((l) => l.step === s && l.outcome === 'done').length,
      other: logs.filter((l) => l.step === s && l.outcome !== 'done').length,
      perSec: rate(at(s)),
    }));
    const others = new Map<string, number>();
    for (const l of logs)
      if (l.outcome !== 'done') {
        const k = `step ${l.step} ${l.outcome}: ${l.detail.slice(0, 120)}`;
        others.set(k, (others.get(k) ?? 0) + 1);
      }
    for (const [k, c] of others) console.log(`  ${c} × ${k}`);
    return {
      n,
      setupS,
      activateMs,
      entered: runs.length,
      completed: runs.filter((r) => r.state === 'completed').length,
      firstEntryS: starts.length ? (Math.min(...starts) - t0) / 1000 : NaN,
      allEnteredS: starts.length ? (Math.max(...starts) - t0) / 1000 : NaN,
      enteredPerSec: rate(starts),
      enterRowsWrittenS: written.length ? (Math.max(...written) - t0) / 1000 : NaN,
      enterRowsPerSec: rate(written),
      enterWait: dist(enterWait),
      steps,
      stepsPerSec: rate(logs.map((l) => l.at)),
      busiestSecond: busiestSecond(logs.map((l) => l.at)),
      wait0: dist(wait0),
      late1: dist(late1),
      late2: dist(late2),
      allCompletedS: ends.length ? (Math.max(...ends) - t0) / 1000 : NaN,
      wallS,
      rss: { idle, peak: rss, hwm },
      cpu,
      retries: stepWork.filter((w) => w.attempts > 1).length,
      notDone: stepWork.filter((w) => w.state !== 'done').length,
      load,
      report: { entered: report.entered, completed: report.completed, exited: report.exited, steps: report.steps },
    };
  } finally {
    if (!stopped) await t.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const t00 = performance.now();
console.log(
  `automations bench: baseline ${BASE_N.toLocaleString()} then ${N.toLocaleString()} contacts; delays ${D1} s and ${D2} s; step 2 ${SEND ? 'sends benvenuto' : 'adds a tag'}`,
);
const base = BASE_N > 0 && BASE_N !== N ? await scenario(BASE_N) : undefined;
const main = await scenario(N);
const results = base ? [base, main] : [main];
const totalS = (performance.now() - t00) / 1000;

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const d = (x: Dist) => `${f0(x.p50)} / ${f0(x.p95)} / **${f0(x.p99)}** / ${f0(x.max)}`;
const rows: Array<[string, (r: (typeof results)[number]) => string]> = [
  ['setup: import into one list (s)', (r) => f1(r.setupS)],
  ['POST /automations, active (ms)', (r) => f0(r.activateMs)],
  ['entered / completed (runs)', (r) => `${r.entered} / ${r.completed}`],
  ['first entry / all entered after activation (s)', (r) => `${f1(r.firstEntryS)} / ${f1(r.allEnteredS)}`],
  ['entries per second', (r) => f0(r.enteredPerSec)],
  [
    'enrol job: entry rows written per second / last written after (s)',
    (r) => `${f0(r.enterRowsPerSec)} / ${f1(r.enterRowsWrittenS)}`,
  ],
  ['entry row written → run created p50/p95/p99/max (ms)', (r) => d(r.enterWait)],
  ...[0, 1, 2].map(
    (i) =>
      [
        `step ${i} executed per second (done / other outcomes)`,
        (r: (typeof results)[number]) => `${f0(r.steps[i]!.perSec)} (${r.steps[i]!.done} / ${r.steps[i]!.other})`,
      ] as [string, (r: (typeof results)[number]) => string],
  ),
  ['steps per second overall (first to last) / busiest second', (r) => `${f0(r.stepsPerSec)} / ${r.busiestSecond}`],
  ['step 0 wait after entry p50/p95/p99/max (ms)', (r) => d(r.wait0)],
  [`step 1 lateness p50/p95/p99/max (ms) [target p99 < ${TARGET_P99_MS}]`, (r) => d(r.late1)],
  [`step 2${SEND ? ' (send)' : ''} lateness p50/p95/p99/max (ms)`, (r) => d(r.late2)],
  ['all runs completed after activation (s)', (r) => f1(r.allCompletedS)],
  [
    'server RSS idle / peak sampled / VmHWM (MB)',
    (r) => `${f0(r.rss.idle.node)} / ${f0(r.rss.peak.node)} / ${f0(r.rss.hwm.node)}`,
  ],
  [
    'PocketBase RSS idle / peak sampled / VmHWM (MB)',
    (r) => `${f0(r.rss.idle.pb)} / ${f0(r.rss.peak.pb)} / ${f0(r.rss.hwm.pb)}`,
  ],
  [
    'CPU used during the automation: server / PocketBase (s, % of one core)',
    (r) =>
      `${f0(r.cpu.node)} (${f0((100 * r.cpu.node) / r.wallS)} %) / ${f0(r.cpu.pb)} (${f0((100 * r.cpu.pb) / r.wallS)} %)`,
  ],
  ['step rows retried / not done', (r) => `${r.retries} / ${r.notDone}`],
  ['load average at the end (1/5/15 min)', (r) => r.load],
];
console.log(
  `\n| measure | ${results.map((r) => `${r.n.toLocaleString()} contacts`).join(' | ')} |${base ? ' ratio |' : ''}`,
);
console.log(`|---|${results.map(() => '---|').join('')}${base ? '---|' : ''}`);
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '–');
const ratios: Record<string, (b: typeof main, m: typeof main) => string> = {
  'entries per second': (b, m) => ratio(m.enteredPerSec, b.enteredPerSec),
  'steps per second overall (first to last) / busiest second': (b, m) => ratio(m.stepsPerSec, b.stepsPerSec),
  'step 0 executed per second (done / other outcomes)': (b, m) => ratio(m.steps[0]!.perSec, b.steps[0]!.perSec),
  'step 1 executed per second (done / other outcomes)': (b, m) => ratio(m.steps[1]!.perSec, b.steps[1]!.perSec),
  'step 2 executed per second (done / other outcomes)': (b, m) => ratio(m.steps[2]!.perSec, b.steps[2]!.perSec),
  [`step 1 lateness p50/p95/p99/max (ms) [target p99 < ${TARGET_P99_MS}]`]: (b, m) =>
    `p99 ${ratio(m.late1.p99, b.late1.p99)}`,
  [`step 2${SEND ? ' (send)' : ''} lateness p50/p95/p99/max (ms)`]: (b, m) => `p99 ${ratio(m.late2.p99, b.late2.p99)}`,
};
for (const [label, f] of rows)
  console.log(`| ${label} | ${results.map(f).join(' | ')} |${base ? ` ${ratios[label]?.(base, main) ?? ''} |` : ''}`);
const met = main.late1.p99 < TARGET_P99_MS && (SEND || main.late2.p99 < TARGET_P99_MS);
console.log(
  `\ntarget (lateness p99 < ${TARGET_P99_MS} ms at ${N.toLocaleString()} contacts): ${met ? 'met' : 'NOT met'}; bench took ${(totalS / 60).toFixed(1)} min`,
);
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify({ results, totalS }, null, 2));
process.exit(0);
