/**
 * bench:ingest's load generator, a child process of its own (child_process.fork) so that building, signing
 * and posting deliveries never shares an event loop with the realtime observers.
 *
 * The parent sends a `config`, then one `stage` at a time; delivery n of a stage is due at
 * `startAt + n × 1000 / rate` and is posted then (or as soon as the generator gets to it): its ack latency
 * is timed from that due time, so a late generator or a wait for one of the 64 keep-alive connections (a
 * webhook sender's bounded concurrency, as Meta's) counts. Half the deliveries are new inbound messages — the
 * open chats' customers (BENCH_OPEN_SHARE of them), otherwise 90 % existing customers of the store and 10 %
 * new ones —, 35 % statuses for our messages (recent replies and the store's), 15 % statuses for wamids
 * Spunta never sent (parked in pending_statuses). An inbound message's text starts with its marker
 * (stage, sequence, due time: shape.ts) for the observers.
 */
import http from 'node:http';
import { signPayload } from '../../../api/src/modules/channels/whatsapp/signature.ts';
import { newWamid } from '../../../api/src/modules/sandbox/util.ts';
import { metaEnvelope } from '../../setup/meta-envelope.ts';
import { epochNow, marker, percentile, type StoreSize, storeOutbound, storeWaId, storeWamid } from './shape.ts';

export interface GeneratorConfig {
  url: string;
  secret: string;
  pnid: string;
  size: StoreSize;
  /** the open chats' customers, one per observer */
  openChats: string[];
  openShare: number;
  /** our recent replies (their statuses come as Meta sends them) */
  recent: Array<{ wamid: string; waId: string }>;
}

export interface StageOrder {
  stage: number;
  rate: number;
  count: number;
  startAt: number;
}

export interface StageResult {
  stage: number;
  posted: number;
  ok: number;
  errors: number;
  inboundPosted: number;
  inboundAcked: number;
  /** acknowledged inbound messages per open chat (index of config.openChats) */
  openAcked: number[];
  /** due → response, ms */
  ack: { p50: number; p95: number; p99: number; max: number };
  /** due → request started, ms: how late the generator itself was */
  late: { p50: number; p99: number; max: number };
  /** first due → last response, s */
  spanS: number;
  lastDue: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, secret: string, raw: string): Promise<boolean> {
  const body = Buffer.from(raw);
  return new Promise((resolve) => {
    const req = http.request(
      `${url}/webhooks/whatsapp`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'x-hub-signature-256': signPayload(raw, secret),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      },
    );
    req.on('socket', (sock) => sock.setNoDelay(true));
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

/** deterministic pseudo-random stream (the same traffic every run) */
let seed = 12345;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

const NEW_CUSTOMERS = 20_000;
const newCustomer = (n: number) => `39377${String(n).padStart(7, '0')}`;
let openTurn = 0;
let openByWaId: Map<string, number> | undefined;
const openIndex = (cfg: GeneratorConfig) => (openByWaId ??= new Map(cfg.openChats.map((w, i) => [w, i])));

function inbound(cfg: GeneratorConfig, stage: number, seq: number, due: number): { raw: string; open: number } {
  let from: string;
  const r = rnd();
  if (r < cfg.openShare && cfg.openChats.length) from = cfg.openChats[openTurn++ % cfg.openChats.length]!;
  else if (rnd() < 0.1) from = newCustomer(Math.floor(rnd() * NEW_CUSTOMERS));
  else from = storeWaId(Math.floor(rnd() * cfg.size.contacts));
  // a random customer may be one of the open chats too
  const open = openIndex(cfg).get(from) ?? -1;
  const name = from.startsWith('39377')
    ? `Nuovo ${from.slice(-4)}`
    : `Cliente ${Number(from.slice(2)) - 3_300_000_000}`;
  const text = `${marker(stage, seq, due)} vorrei sapere se il prodotto è disponibile`;
  const raw = metaEnvelope(cfg.pnid, {
    contacts: [{ profile: { name }, wa_id: from }],
    messages: [
      {
        from,
        id: newWamid(from),
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: 'text',
        text: { body: text },
      },
    ],
  });
  return { raw, open };
}

function status(cfg: GeneratorConfig, wamid: string, waId: string, st: string): string {
  return metaEnvelope(cfg.pnid, {
    statuses: [
      {
        id: wamid,
        status: st,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: waId,
        ...(st === 'sent'
          ? { pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' } }
          : {}),
      },
    ],
  });
}

let seq = 0;

async function runStage(cfg: GeneratorConfig, o: StageOrder): Promise<StageResult> {
  const ack: number[] = [];
  const late: number[] = [];
  let ok = 0;
  let inboundPosted = 0;
  let inboundAcked = 0;
  const openAcked = cfg.openChats.map(() => 0);
  const inflight: Promise<void>[] = [];
  const states = ['delivered', 'read', 'sent'];
  let lastDue = o.startAt;
  for (let n = 0; n < o.count; n++) {
    const due = o.startAt + (n * 1000) / o.rate;
    lastDue = due;
    const wait = due - epochNow();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const k = seq++;
    const roll = k % 20;
    let raw: string;
    let open = -2; // -2: not an inbound message
    if (roll < 10) {
      const m = inbound(cfg, o.stage, k, due);
      raw = m.raw;
      open = m.open;
      inboundPosted++;
    } else if (roll < 17) {
      const st = states[k % 3]!;
      if (cfg.recent.length && rnd() < 0.5) {
        const m = cfg.recent[Math.floor(rnd() * cfg.recent.length)]!;
        raw = status(cfg, m.wamid, m.waId, st);
      } else {
        const m = storeOutbound(Math.floor(rnd() * cfg.size.messages), cfg.size);
        raw = status(cfg, storeWamid(m.i), storeWaId(m.c), st);
      }
    } else {
      const to = storeWaId(Math.floor(rnd() * cfg.size.contacts));
      raw = status(cfg, newWamid(to), to, 'delivered');
    }
    late.push(epochNow() - due);
    inflight.push(
      post(cfg.url, cfg.secret, raw).then((good) => {
        ack.push(epochNow() - due);
        if (!good) return;
        ok++;
        if (open === -2) return;
        inboundAcked++;
        if (open >= 0) openAcked[open]!++;
      }),
    );
  }
  await Promise.all(inflight);
  return {
    stage: o.stage,
    posted: o.count,
    ok,
    errors: o.count - ok,
    inboundPosted,
    inboundAcked,
    openAcked,
    ack: {
      p50: percentile(ack, 50),
      p95: percentile(ack, 95),
      p99: percentile(ack, 99),
      max: ack.reduce((a, b) => Math.max(a, b), 0),
    },
    late: { p50: percentile(late, 50), p99: percentile(late, 99), max: late.reduce((a, b) => Math.max(a, b), 0) },
    spanS: (epochNow() - o.startAt) / 1000,
    lastDue,
  };
}

if (process.env.BENCH_INGEST_GENERATOR === '1' && process.send) {
  let cfg: GeneratorConfig | undefined;
  process.on('message', (m: { type: 'config'; config: GeneratorConfig } | { type: 'stage'; order: StageOrder }) => {
    if (m.type === 'config') {
      cfg = m.config;
      process.send!({ type: 'ready' });
    } else if (m.type === 'stage' && cfg) {
      void runStage(cfg, m.order).then((result) => process.send!({ type: 'done', result }));
    }
  });
  process.on('disconnect', () => process.exit(0));
}
