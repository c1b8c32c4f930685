/**
 * npm run bench:ingest — webhook ingestion under load, against a running Spunta.
 *
 * By default it starts one itself (separate process, fresh DATA_DIR, sandbox mode). To target another
 * instance set BENCH_URL, BENCH_APP_SECRET, BENCH_EMAIL, BENCH_PASSWORD (and BENCH_PHONE_NUMBER_ID).
 * N (default 20,000) signed deliveries — a mix of new inbound messages, statuses for messages we sent
 * (repeated and out of order, as Meta does) and statuses for unknown wamids — are posted at increasing
 * rates over at most 64 keep-alive connections (see post()). Reported: accepted/s, ack latency
 * p50/p95/p99, webhook → realtime event latency (an SSE subscriber through /pb), processing drain
 * time, and the raw PocketBase record-create rate through /pb as the baseline.
 */
import http from 'node:http';
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';
import { signPayload } from '../../api/src/modules/channels/whatsapp/signature.ts';
import { newWamid } from '../../api/src/modules/sandbox/util.ts';
import { metaEnvelope } from '../setup/meta-envelope.ts';
import { percentile as pct, spawnSpunta } from './spawn.ts';

(globalThis as { EventSource?: unknown }).EventSource = EventSource;

const N = Number(process.env.BENCH_N ?? 20_000);
const RATES = (process.env.BENCH_RATES ?? '250,500,1000,1500,2000').split(',').map(Number);
const CUSTOMERS = 2_000;

interface Target {
  url: string;
  secret: string;
  token: string;
  pnid: string;
  stop?: () => Promise<void>;
}

async function startTarget(): Promise<Target> {
  if (process.env.BENCH_URL) {
    const url = process.env.BENCH_URL;
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: process.env.BENCH_EMAIL, password: process.env.BENCH_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    return {
      url,
      secret: process.env.BENCH_APP_SECRET!,
      token,
      pnid: process.env.BENCH_PHONE_NUMBER_ID ?? '106540352242922',
    };
  }
  return spawnSpunta();
}

const envelope = (pnid: string, value: Record<string, unknown>) => metaEnvelope(pnid, value);

const customer = (i: number) => `39340${String(1_000_000 + (i % CUSTOMERS)).slice(1)}`;

function inbound(pnid: string, i: number): { raw: string; wamid: string } {
  const from = customer(i);
  // real-length wamids (about 60 characters, as Meta's): batched lookups must fit PocketBase's filter limits
  const wamid = newWamid(from);
  const ts = String(Math.floor(Date.now() / 1000));
  return {
    wamid,
    raw: envelope(pnid, {
      contacts: [{ profile: { name: `Cliente ${i % CUSTOMERS}` }, wa_id: from }],
      messages: [
        {
          from,
          id: wamid,
          timestamp: ts,
          type: 'text',
          text: { body: `Messaggio ${i}: vorrei sapere se il prodotto è disponibile` },
        },
      ],
    }),
  };
}

function status(pnid: string, wamid: string, st: string): string {
  return envelope(pnid, {
    statuses: [
      {
        id: wamid,
        status: st,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: '393400000001',
        ...(st === 'sent'
          ? { pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' } }
          : {}),
      },
    ],
  });
}

/**
 * Deliveries go over at most 64 keep-alive connections, as a webhook sender does (Meta delivers with
 * bounded concurrency and retries): when the server falls behind, requests wait on the client side —
 * and that wait counts in the ack latency, which is timed from the moment a delivery is due.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(t: Target, raw: string): Promise<{ ok: boolean; ms: number }> {
  const t0 = performance.now();
  const body = Buffer.from(raw);
  return new Promise((resolve) => {
    const req = http.request(
      `${t.url}/webhooks/whatsapp`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'x-hub-signature-256': signPayload(raw, t.secret),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - t0 }));
      },
    );
    req.on('socket', (sock) => sock.setNoDelay(true));
    req.on('error', () => resolve({ ok: false, ms: performance.now() - t0 }));
    req.end(body);
  });
}

async function baselineCreates(t: Target, token: string, seconds = 5): Promise<number> {
  let n = 0;
  const end = Date.now() + seconds * 1000;
  const worker = async (w: number) => {
    while (Date.now() < end) {
      const r = await fetch(`${t.url}/pb/api/collections/quick_replies/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: token },
        body: JSON.stringify({
          shortcut: `b${w}-${n}-${Math.random().toString(36).slice(2, 8)}`,
          body: 'Grazie per averci scritto!',
          created_by: JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).id,
        }),
      });
      await r.arrayBuffer();
      if (r.ok) n++;
    }
  };
  await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
  return n / seconds;
}

async function backlog(t: Target): Promise<number> {
  const h = (await (await fetch(`${t.url}/api/health`)).json()) as { channel: { webhook_backlog: number } };
  return h.channel.webhook_backlog;
}

async function main() {
  const t = await startTarget();
  const { token } = t;
  const bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // Warm-up: customers write, we answer, so status webhooks have real messages to land on.
  const OUT = 300;
  await Promise.all(Array.from({ length: OUT }, (_, i) => post(t, inbound(t.pnid, i).raw)));
  await new Promise((r) => setTimeout(r, 1500));
  const sentWamids: string[] = [];
  for (let i = 0; i < OUT; i += 20) {
    const res = await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        fetch(`${t.url}/api/v1/messages`, {
          method: 'POST',
          headers: bearer,
          body: JSON.stringify({ to: customer(i + k), type: 'text', text: { body: 'Certo, è disponibile!' } }),
        }).then((r) => r.json() as Promise<{ message: { id: string } }>),
      ),
    );
    void res;
  }
  const pb = new PocketBase(`${t.url}/pb`);
  pb.autoCancellation(false);
  pb.authStore.save(token, null);
  for (let i = 0; i < 100 && sentWamids.length < OUT * 0.9; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const list = await pb
      .collection('messages')
      .getFullList<{ wamid: string }>({ filter: "direction = 'out' && wamid != ''", fields: 'wamid' });
    sentWamids.splice(0, sentWamids.length, ...list.map((m) => m.wamid));
  }

  // Realtime observer: time from POST to the record event reaching an SSE subscriber through /pb.
  const sentAt = new Map<string, number>();
  const rtLatency: number[] = [];
  await pb.collection('messages').subscribe('*', (e) => {
    if (e.action !== 'create') return;
    const at = sentAt.get(e.record.wamid as string);
    if (at !== undefined) rtLatency.push(performance.now() - at);
  });

  const baseline = await baselineCreates(t, token);
  console.log(
    `baseline: raw PocketBase record creates through /pb (16 concurrent, 1 record/request): ${baseline.toFixed(0)}/s`,
  );

  const perStage = Math.ceil(N / RATES.length);
  const rows: Array<Record<string, string | number>> = [];
  let seq = 0;
  const started = performance.now();
  let inboundTotal = 0;
  for (const rate of RATES) {
    const lat: number[] = [];
    let ok = 0;
    let inbounds = 0;
    const t0 = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < perStage; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const k = seq++;
      const roll = k % 20;
      let raw: string;
      if (roll < 10) {
        const m = inbound(t.pnid, k + OUT);
        sentAt.set(m.wamid, performance.now());
        raw = m.raw;
        inbounds++;
      } else if (roll < 17 && sentWamids.length) {
        raw = status(t.pnid, sentWamids[k % sentWamids.length]!, ['delivered', 'read', 'sent'][k % 3]!);
      } else raw = status(t.pnid, newWamid(customer(k)), 'delivered');
      inflight.push(
        post(t, raw).then((r) => {
          lat.push(r.ms);
          if (r.ok) ok++;
        }),
      );
    }
    await Promise.all(inflight);
    const secs = (performance.now() - t0) / 1000;
    inboundTotal += inbounds;
    rows.push({
      'target/s': rate,
      deliveries: perStage,
      'accepted/s': Math.round(ok / secs),
      'inbound msg/s': Math.round(inbounds / secs),
      'ack p50 ms': pct(lat, 50).toFixed(1),
      'ack p95 ms': pct(lat, 95).toFixed(1),
      'ack p99 ms': pct(lat, 99).toFixed(1),
      errors: perStage - ok,
    });
  }
  while ((await backlog(t)) > 0) await new Promise((r) => setTimeout(r, 100));
  const drained = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  console.table(rows);
  console.log(
    `processing: ${seq} deliveries (${inboundTotal} inbound messages) fully processed in ${drained.toFixed(1)} s → ${(inboundTotal / drained).toFixed(0)} inbound msg/s sustained end-to-end`,
  );
  console.log(
    `webhook → realtime event (SSE via /pb): n=${rtLatency.length} p50 ${pct(rtLatency, 50).toFixed(0)} ms, p95 ${pct(rtLatency, 95).toFixed(0)} ms, p99 ${pct(rtLatency, 99).toFixed(0)} ms`,
  );
  const best = rows.reduce(
    (a, b) => (Number(b['inbound msg/s']) > Number(a['inbound msg/s']) && Number(b['ack p99 ms']) < 250 ? b : a),
    rows[0]!,
  );
  console.log(
    `ratio: best stage with p99 ack < 250 ms accepted ${best['accepted/s']} deliveries/s = ${(Number(best['accepted/s']) / baseline).toFixed(2)}× the raw PocketBase create rate`,
  );

  pb.realtime.unsubscribe();
  await t.stop?.();
  process.exit(0);
}

await main();
