/**
 * A storm of transient errors (131000, 131016, pair rate 131056) from Meta — here the sandbox —
 * must not fail messages permanently: they are retried with back-off until the retry horizon and each is
 * delivered exactly once. Past the horizon a message fails with the last error; a permanent error fails
 * at once. Back-off is scaled down (100 ms base, 1.5 s cap) so the storm lasts seconds, not a minute.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { MessageRecord } from '../../api/src/lib/records.ts';
import { api, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let token: string;
const N = 100;
const phones = Array.from({ length: N }, (_, i) => `39348${String(7_000_000 + i)}`);

beforeAll(async () => {
  s = await startTestServer({
    outbound: { baseDelayMs: 100, maxDelayMs: 1500 },
    env: { SEND_RETRY_HORIZON_MINUTES: '2' },
  });
  token = await login(s);
  for (let i = 0; i < N; i += 20) {
    await Promise.all(
      phones
        .slice(i, i + 20)
        .map((from) =>
          s.sandbox!.customerSend({ type: 'text', from, name: `Cliente ${from.slice(-3)}`, text: 'Buongiorno' }),
        ),
    );
  }
  await until(
    async () => (await s.ctx.pb.collection('contacts').getList(1, 1, { filter: "wa_id ~ '39348'" })).totalItems === N,
    30_000,
  );
  await s.ctx.writer.idle();
}, 120_000);
afterAll(async () => {
  await s?.stop();
});
beforeEach(() => {
  s.sandbox!.faults.reset();
  s.ctx.outbound['opts'].retryHorizonMs = 2 * 60_000;
});

const message = (id: string) => s.ctx.pb.collection('messages').getOne<MessageRecord>(id);

it(`a storm of transient and pair-rate errors past the old budget of 6 attempts: all ${N} messages delivered, each exactly once`, async () => {
  // the storm lasts until messages have failed more often than the old budget allowed (not a fixed time: a
  // loaded machine makes fewer attempts per second), then Meta recovers
  // 130429 is left out here: it pauses the whole number for its Retry-After (a number-level limit, see
  // throughput.test.ts and meta-errors.test.ts), which would make this a test of patience, not of retries
  s.sandbox!.faults.storm(150_000, [131000, 131016, 131056]);
  const ids: string[] = [];
  for (let i = 0; i < N; i += 25) {
    const batch = await Promise.all(
      phones
        .slice(i, i + 25)
        .map((to) =>
          api(s, token, 'POST', '/api/v1/messages', { to, type: 'text', text: { body: 'Il suo ordine è pronto' } }),
        ),
    );
    for (const r of batch) {
      expect(r.status).toBe(202);
      ids.push(r.body.message.id);
    }
  }
  const ofBatch = ids.map((id) => `id = '${id}'`).join(' || ');
  await until(
    async () => {
      const rows = await s.ctx.pb
        .collection('messages')
        .getFullList<MessageRecord>({ filter: ofBatch, fields: 'attempts' });
      return rows.filter((m) => m.attempts > 7).length >= 10;
    },
    120_000,
    250,
  );
  s.sandbox!.faults.storm(0);
  await until(
    async () => {
      const rows = await s.ctx.pb
        .collection('messages')
        .getFullList<MessageRecord>({ filter: ofBatch, fields: 'id,status' });
      return rows.every((m) => m.status === 'sent' || m.status === 'delivered' || m.status === 'read');
    },
    120_000,
    500,
  );
  const rows = await Promise.all(ids.map(message));
  expect(rows.filter((m) => m.status === 'failed')).toHaveLength(0);
  // the storm outlasted the old budget of 6 attempts: messages went on retrying instead of failing
  expect(Math.max(...rows.map((m) => m.attempts))).toBeGreaterThan(6);
  for (const phone of phones) {
    const out = s.sandbox!.history(phone).filter((x) => x.kind === 'message' && x.direction === 'outbound');
    expect(out, phone).toHaveLength(1);
  }
  console.log(`storm test: ${N} messages, failed=0, max attempts=${Math.max(...rows.map((m) => m.attempts))}`);
}, 180_000);

it('past the retry horizon a message fails with the last transient error', async () => {
  s.ctx.outbound['opts'].retryHorizonMs = 1500;
  s.sandbox!.faults.storm(60_000, [131000]);
  const r = await api(s, token, 'POST', '/api/v1/messages', { to: phones[0], type: 'text', text: { body: 'ancora?' } });
  const m = await until(async () => {
    const x = await message(r.body.message.id);
    return x.status === 'failed' ? x : undefined;
  }, 20_000);
  expect(m.error_code).toBe(131000);
  expect(m.error_details).toMatch(/gave up at the retry horizon/);
  expect(m.attempts).toBeGreaterThan(1);
});

it('a permanent error fails at once, after one attempt', async () => {
  s.sandbox!.faults.failNextSends(1, { code: 131026 });
  const r = await api(s, token, 'POST', '/api/v1/messages', {
    to: phones[1],
    type: 'text',
    text: { body: 'e questo?' },
  });
  const m = await until(async () => {
    const x = await message(r.body.message.id);
    return x.status === 'failed' ? x : undefined;
  });
  expect(m.error_code).toBe(131026);
  expect(m.attempts).toBe(1);
});
