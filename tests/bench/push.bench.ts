/**
 * npm run bench:push — inbound webhook → Web Push request received by a (local) push service.
 * Spunta runs as its own process; this process posts signed webhooks and plays the push service,
 * decrypting every notification. Reports p50/p95/p99 over BENCH_N messages (default 1,000) at
 * BENCH_RATE messages/s (default 50 — a busy inbox), and the same with one message at a time as the
 * baseline (no queueing).
 */
import { signPayload } from '../../api/src/modules/channels/whatsapp/signature.ts';
import { PushService } from '../setup/push-service.ts';
import { percentile, spawnSpunta, type BenchTarget } from './spawn.ts';

const N = Number(process.env.BENCH_N ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 50);

function inbound(t: BenchTarget, i: number, tag: string): string {
  const from = `39347${String(100000 + (i % 300)).padStart(6, '0')}`;
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
              metadata: { display_phone_number: '15550783881', phone_number_id: t.pnid },
              contacts: [{ profile: { name: `Cliente ${i % 300}` }, wa_id: from }],
              messages: [
                {
                  from,
                  id: `wamid.push${tag}${i}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: `${tag}#${i}` },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

async function run(
  t: BenchTarget,
  ps: PushService,
  device: string,
  tag: string,
  count: number,
  rate: number | 'serial',
): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const before = ps.received.length;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const raw = inbound(t, i, tag);
    if (rate !== 'serial') {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    sentAt.set(`${tag}#${i}`, performance.now());
    const p = fetch(`${t.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(raw, t.secret) },
      body: raw,
    });
    if (rate === 'serial') {
      await p;
      await ps.waitFor(() => ps.received.slice(before).some((r) => r.payload.body === `${tag}#${i}`), 10_000);
    }
  }
  await ps.waitFor(
    () => ps.received.slice(before).filter((r) => String(r.payload.body).startsWith(`${tag}#`)).length >= count,
    60_000,
  );
  return ps.received
    .slice(before)
    .filter((r) => r.device === device && String(r.payload.body).startsWith(`${tag}#`))
    .map((r) => r.at - sentAt.get(String(r.payload.body))!);
}

const ps = await new PushService().start();
const t = await spawnSpunta({ PUSH_SERVICE_ORIGINS: ps.url }); // the local push service, allowed explicitly
const dev = ps.device();
await fetch(`${t.url}/api/v1/push/subscriptions`, {
  method: 'POST',
  headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
  body: JSON.stringify(dev.subscription),
});
await run(t, ps, dev.id, 'warm', 20, 'serial');
const serial = await run(t, ps, dev.id, 'serial', 100, 'serial');
const loaded = await run(t, ps, dev.id, 'load', N, RATE);
const row = (name: string, xs: number[]) => ({
  run: name,
  n: xs.length,
  'p50 ms': percentile(xs, 50).toFixed(1),
  'p95 ms': percentile(xs, 95).toFixed(1),
  'p99 ms': percentile(xs, 99).toFixed(1),
  'max ms': Math.max(...xs).toFixed(1),
});
console.table([row('baseline: one at a time', serial), row(`${N} messages at ${RATE}/s`, loaded)]);
console.log(
  `target p95 < 300 ms: ${percentile(loaded, 95) < 300 ? 'met' : 'NOT met'} · all notifications decrypted and VAPID-verified: ${ps.received.every((r) => r.vapid.valid)}`,
);
await t.stop();
await ps.close();
process.exit(0);
