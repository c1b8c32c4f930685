/**
 * npm run bench:analytics — the dashboard at scale.
 *
 * 1. Spunta starts once on a fresh DATA_DIR (migrations, the sandbox number, the admin) and the bench adds
 *    20 operators through the API; then Spunta stops.
 * 2. A 90-day history is written straight into PocketBase's SQLite file (sqlite3 CLI, one transaction):
 *    BENCH_CONVERSATIONS (50,000) chats with BENCH_MESSAGES (1,000,000) messages, operators' replies
 *    with their statuses, templates by category, assignments, closes and reopens — what months of traffic
 *    would have left. (Posting a million webhooks would measure ingestion, which bench:ingest does.)
 * 3. `npm run analytics:rebuild` rebuilds the rollups from that history: its time is reported.
 * 4. Spunta starts again on that DATA_DIR: every dashboard endpoint is called BENCH_CALLS times → p50/p95.
 * 5. Live traffic: customers write at BENCH_RATE/s for BENCH_LIVE_S seconds (signed webhooks); the minute
 *    chart is polled every 100 ms and each message's lag (webhook posted → counted in the rollups) is
 *    taken at the first poll that counts it → p50/p95/p99. The endpoints' p95 is measured again meanwhile.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { signPayload } from '../../api/src/modules/channels/whatsapp/signature.ts';
import { percentile, spawnSpunta } from './spawn.ts';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 50_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const OPERATORS = 20;
const DAYS = 90;
const CALLS = Number(process.env.BENCH_CALLS ?? 40);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const LIVE_S = Number(process.env.BENCH_LIVE_S ?? 30);
const ROOT = resolve(import.meta.dirname, '../..');

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const pbDate = (t: number) => new Date(t).toISOString().replace('T', ' ');
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
let idn = 0;
const id = (prefix: string) => `${prefix}${(idn++).toString(36).padStart(15 - prefix.length, '0')}`.slice(0, 15);

/** a deterministic pseudo-random stream, so two runs write the same history */
let seed = 42;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

async function writeHistory(dataDir: string, numberId: string, operators: string[]): Promise<number> {
  const db = join(dataDir, 'pb_data', 'data.db');
  const sql = join(dataDir, 'history.sql');
  const out = createWriteStream(sql);
  const w = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await w('PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN;');
  const now = Date.now();
  const start = now - DAYS * DAY;
  const perConv = MESSAGES / CONVERSATIONS;
  const CATS = ['marketing', 'utility', 'authentication'];
  let written = 0;
  for (let c = 0; c < CONVERSATIONS; c++) {
    const contact = id('bc');
    const conv = id('bv');
    const phone = `+39${String(3_300_000_000 + c)}`;
    let t = start + Math.floor(rnd() * (DAYS * DAY - 2 * DAY));
    const created = pbDate(t);
    await w(
      `INSERT INTO contacts (id, wa_number, phone, wa_id, name, created, updated) VALUES (${q(contact)}, ${q(numberId)}, ${q(phone)}, ${q(phone.slice(1))}, ${q(`Cliente ${c}`)}, ${q(created)}, ${q(created)});`,
    );
    const op = operators[c % OPERATORS]!;
    await w(
      `INSERT INTO conversations (id, wa_number, contact, assignee, status, contact_phone, created, updated) VALUES (${q(conv)}, ${q(numberId)}, ${q(contact)}, ${q(op)}, 'closed', ${q(phone)}, ${q(created)}, ${q(created)});`,
    );
    await w(
      `INSERT INTO analytics_lifecycle (id, conversation, wa_number, kind, agent, at) VALUES (${q(id('bl'))}, ${q(conv)}, ${q(numberId)}, 'assign', ${q(op)}, ${t + 30_000});`,
    );
    // the last chat takes what is left, so the history has exactly MESSAGES messages
    const n = c === CONVERSATIONS - 1 ? MESSAGES - written : Math.max(2, Math.round(perConv * (0.5 + rnd())));
    for (let i = 0; i < n && written < MESSAGES; i++) {
      const inbound = i % 2 === 0;
      t += inbound ? Math.floor(rnd() * 6 * HOUR) : Math.floor(rnd() * 40 * MIN) + 20_000;
      if (i === Math.floor(n / 2)) {
        // the chat is closed half-way and the customer comes back later (a reopen)
        await w(
          `INSERT INTO analytics_lifecycle (id, conversation, wa_number, kind, agent, at) VALUES (${q(id('bl'))}, ${q(conv)}, ${q(numberId)}, 'close', ${q(op)}, ${t - 1000});`,
        );
        t += Math.floor(rnd() * 2 * DAY);
      }
      if (t > now - MIN) t = now - MIN - (n - i) * 1000;
      const ts = pbDate(t);
      const template = !inbound && i === 1 && rnd() < 0.3;
      const cat = template ? CATS[Math.floor(rnd() * 3)]! : 'service';
      const read = rnd() < 0.7;
      await w(
        inbound
          ? `INSERT INTO messages (id, conversation, direction, type, status, preview, timestamp, created, updated) VALUES (${q(id('bm'))}, ${q(conv)}, 'in', 'text', 'received', 'Buongiorno', ${q(ts)}, ${q(ts)}, ${q(ts)});`
          : `INSERT INTO messages (id, conversation, direction, type, status, preview, timestamp, created, updated, sender, purpose, sent_at, delivered_at, read_at, billable, pricing_model, pricing_category) VALUES (${q(id('bm'))}, ${q(conv)}, 'out', ${template ? "'template'" : "'text'"}, ${read ? "'read'" : "'delivered'"}, 'Grazie', ${q(ts)}, ${q(ts)}, ${q(ts)}, ${q(op)}, 'reply', ${q(pbDate(t + 1000))}, ${q(pbDate(t + 2000))}, ${read ? q(pbDate(t + 60_000)) : "''"}, ${template ? 1 : 0}, 'PMP', ${q(cat)});`,
      );
      written++;
    }
    await w(
      `INSERT INTO analytics_lifecycle (id, conversation, wa_number, kind, agent, at) VALUES (${q(id('bl'))}, ${q(conv)}, ${q(numberId)}, 'close', ${q(op)}, ${t + 5 * MIN});`,
    );
  }
  await w('COMMIT;');
  out.end();
  await once(out, 'finish');
  const r = spawnSync('sqlite3', [db, `.read ${sql}`], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('sqlite3 failed');
  rmSync(sql, { force: true });
  return written;
}

async function timed(url: string, token: string, path: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
    out.push(performance.now() - t0);
  }
  return out;
}

function endpoints(numberId: string): Record<string, string> {
  const now = Date.now();
  const iso = (t: number) => new Date(t).toISOString();
  const month = iso(now).slice(0, 7);
  return {
    numbers: '/api/v1/numbers',
    'monthly report': `/api/v1/reports/monthly?month=${month}`,
    'monthly report (one number)': `/api/v1/reports/monthly?month=${month}&number=${numberId}`,
    'messages by day, 90 days': `/api/v1/analytics/messages?bucket=day&from=${iso(now - 90 * DAY)}&to=${iso(now)}`,
    'messages by hour, 7 days': `/api/v1/analytics/messages?bucket=hour&from=${iso(now - 7 * DAY)}&to=${iso(now)}`,
    'messages by minute, 6 hours': `/api/v1/analytics/messages?bucket=minute&from=${iso(now - 6 * HOUR)}&to=${iso(now)}`,
    'messages by quarter, 1 year': `/api/v1/analytics/messages?bucket=quarter&from=${iso(now - 365 * DAY)}&to=${iso(now)}`,
    'team, 30 days': `/api/v1/analytics/team?from=${iso(now - 30 * DAY)}&to=${iso(now)}`,
    'team, 90 days': `/api/v1/analytics/team?from=${iso(now - 90 * DAY)}&to=${iso(now)}`,
    alerts: '/api/v1/alerts',
  };
}

async function measureAll(url: string, token: string, numberId: string, n: number) {
  const rows: Array<[string, number, number]> = [];
  for (const [name, path] of Object.entries(endpoints(numberId))) {
    const xs = await timed(url, token, path, n);
    rows.push([name, percentile(xs, 50), percentile(xs, 95)]);
  }
  return rows;
}

function inboundWebhook(pnid: string, from: string, text: string, n: number): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001234', phone_number_id: pnid },
              contacts: [{ profile: { name: 'Live' }, wa_id: from }],
              messages: [
                {
                  from,
                  id: `wamid.bench.live.${n}.${Date.now()}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'spunta-bench-analytics-'));
  try {
    // 1. migrations, number, admin, operators
    let s = await spawnSpunta({}, { dataDir });
    const auth = { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' };
    const numbers = (await (await fetch(`${s.url}/api/v1/wa-numbers`, { headers: auth })).json()) as {
      items: Array<{ id: string }>;
    };
    const numberId = numbers.items[0]!.id;
    const operators: string[] = [];
    for (let i = 0; i < OPERATORS; i++) {
      const r = await fetch(`${s.url}/api/v1/users`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ email: `op${i}@bench.local`, name: `Operator ${i}`, role: 'operator' }),
      });
      operators.push(((await r.json()) as { user: { id: string } }).user.id);
    }
    await s.stop();

    // 2. the history
    let t0 = Date.now();
    const written = await writeHistory(dataDir, numberId, operators);
    const writeS = (Date.now() - t0) / 1000;
    process.stdout.write(
      `history: ${CONVERSATIONS} conversations, ${written} messages written in ${writeS.toFixed(1)} s\n`,
    );

    // 3. rebuild
    t0 = Date.now();
    const rb = spawn(process.execPath, ['--import', 'tsx', 'api/src/modules/analytics/rebuild-cli.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const [code] = (await once(rb, 'exit')) as [number];
    if (code !== 0) throw new Error('rebuild failed');
    const rebuildS = (Date.now() - t0) / 1000;

    // 4. endpoints at rest
    s = await spawnSpunta({}, { dataDir });
    await timed(s.url, s.token, '/api/v1/numbers', 3); // warm-up
    const rest = await measureAll(s.url, s.token, numberId, CALLS);

    // 5. live traffic: lag and endpoints under load
    const now = new Date();
    const from = new Date(now.getTime() - 5 * MIN).toISOString();
    const minuteTotal = async () => {
      const r = await fetch(
        `${s.url}/api/v1/analytics/messages?bucket=minute&from=${from}&to=${new Date(Date.now() + 2 * MIN).toISOString()}`,
        { headers: { authorization: `Bearer ${s.token}` } },
      );
      const b = (await r.json()) as { series: Array<{ inbound: number }> };
      return b.series.reduce((a, p) => a + p.inbound, 0);
    };
    const base = await minuteTotal();
    const posted: number[] = [];
    const applied: number[] = [];
    let done = false;
    let deadline = Number.POSITIVE_INFINITY;
    const poller = (async () => {
      while (!done || applied.length < posted.length) {
        const c = (await minuteTotal()) - base;
        const at = performance.now();
        while (applied.length < Math.min(c, posted.length)) applied.push(at);
        if (done && Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const total = RATE * LIVE_S;
    const liveEndpoints = (async () => {
      await new Promise((r) => setTimeout(r, 2000));
      return measureAll(s.url, s.token, numberId, Math.max(5, Math.floor(CALLS / 4)));
    })();
    const startAt = performance.now();
    for (let i = 0; i < total; i++) {
      const due = startAt + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const body = inboundWebhook(s.pnid, `39399${String(i % 500).padStart(7, '0')}`, `live ${i}`, i);
      posted.push(performance.now());
      const r = await fetch(`${s.url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(body, s.secret) },
        body,
      });
      if (!r.ok) throw new Error(`webhook ${r.status}`);
    }
    done = true;
    deadline = Date.now() + 60_000;
    await poller;
    const live = await liveEndpoints;
    const lags = posted.slice(0, applied.length).map((p, i) => applied[i]! - p);
    await s.stop();

    const ms = (x: number) => `${x.toFixed(0)} ms`;
    process.stdout.write(`\nrebuild (npm run analytics:rebuild): ${rebuildS.toFixed(1)} s for ${written} messages\n`);
    process.stdout.write(`\nendpoint                          p50 idle   p95 idle   p95 under live traffic\n`);
    rest.forEach(([name, p50, p95], i) => {
      process.stdout.write(
        `${name.padEnd(33)} ${ms(p50).padStart(8)}   ${ms(p95).padStart(8)}   ${ms(live[i]![2]).padStart(8)}\n`,
      );
    });
    process.stdout.write(
      `\nlive: ${total} customer messages at ${RATE}/s; counted ${lags.length}; rollup lag (webhook → counted, 100 ms polls) ` +
        `p50 ${ms(percentile(lags, 50))}, p95 ${ms(percentile(lags, 95))}, p99 ${ms(percentile(lags, 99))}, max ${ms(Math.max(...lags))}\n`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
