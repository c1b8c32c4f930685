/**
 * The number's throughput, end to end: an admin sets it (PATCH /api/v1/numbers/{id}); a campaign's sends
 * reach Meta — the sandbox, enforcing the same cap and recording when each send arrived — never above it in
 * any 1-second window; an operator's reply written during the run overtakes the backlog.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SANDBOX_NUMBER } from '../../api/src/config.ts';
import { systemPrincipal } from '../../api/src/engine/policy/permissions.ts';
import type { WaNumberRecord } from '../../api/src/lib/records.ts';
import { betweenTokenAndWire } from '../../api/src/modules/messages/outbound-queue.ts';
import type { ThroughputStats } from '../../api/src/modules/sandbox/rate-limits.ts';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

const CAP = 20;
const N = 160;
let s: TestServer;
let token: string;
let numberId: string;
const PN = SANDBOX_NUMBER.phoneNumberId;
const phone = (i: number) => `39346${String(1_000_000 + i)}`;

async function meta(): Promise<ThroughputStats> {
  const r = (await (await fetch(`${s.url}/sandbox/control/throughput`)).json()) as {
    numbers: Record<string, ThroughputStats>;
  };
  return r.numbers[PN]!;
}
const outboundTo = (p: string) =>
  s.sandbox!.history(p).filter((x) => x.kind === 'message' && x.direction === 'outbound');

beforeAll(async () => {
  s = await startTestServer();
  token = await login(s);
  numberId = (
    await s.ctx.pb
      .collection('wa_numbers')
      .getFirstListItem<WaNumberRecord>(s.ctx.pb.filter('phone_number_id = {:p}', { p: PN }))
  ).id;
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

it('PATCH /api/v1/numbers/{id}: admins set 1–1,000 messages per second; bad values and other roles are refused', async () => {
  for (const bad of [0, 1001, 2.5, '80']) {
    const r = await api(s, token, 'PATCH', `/api/v1/numbers/${numberId}`, { throughput_mps: bad });
    expect([r.status, r.body.error.code], String(bad)).toEqual([422, 'validation_failed']);
  }
  const extra = await api(s, token, 'PATCH', `/api/v1/numbers/${numberId}`, { throughput_mps: 10, other: 1 });
  expect(extra.status).toBe(422);
  const missing = await api(s, token, 'PATCH', '/api/v1/numbers/nosuchnumber123', { throughput_mps: 10 });
  expect(missing.status).toBe(404);
  const manager = await createUser(s, 'manager');
  const refused = await api(s, manager.token, 'PATCH', `/api/v1/numbers/${numberId}`, { throughput_mps: 10 });
  expect(refused.status).toBe(403);

  const ok = await api(s, token, 'PATCH', `/api/v1/numbers/${numberId}`, { throughput_mps: CAP });
  expect(ok.status).toBe(200);
  expect(ok.body.throughput_mps).toBe(CAP);
  const list = await api(s, token, 'GET', '/api/v1/wa-numbers');
  expect(list.body.items.find((n: { id: string }) => n.id === numberId).throughput_mps).toBe(CAP);
  const row = await s.ctx.pb.collection('wa_numbers').getOne<WaNumberRecord>(numberId);
  expect(row.throughput_mps).toBe(CAP);
});

it(`a campaign of ${N} at ${CAP} mps: never above the cap in any 1-second window at Meta, and an operator's reply overtakes it`, async () => {
  // Meta holds the number to the same cap: a sender that went over would get 130429s
  await fetch(`${s.url}/sandbox/control/reset`, { method: 'POST' });
  const standing = await fetch(`${s.url}/sandbox/control/numbers/standing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mps: CAP }),
  });
  expect(standing.status).toBe(200);
  // a customer who wrote: the operator will answer them mid-campaign
  const customer = phone(9999);
  await s.sandbox!.customerSend({ type: 'text', from: customer, name: 'Cliente', text: 'Dov’è il mio ordine?' });
  await until(
    async () => (await s.ctx.pb.collection('contacts').getList(1, 1, { filter: `wa_id = '${customer}'` })).totalItems,
  );
  await s.ctx.writer.idle();

  const enqueued = Promise.all(
    Array.from({ length: N }, (_, i) =>
      s.ctx.send.enqueue({
        principal: systemPrincipal('campaign'),
        to: { numberId, waId: phone(i) },
        body: { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
        clientId: `tp:${i}`,
        purpose: 'campaign',
      }),
    ),
  );
  // mid-run: the reply is queued once the API answers; count the campaign sends Meta had taken by then
  await until(async () => (await meta()).accepted >= 40, 60_000);
  const reply = await api(s, token, 'POST', '/api/v1/messages', {
    to: customer,
    type: 'text',
    text: { body: 'È in consegna oggi' },
  });
  expect(reply.status).toBe(202);
  const takenAtReply = (await meta()).accepted;
  const arrived = await until(() => Promise.resolve(outboundTo(customer)[0]), 30_000);
  await enqueued;
  await until(async () => (await meta()).accepted === N + 1, 120_000, 100);

  // campaign sends Meta took between the reply being queued and the reply itself
  const campaignBefore = Array.from({ length: N }, (_, i) => outboundTo(phone(i))[0]).filter(
    (m) => m && m.seq < arrived.seq,
  ).length;
  const overtaken = campaignBefore - takenAtReply;
  const st = await meta();
  const rate = (st.accepted - 1) / ((st.lastAt - st.firstAt) / 1000);
  console.log(
    `throughput: cap ${CAP} mps, ${st.accepted} sends, max ${s.ctx.outbound.peakInOneSecond(PN)} leaving in any 1 s window (${st.maxInOneSecond} arriving), ${st.refused} × 130429, achieved ${rate.toFixed(1)} mps; campaign sends between the reply being queued and its arrival: ${overtaken}`,
  );
  // the promise, where it is kept: never more than the cap in any second of requests leaving for Meta; and
  // Meta (whose rate the sandbox models as a bucket of one second's worth) never refused one
  expect(s.ctx.outbound.peakInOneSecond(PN)).toBeLessThanOrEqual(CAP);
  expect(st.refused).toBe(0);
  // the same number, as the health check reports it to whoever watches the server
  const health = (await (await fetch(`${s.url}/api/health`)).json()) as { channel: { outbound_peak_1s: number } };
  expect(health.channel.outbound_peak_1s).toBe(s.ctx.outbound.peakInOneSecond(PN));
  expect(health.channel.outbound_peak_1s).toBeGreaterThan(CAP / 2);
  // the achieved rate depends on the machine (the store write before each send): printed above, measured
  // against the cap by the campaign benchmark; here only that it never goes over
  expect(rate).toBeLessThanOrEqual(CAP);
  // the reply takes the next token; only the campaign sends already past the gate (at most half a second's
  // worth, here 10, waiting for their store write; the wire then serves the reply first) or already on the
  // wire can reach Meta before it — not the backlog of more than a hundred
  expect(overtaken).toBeLessThanOrEqual(betweenTokenAndWire(CAP) + 4);
  // and the whole backlog did not go first
  expect(N - campaignBefore).toBeGreaterThan(N / 3);
}, 180_000);
