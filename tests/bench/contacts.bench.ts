/**
 * npm run bench:contacts — the contacts CRM at 100,000 contacts, against a Spunta started as a separate
 * process (fresh DATA_DIR, sandbox mode), through the real API.
 *
 * 1. Baseline: a bare PocketBase (same binary and migrations, no Spunta) creating bare contact rows in
 *    sequential batches of 500 — the store's raw write rate on this machine.
 * 2. CSV import of N rows (default 100,000: 5 % duplicate phones, 3 % invalid numbers, Italian and
 *    English names, CITY and BIRTHDAY_DATE in mixed date formats) with a target list and an opt-in
 *    source: rows/s, peak RSS of the Node server and of its PocketBase child (VmRSS sampled every 50 ms).
 * 3. Re-import of the same people with another CITY (every imported row a real update).
 * 4. Bulk-tag everyone in one city (a job), then the filtered first page (tag + custom-field condition)
 *    p50 / p95 over 20 runs, as the contacts screen asks for it (total=false; the count is a second
 *    request beside it, timed too, as is the page with its count in one request), plus other filters.
 * 5. Streamed export of everything.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { PocketBaseProcess, freePort } from '../../api/src/lib/pocketbase-process.ts';
import { createLogger } from '../../api/src/lib/logger.ts';
import { newRecordId } from '../../api/src/lib/records.ts';
import { spawnSpunta } from './spawn.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const TARGETS = { rowsPerSec: 2000, rssMb: 300, firstPageMs: 150 };

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** PocketBase is the Node server's child process. */
function childPid(pid: number): number | undefined {
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const c of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
        if (readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('pocketbase')) return Number(c);
      }
    }
  } catch {
    /* gone */
  }
  return undefined;
}

class RssSampler {
  peak = { node: 0, pb: 0 };
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly pid: number) {}
  start() {
    this.peak = { node: 0, pb: 0 };
    const pb = childPid(this.pid);
    this.timer = setInterval(() => {
      this.peak.node = Math.max(this.peak.node, rssMb(this.pid));
      this.peak.pb = Math.max(this.peak.pb, rssMb(pb));
    }, 50);
  }
  stop() {
    clearInterval(this.timer);
    return this.peak;
  }
}

const FIRST = [
  'Marco',
  'Giulia',
  'Luca',
  'Francesca',
  'Alessandro',
  'Chiara',
  'Matteo',
  'Sara',
  'Lorenzo',
  'Martina',
  'Davide',
  'Elena',
  'James',
  'Emily',
  'Oliver',
  'Sophie',
  'Harry',
  'Grace',
  'Niccolò',
  'Noemi',
];
const LAST = [
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Bruno',
  "D'Angelo",
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
];
const CITIES = ['Roma', 'Milano', 'Napoli', 'Torino', 'Palermo', 'Bologna', 'Firenze', 'Bari', 'London', 'Manchester'];

/** Deterministic messy CSV: semicolons, national and international numbers, two date formats. */
function makeCsv(n: number, cityShift = 0): string {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines = ['Nome;Cognome;Cellulare;Email;CITY;BIRTHDAY_DATE'];
  const phones: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = FIRST[Math.floor(rnd() * FIRST.length)]!;
    const l = LAST[Math.floor(rnd() * LAST.length)]!;
    const c = Math.floor(rnd() * CITIES.length);
    const uk = c >= 8;
    const city = CITIES[uk ? c : (c + cityShift) % 8]!;
    const r = rnd();
    let phone: string;
    if (r < 0.05 && phones.length) phone = phones[Math.floor(rnd() * phones.length)]!;
    else if (r < 0.08) phone = `+39 ${String(Math.floor(rnd() * 1000))}`.padEnd(9, '1');
    else {
      const k = 1_000_000 + i;
      phone = uk
        ? `+44 7400 ${String(k).slice(1)}`
        : i % 2
          ? `34${String(k % 10)} ${String(k).slice(1)}`
          : `+39 34${String(k % 10)} ${String(k).slice(1)}`;
      phones.push(phone);
    }
    const y = 1950 + Math.floor(rnd() * 55);
    const m = 1 + Math.floor(rnd() * 12);
    const d = 1 + Math.floor(rnd() * 28);
    const bday =
      i % 2
        ? `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`
        : `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const email = `${f}.${l}${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
    lines.push(`${f};"${l}";${phone};${email};${city};${bday}`);
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

async function baseline(n = 20_000): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'spunta-bench-pb-'));
  const p = new PocketBaseProcess({ dataDir: dir, port: await freePort(), log: createLogger('error') });
  await p.start();
  try {
    const pb = new PocketBase(p.url);
    pb.autoCancellation(false);
    await pb.collection('_superusers').authWithPassword(p.superuserEmail, p.superuserPassword);
    // as Spunta configures it (applyServerSettings): batch on, request logs off
    await pb.settings.update({
      batch: { enabled: true, maxRequests: 2000, timeout: 30, maxBodySize: 64 * 1024 * 1024 },
      logs: { maxDays: 0 },
    });
    const num = await pb.collection('wa_numbers').create({ phone_number_id: '1', waba_id: '1' });
    const t0 = performance.now();
    for (let i = 0; i < n; i += 500) {
      const b = pb.createBatch();
      for (let k = i; k < i + 500; k++)
        b.collection('contacts').create({
          id: newRecordId(),
          wa_number: num.id,
          phone: `+39340${String(k).padStart(7, '0')}`,
          wa_id: `39340${String(k).padStart(7, '0')}`,
        });
      await b.send();
    }
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(
    `load average before: ${readFileSync('/proc/loadavg', 'utf8').trim()} (other processes on this machine skew every number)`,
  );
  console.log(`baseline: bare PocketBase, batches of 500 bare contact rows…`);
  const baseBefore = await baseline();
  const t = await spawnSpunta();
  const token = t.token;
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${t.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  await call('POST', '/fields', { key: 'CITY', type: 'text' });
  await call('POST', '/fields', { key: 'BIRTHDAY_DATE', type: 'date' });
  const list = await call('POST', '/lists', { name: 'Bench' });
  const tag = await call('POST', '/tags', { name: 'milanesi', color: '#25D366' });
  const csv = makeCsv(N);
  const csv2 = makeCsv(N, 3);
  const sampler = new RssSampler(t.pid!);
  const idle = { node: rssMb(t.pid), pb: rssMb(childPid(t.pid!)) };
  const load: Record<string, string> = {};
  const loadNow = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;
  const waitJob = async (id: string) => {
    for (;;) {
      const j = await call('GET', `/jobs/${id}`);
      if (j.state === 'succeeded') return j;
      if (j.state === 'failed' || j.state === 'cancelled') throw new Error(`job ${id} ${j.state}: ${j.error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const runImport = async (text: string) => {
    const form = new FormData();
    form.set('file', new Blob([text]), 'bench.csv');
    sampler.start();
    const t0 = performance.now();
    const up = await (
      await fetch(`${t.url}/api/v1/contacts/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      })
    ).json();
    const t1 = performance.now();
    await call('POST', `/contacts/import/${up.job.id}/start`, {
      mapping: up.suggested_mapping,
      default_country: 'IT',
      list: list.id,
      opt_in: { source: 'bench' },
    });
    const job = await waitJob(up.job.id);
    const t2 = performance.now();
    return { job, uploadS: (t1 - t0) / 1000, importS: (t2 - t1) / 1000, rss: sampler.stop() };
  };

  console.log(`importing ${N.toLocaleString()} rows (${(csv.length / 1e6).toFixed(1)} MB)…`);
  const first = await runImport(csv);
  load.import = loadNow();
  console.log('result:', JSON.stringify(first.job.result));
  console.log('re-importing the same people with another CITY (updates)…');
  const again = await runImport(csv2);
  load.reimport = loadNow();
  console.log('result:', JSON.stringify(again.job.result));

  sampler.start();
  const tb = performance.now();
  const bulk = await call('POST', '/contacts/bulk', {
    action: 'tag',
    tag: tag.id,
    filter: { fields: [{ key: 'CITY', op: 'eq', value: 'Milano' }] },
  });
  const bulkJob = bulk.job ? await waitJob(bulk.job.id) : { result: bulk };
  const bulkS = (performance.now() - tb) / 1000;
  const bulkRss = sampler.stop();

  const timed = async (path: string, runs = 20) => {
    const xs: number[] = [];
    let last: any;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      last = await call('GET', path);
      xs.push(performance.now() - t0);
    }
    return { p50: pct(xs, 50), p95: pct(xs, 95), last };
  };
  // What the contacts screen does: the first page without its count, and the count beside it.
  const time = async (q: string) => {
    const page = await timed(`/contacts?${q}${q ? '&' : ''}total=false`);
    const count = await timed(`/contacts/count?${q}`);
    const both = await timed(`/contacts?${q}`, 10);
    return { p50: page.p50, p95: page.p95, total: count.last.total, count, both };
  };
  const where = (c: unknown) => `where=${encodeURIComponent(JSON.stringify(c))}`;
  const queries: Array<[string, string]> = [
    [
      'tag + BIRTHDAY_DATE before 1970 (target)',
      `tag=${tag.id}&${where([{ key: 'BIRTHDAY_DATE', op: 'before', value: '1970-01-01' }])}`,
    ],
    ['tag + CITY = Milano', `tag=${tag.id}&${where([{ key: 'CITY', op: 'eq', value: 'Milano' }])}`],
    ['no filter', ''],
    ['list + opted in + valid phone', `list=${list.id}&consent=opted_in&phone=valid`],
    ['text search "rossi"', 'q=rossi'],
    ['phone search, a whole number "+39 342 004242"', `q=${encodeURIComponent('+39 342 004242')}`],
    ['phone search, part of a number "004242"', 'q=004242'],
  ];
  const qres = [];
  for (const [label, q] of queries) qres.push({ label, ...(await time(q)) });

  sampler.start();
  const te = performance.now();
  const exp = await fetch(`${t.url}/api/v1/contacts/export`, { headers: { authorization: `Bearer ${token}` } });
  let bytes = 0;
  for await (const chunk of exp.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  const exportS = (performance.now() - te) / 1000;
  const expRss = sampler.stop();

  await t.stop();
  console.log('baseline again, in the conditions the imports ran in…');
  const baseAfter = await baseline();
  const base = (baseBefore + baseAfter) / 2;
  const rate = N / first.importS;
  const rate2 = N / again.importS;
  const target = qres[0]!;
  const ok = (b: boolean) => (b ? 'yes' : 'NO');
  console.table([
    {
      measure: 'import rows/s (new contacts)',
      value: rate.toFixed(0),
      target: `≥ ${TARGETS.rowsPerSec}`,
      met: ok(rate >= TARGETS.rowsPerSec),
    },
    {
      measure: 'import rows/s (re-import: updates)',
      value: rate2.toFixed(0),
      target: `≥ ${TARGETS.rowsPerSec}`,
      met: ok(rate2 >= TARGETS.rowsPerSec),
    },
    { measure: 'upload + count (s)', value: first.uploadS.toFixed(2), target: '', met: '' },
    {
      measure: 'server / PocketBase RSS at idle (MB)',
      value: `${idle.node.toFixed(0)} / ${idle.pb.toFixed(0)}`,
      target: '',
      met: '',
    },
    {
      measure: 'server peak RSS during import (MB)',
      value: Math.max(first.rss.node, again.rss.node).toFixed(0),
      target: `< ${TARGETS.rssMb}`,
      met: ok(Math.max(first.rss.node, again.rss.node) < TARGETS.rssMb),
    },
    {
      measure: 'PocketBase peak RSS during import (MB)',
      value: Math.max(first.rss.pb, again.rss.pb).toFixed(0),
      target: '(reported)',
      met: '',
    },
    {
      measure: `filtered first page p50 ms: ${target.label}`,
      value: target.p50.toFixed(1),
      target: `< ${TARGETS.firstPageMs}`,
      met: ok(target.p50 < TARGETS.firstPageMs),
    },
    {
      measure: 'bulk tag job (s) / contacts',
      value: `${bulkS.toFixed(1)} / ${JSON.stringify(bulkJob.result)}`,
      target: '',
      met: '',
    },
    {
      measure: 'bulk peak RSS node / PB (MB)',
      value: `${bulkRss.node.toFixed(0)} / ${bulkRss.pb.toFixed(0)}`,
      target: '',
      met: '',
    },
    {
      measure: 'export all (s) / MB / peak RSS node (MB)',
      value: `${exportS.toFixed(1)} / ${(bytes / 1e6).toFixed(1)} / ${expRss.node.toFixed(0)}`,
      target: '',
      met: '',
    },
    {
      measure: 'baseline: bare PocketBase batch creates/s (before / after)',
      value: `${baseBefore.toFixed(0)} / ${baseAfter.toFixed(0)}`,
      target: '',
      met: '',
    },
    { measure: 'ratio import rows/s ÷ mean baseline', value: (rate / base).toFixed(2), target: '', met: '' },
    {
      measure: '1-min load average after import / re-import',
      value: `${load.import} / ${load.reimport}`,
      target: '',
      met: '',
    },
  ]);
  console.table(
    qres.map((q) => ({
      'first page (50) of': q.label,
      matches: q.total,
      'page p50 ms': q.p50.toFixed(1),
      'page p95 ms': q.p95.toFixed(1),
      'count p50 / p95 ms': `${q.count.p50.toFixed(1)} / ${q.count.p95.toFixed(1)}`,
      'page with count p50 ms': q.both.p50.toFixed(1),
    })),
  );

  process.exit(0);
}

await main();
