/**
 * npm run bench:ingest — webhook ingestion under load, on a store of realistic size, with a team watching.
 *
 * 1. The store (ingest/store.ts): BENCH_STORE_MESSAGES (1,000,000) messages, BENCH_STORE_CONTACTS (a tenth:
 *    100,000) contacts, BENCH_STORE_CONVERSATIONS (a twentieth: 50,000) chats on the sandbox number, assigned
 *    over a pool of 28 operators (every fifth unassigned), plus 8 managers and 4 admins — generated once with
 *    set-based SQL inside SQLite and cached in tests/.tmp/bench-ingest-store/; each run starts Spunta (the
 *    server bundle, sandbox mode: tests/bench/spawn.ts) on a fresh copy. The generation time is printed.
 * 2. EXPLAIN QUERY PLAN of the writer's hot lookups on that store (ingest/plans.ts; a full SCAN is flagged).
 * 3. Baseline: raw PocketBase record creates through /pb (16 concurrent, 5 s), in the same run.
 * 4. BENCH_OPERATORS (a comma list, default 20; the whole bench runs once per value) clients log in — a tenth
 *    admins, a fifth managers, the rest operators — and subscribe through /pb as the PWA does, each with one
 *    open chat (an operator's assigned to them through the API) that gets live messages (ingest/observers.ts).
 * 5. A warm-up: customers write, we answer (status webhooks then land on real recent sends).
 * 6. A load generator in a process of its own (ingest/generator.ts) posts signed deliveries — half inbound
 *    messages (mostly the store's customers, some new), 35 % statuses for our messages, 15 % for unknown
 *    wamids — in stages: BENCH_RATES deliveries/s (250, 500, 1000, 1500, 2000; BENCH_N = 20,000 deliveries
 *    shared between them), then 'sustained': BENCH_SUSTAIN_RATE (1,000) inbound msg/s (twice as many
 *    deliveries/s) for BENCH_SUSTAIN_S (60) s — the target is to process that for a minute. Each stage drains
 *    (the journal's checkpoint at its end, in-flight chunks included; BENCH_DRAIN_TIMEOUT_S 600) before the next.
 *
 * Reported per stage (ingest/stage.ts): offered vs processed (inbound messages stored per second while the
 * journal was behind, read from the store), ack latency from each delivery's due time, webhook → realtime
 * latency from the due time for every client (per role, and for the open chats), peak RSS of Spunta, its
 * PocketBase, the generator and this process (the observers) — as markdown tables per client count.
 * REALTIME_HUB and other Spunta settings pass through the environment.
 */
import { readFileSync } from 'node:fs';
import { ensureStore, storeSize } from './ingest/store.ts';
import { markdown } from './ingest/report.ts';
import { runOnce, type RunResult } from './ingest/run.ts';
import type { StageSpec, StageStats } from './ingest/stage.ts';

const N = Number(process.env.BENCH_N ?? 20_000);
const RATES = (process.env.BENCH_RATES ?? '250,500,1000,1500,2000').split(',').filter(Boolean).map(Number);
const CLIENTS = (process.env.BENCH_OPERATORS ?? '20').split(',').map(Number);
const SUSTAIN_RATE = Number(process.env.BENCH_SUSTAIN_RATE ?? 1000);
const SUSTAIN_S = Number(process.env.BENCH_SUSTAIN_S ?? 60);
const OPEN_SHARE = Number(process.env.BENCH_OPEN_SHARE ?? 0.1);
const DRAIN_TIMEOUT_S = Number(process.env.BENCH_DRAIN_TIMEOUT_S ?? 600);
const INBOUND_SHARE = 0.5;

const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en') : '–');
const pair = (a: number, b: number) => `${int(a)} / ${int(b)}`;

function stageRows(r: RunResult): Array<Record<string, string | number>> {
  return r.stages.map((s: StageStats) => ({
    stage: s.spec.label,
    'offered deliveries/s': int(s.spec.rate),
    'offered inbound msg/s': int(s.spec.rate * INBOUND_SHARE),
    'acked deliveries/s': int(s.gen.ok / s.gen.spanS),
    'inbound acked': int(s.gen.inboundAcked),
    'processed msg/s': `${int(s.processed)}${s.keptUp ? ' (kept up)' : ''}`,
    'drained after last due (s)': s.drainLagS < 0 ? 'not drained' : s.drainLagS.toFixed(1),
    'ack p50 / p99 ms': pair(s.gen.ack.p50, s.gen.ack.p99),
    'realtime p50 / p99 ms': pair(s.realtime.p50, s.realtime.p99),
    'RSS peak MB Spunta / PB / generator / bench': [
      s.rss.spunta,
      s.rss.pocketbase,
      s.rss.generator,
      s.rss['bench (observers)'],
    ]
      .map((x) => int(x ?? 0))
      .join(' / '),
  }));
}

function roleRows(r: RunResult): Array<Record<string, string | number>> {
  const cell = (p: { n: number; p50: number; p99: number }) => (p.n ? `${pair(p.p50, p.p99)} (${int(p.n)})` : '–');
  return r.stages.map((s) => ({
    stage: s.spec.label,
    [`operators (${r.mix.operator}) p50 / p99 ms (events)`]: cell(s.byRole.operator),
    [`managers (${r.mix.manager})`]: cell(s.byRole.manager),
    [`admins (${r.mix.admin})`]: cell(s.byRole.admin),
    'open chats p50 / p99 ms': pair(s.openChat.p50, s.openChat.p99),
    'open chats shown / sent': `${int(s.openChat.n)} / ${int(s.openChat.expected)}`,
  }));
}

function detailRows(r: RunResult): Array<Record<string, string | number>> {
  return r.stages.map((s) => ({
    stage: s.spec.label,
    deliveries: int(s.spec.count),
    'posted in (s)': s.gen.spanS.toFixed(1),
    errors: s.gen.errors,
    'generator late p99 ms': int(s.gen.late.p99),
    'ack p95 / max ms': pair(s.gen.ack.p95, s.gen.ack.max),
    'writer queue peak': int(s.queuePeak),
    'journal behind (s)': s.busyS.toFixed(1),
    'inbound stored': int(s.stored),
    'dead letters': s.deadLetters,
    'count poll ms': s.countMs.toFixed(1),
  }));
}

function clientRows(s: StageStats): Array<Record<string, string | number>> {
  return s.perClient.map((c) => ({
    client: c.email,
    role: c.role,
    'messages shown': int(c.n),
    'p50 / p99 ms': pair(c.p50, c.p99),
    'open chat shown / sent': `${int(c.chat)} / ${int(c.expected)}`,
  }));
}

async function main() {
  const size = storeSize();
  const stages: StageSpec[] = RATES.map((rate) => ({
    label: `${rate}/s`,
    rate,
    count: Math.ceil(N / RATES.length),
  }));
  if (SUSTAIN_RATE > 0 && SUSTAIN_S > 0)
    stages.push({
      label: `sustained ${SUSTAIN_RATE} msg/s × ${SUSTAIN_S} s`,
      rate: SUSTAIN_RATE / INBOUND_SHARE,
      count: Math.round((SUSTAIN_RATE / INBOUND_SHARE) * SUSTAIN_S),
    });
  process.stdout.write(
    `bench:ingest — store ${size.messages.toLocaleString('en')} messages / ${size.contacts.toLocaleString('en')} contacts / ` +
      `${size.conversations.toLocaleString('en')} chats; clients ${CLIENTS.join(', ')}; REALTIME_HUB=${process.env.REALTIME_HUB ?? '(default)'}; ` +
      `load average ${readFileSync('/proc/loadavg', 'utf8').trim()}\n`,
  );
  const t0 = performance.now();
  const store = await ensureStore(size);
  const mb = (store.meta.dbBytes / 1e6).toFixed(0);
  process.stdout.write(
    store.generated
      ? `store generated in ${(store.meta.generationS).toFixed(1)} s (data.db ${mb} MB): ${store.dir}\n`
      : `store (cached, generated ${store.meta.generatedAt} in ${store.meta.generationS.toFixed(1)} s, data.db ${mb} MB): ${store.dir}\n`,
  );

  const results: RunResult[] = [];
  for (const [i, clients] of CLIENTS.entries()) {
    process.stdout.write(`\n## ${clients} clients\n`);
    const r = await runOnce({
      clients,
      storeDir: store.dir,
      meta: store.meta,
      stages,
      openShare: OPEN_SHARE,
      drainTimeoutS: DRAIN_TIMEOUT_S,
      printPlans: i === 0,
    });
    results.push(r);
    const last = r.stages.at(-1)!;
    process.stdout.write(
      `\n### ${clients} clients (${r.mix.operator} operators, ${r.mix.manager} managers, ${r.mix.admin} admins) — ` +
        `baseline ${int(r.baseline)} raw PocketBase creates/s; Spunta up on the store copy in ${r.startS.toFixed(1)} s; ` +
        `realtime streams re-established ${r.reconnects}×${r.reconnects ? ` (s after the first stage began → clients: ${r.reconnectsAt.map(([at, n]) => `${at} s → ${n}`).join(', ')})` : ''}; ` +
        `PocketBase processes ${r.pbPids}\n\n${markdown(stageRows(r))}\n\nRealtime by role (webhook due → shown):\n\n` +
        `${markdown(roleRows(r))}\n\nDetails:\n\n${markdown(detailRows(r))}\n\nEach client, stage ${last.spec.label}:\n\n` +
        `${markdown(clientRows(last))}\n`,
    );
  }

  if (SUSTAIN_RATE > 0 && SUSTAIN_S > 0) {
    process.stdout.write(`\n## Target: ≥ ${SUSTAIN_RATE} inbound msg/s processed for ${SUSTAIN_S} s\n\n`);
    process.stdout.write(
      `${markdown(
        results.map((r) => {
          const s = r.stages.at(-1)!;
          return {
            clients: r.clients,
            'processed msg/s': int(s.processed),
            'drained after last due (s)': s.drainLagS < 0 ? 'not drained' : s.drainLagS.toFixed(1),
            'realtime p50 / p99 ms': pair(s.realtime.p50, s.realtime.p99),
            met: s.keptUp ? 'yes (kept up)' : s.processed >= SUSTAIN_RATE ? 'yes' : 'no',
          };
        }),
      )}\n`,
    );
  }
  const scans = results.flatMap((r) => r.scans);
  if (scans.length) process.stdout.write(`\nFULL SCANs in the hot lookups: ${scans.join('; ')}\n`);
  process.stdout.write(`\ntotal ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
