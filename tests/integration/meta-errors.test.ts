/**
 * Meta's refusals of a send, each with its effect (the sandbox made to answer them for one customer, the way
 * Meta does: 131049 / 131050 / 131026 by a failed status webhook, 131056 and 130429 on the request):
 * 131049 → contacts.marketing_refused_at, not retried; 131050 → the marketing opt-out through the consent
 * code (a consent.changed event by the system); 131026 → contacts.undeliverable_at; 131056 and 130429 are
 * retried (130429 after its Retry-After) and delivered once. A refused send gives its messaging-limit place back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SANDBOX_NUMBER } from '../../api/src/config.ts';
import type { ContactRecord, MessageRecord, WaNumberRecord } from '../../api/src/lib/records.ts';
import { api, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let token: string;
let numberId: string;
const HELLO = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
let n = 0;
const nextPhone = () => `39345${String(1_000_000 + n++)}`;

async function faults(body: unknown): Promise<void> {
  const r = await fetch(`${s.url}/sandbox/control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
}

async function send(to: string): Promise<MessageRecord> {
  const r = await api(s, token, 'POST', '/api/v1/messages', { to, ...HELLO });
  expect(r.status).toBe(202);
  return r.body.message;
}

async function settled(id: string): Promise<MessageRecord> {
  return until(async () => {
    const m = await s.ctx.pb.collection('messages').getOne<MessageRecord>(id);
    return m.status === 'failed' || m.status === 'delivered' || m.status === 'read' ? m : undefined;
  }, 30_000);
}

const contactOf = (phone: string) =>
  s.ctx.pb.collection('contacts').getFirstListItem<ContactRecord>(s.ctx.pb.filter('wa_id = {:p}', { p: phone }));
const sentTo = (phone: string) =>
  s.sandbox!.history(phone).filter((x) => x.kind === 'message' && x.direction === 'outbound');

beforeAll(async () => {
  s = await startTestServer({ outbound: { baseDelayMs: 100, maxDelayMs: 1000 } });
  token = await login(s);
  numberId = (
    await s.ctx.pb
      .collection('wa_numbers')
      .getFirstListItem<WaNumberRecord>(s.ctx.pb.filter('phone_number_id = {:p}', { p: SANDBOX_NUMBER.phoneNumberId }))
  ).id;
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

it('131049: failed with Meta’s reason, not retried, the contact marked marketing_refused_at, the limit place given back', async () => {
  const phone = nextPhone();
  await faults({ recipients: { [phone]: { code: 131049 } } });
  const before = (await s.ctx.limits.usage(numberId)).used;
  const m = await settled((await send(phone)).id);
  expect([m.status, m.error_code, m.error_title]).toEqual([
    'failed',
    131049,
    'This message was not delivered to maintain healthy ecosystem engagement.',
  ]);
  const c = await until(async () => {
    const x = await contactOf(phone);
    return x.marketing_refused_at ? x : undefined;
  });
  expect(Math.abs(Date.parse(c.marketing_refused_at!) - Date.now())).toBeLessThan(60_000);
  await s.idle();
  expect(sentTo(phone)).toHaveLength(1);
  expect((await s.ctx.pb.collection('messages').getOne<MessageRecord>(m.id)).attempts).toBe(1);
  const ev = await s.ctx.pb
    .collection('domain_events')
    .getFirstListItem(s.ctx.pb.filter("name = 'contact.updated' && contact = {:c}", { c: c.id }));
  expect([ev.actor, ev.data]).toEqual(['system:whatsapp', { fields: ['marketing_refused_at'] }]);
  // Meta delivered nothing: the customer does not count against the messaging limit
  expect((await s.ctx.limits.usage(numberId)).used).toBe(before);
});

it('131050: the marketing opt-out is recorded through the consent code, with a consent.changed event by the system', async () => {
  const phone = nextPhone();
  await faults({ recipients: { [phone]: { code: 131050 } } });
  const m = await settled((await send(phone)).id);
  expect([m.status, m.error_code]).toEqual(['failed', 131050]);
  const c = await until(async () => {
    const x = await contactOf(phone);
    return x.opted_out_at ? x : undefined;
  });
  expect([c.marketing_allowed, c.consent_method]).toEqual([false, 'meta_131050']);
  const ev = await s.ctx.pb
    .collection('domain_events')
    .getFirstListItem(s.ctx.pb.filter("name = 'consent.changed' && contact = {:c}", { c: c.id }));
  expect(ev.actor).toMatch(/^system:/);
  expect(ev.data).toMatchObject({ kind: 'opt_out', scope: 'marketing' });
  // the next marketing-purpose send (a campaign) is refused before Meta
  const { systemPrincipal } = await import('../../api/src/engine/policy/permissions.ts');
  await expect(
    s.ctx.send.enqueue({
      principal: systemPrincipal('campaign'),
      to: { numberId, waId: phone },
      body: HELLO,
      clientId: `after-131050:${phone}`,
      purpose: 'campaign',
    }),
  ).rejects.toMatchObject({ code: 'marketing_opt_out' });
});

it('131026: failed, the phone marked undeliverable_at', async () => {
  const phone = nextPhone();
  await faults({ recipients: { [phone]: { code: 131026 } } });
  const m = await settled((await send(phone)).id);
  expect([m.status, m.error_code]).toEqual(['failed', 131026]);
  const c = await until(async () => {
    const x = await contactOf(phone);
    return x.undeliverable_at ? x : undefined;
  });
  expect(c.marketing_refused_at ?? '').toBe('');
  expect(sentTo(phone)).toHaveLength(1);
});

it('131056 (pair rate) is retried with back-off and delivered once when the customer can receive again', async () => {
  const phone = nextPhone();
  await faults({ recipients: { [phone]: { code: 131056 } } });
  const queued = await send(phone);
  await until(
    async () => (await s.ctx.pb.collection('messages').getOne<MessageRecord>(queued.id)).attempts >= 2,
    30_000,
  );
  await faults({ recipients: { [phone]: null } });
  const m = await settled(queued.id);
  expect(m.status === 'delivered' || m.status === 'read').toBe(true);
  expect(m.attempts).toBeGreaterThanOrEqual(2);
  expect(sentTo(phone)).toHaveLength(1);
  const c = await contactOf(phone);
  expect([c.marketing_refused_at ?? '', c.undeliverable_at ?? '']).toEqual(['', '']);
});

it('130429 with Retry-After: the number waits that long, then the message is delivered once', async () => {
  const phone = nextPhone();
  await faults({ failNext: { count: 1, code: 130429, retryAfterSec: 2 } });
  const started = Date.now();
  const m = await settled((await send(phone)).id);
  expect(m.status === 'delivered' || m.status === 'read').toBe(true);
  expect(m.attempts).toBe(2);
  // Meta took it only after the Retry-After it gave
  expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  expect(sentTo(phone)).toHaveLength(1);
});
