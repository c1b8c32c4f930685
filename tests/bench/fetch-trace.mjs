/**
 * A bench helper preloaded into the Spunta server with BENCH_NODE_ARGS="--import ./tests/bench/fetch-trace.mjs":
 * times every request the server makes with fetch (the PocketBase SDK's, so: every store call) through
 * undici's diagnostics channels, grouped by method and route (record ids and filter values blanked), and
 * the event loop delay. At exit it writes FETCH_TRACE_OUT (default /tmp/spunta-fetch-trace-<pid>.json):
 * { rows: [{ route, n, totalS, p50, p95, p99 }] by total time, maxInflight, cpuS, eventLoopMs }.
 * Nothing in the product changes; the bench's numbers move a little with it (a map write per request).
 */
import dc from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const out = process.env.FETCH_TRACE_OUT || `/tmp/spunta-fetch-trace-${process.pid}.json`;
const started = new WeakMap();
const byRoute = new Map();
let inflight = 0;
let maxInflight = 0;

function route(method, path) {
  const [p, q] = path.split('?');
  let r = `${method} ${p.replace(/\/records\/[a-z0-9]{15}/, '/records/:id')}`;
  const filter = q && new URLSearchParams(q).get('filter');
  if (filter) r += ` filter=${filter.replace(/'[^']*'|"[^"]*"|\b\d+\b/g, '?').slice(0, 100)}`;
  return r;
}

/** a /api/batch is named by its first inner request (the updates of record-update.ts are one each) */
function batchOf(request) {
  try {
    const body =
      typeof request.body === 'string' ? request.body : Buffer.isBuffer(request.body) ? String(request.body) : '';
    const first = JSON.parse(body).requests?.[0];
    return first ? ` [${first.method} ${route(first.method, first.url).split(' ').slice(1).join(' ')}]` : '';
  } catch {
    return '';
  }
}

dc.subscribe('undici:request:create', ({ request }) => {
  let r = route(request.method, request.path);
  if (request.path.startsWith('/api/batch')) r += batchOf(request);
  started.set(request, { t: performance.now(), route: r });
  inflight++;
  maxInflight = Math.max(maxInflight, inflight);
});
function finished({ request }) {
  const s = started.get(request);
  if (!s) return;
  started.delete(request);
  inflight--;
  let r = byRoute.get(s.route);
  if (!r) byRoute.set(s.route, (r = { n: 0, total: 0, ms: [] }));
  const ms = performance.now() - s.t;
  r.n++;
  r.total += ms;
  if (r.ms.length < 200_000) r.ms.push(ms);
}
dc.subscribe('undici:request:trailers', finished);
dc.subscribe('undici:request:error', finished);

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

process.on('exit', () => {
  const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  const rows = [...byRoute].map(([r, s]) => ({
    route: r,
    n: s.n,
    totalS: +(s.total / 1000).toFixed(1),
    p50: +pct(s.ms, 50).toFixed(1),
    p95: +pct(s.ms, 95).toFixed(1),
    p99: +pct(s.ms, 99).toFixed(1),
  }));
  rows.sort((a, b) => b.totalS - a.totalS);
  const cpu = process.cpuUsage();
  const ms = (ns) => +(ns / 1e6).toFixed(1);
  const eventLoopMs = { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) };
  writeFileSync(out, JSON.stringify({ rows, maxInflight, cpuS: (cpu.user + cpu.system) / 1e6, eventLoopMs }, null, 1));
});
