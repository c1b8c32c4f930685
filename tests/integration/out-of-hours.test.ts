/**
 * Out-of-hours and holiday replies end to end: the sandbox customer writes, the message's domain event
 * is consumed, one reply per customer-service window is scheduled on the scheduler (ManualClock: the
 * grace delay passes when the test says so) and sent through the normal send path to the sandbox phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../api/src/engine/scheduler/clock.ts';
import type { CalendarModule } from '../../api/src/modules/out-of-hours/out-of-hours.module.ts';
import type { MessageRecord } from '../../api/src/lib/records.ts';
import { api, createUser, login, startTestServer, tempDataDir, until, type TestServer } from '../setup/harness.ts';
import { closedNow, holidayToday, openNow } from '../setup/hours.ts';

const BODY = JSON.parse(
  '{"enabled":true,"text":"Siamo chiusi: rispondiamo dalle 9.","holiday_text":"Oggi siamo chiusi per festività.","texts":{"en":"We are closed…"}}',
);
const clock = new ManualClock(Date.now());
const dataDir = tempDataDir();
let s: TestServer;
let admin: string;
let n = 0;
const phone = () => `39347${String(200000 + n++).padStart(6, '0')}`;

async function start() {
  s = await startTestServer({ clock, dataDir });
  admin = await login(s);
}

async function writes(from: string, text: string) {
  await s.sandbox!.customerSend({ type: 'text', from, name: 'Cliente', text });
}

async function chatOf(from: string) {
  return until(
    async () =>
      (
        await s.ctx.pb
          .collection('conversations')
          .getList<{ id: string; contact: string }>(1, 1, { filter: `contact_phone = '+${from}'` })
      ).items[0],
  );
}

async function inbound(convId: string) {
  return (
    await s.ctx.pb
      .collection('messages')
      .getFullList<MessageRecord>({ filter: `conversation = '${convId}' && direction = 'in'` })
  ).length;
}

const autoReplies = async (convId: string) =>
  s.ctx.pb.collection('messages').getFullList<MessageRecord & { purpose: string }>({
    filter: `conversation = '${convId}' && purpose = 'out_of_hours'`,
  });

/** What the customer's phone received from the business. */
const onPhone = (from: string) =>
  s
    .sandbox!.history(from)
    .filter((i) => i.kind === 'message' && i.direction === 'outbound')
    .map((i) => (i.message as { text?: { body?: string } }).text?.body ?? '');

/** The grace delay passes on the scheduler's clock; everything settles. */
async function afterGrace() {
  await s.idle();
  clock.advance(6_000);
  await s.idle();
}

beforeAll(start);
afterAll(async () => {
  await s?.stop();
});

describe('out-of-hours API', () => {
  it('takes the issue body as written; admins only; clear errors', async () => {
    const put = await api(s, admin, 'PUT', '/api/v1/out-of-hours', BODY);
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...BODY, holiday_texts: {}, grace_seconds: 5 });
    const op = await createUser(s, 'manager');
    expect((await api(s, op.token, 'GET', '/api/v1/out-of-hours')).body).toMatchObject(BODY);
    const refused = await api(s, op.token, 'PUT', '/api/v1/out-of-hours', BODY);
    expect(refused.status).toBe(403);
    const bad = await api(s, admin, 'PUT', '/api/v1/out-of-hours', {
      enabled: true,
      text: '',
      texts: { english: 'x' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_failed');
    const doc = (await fetch(`${s.url}/api/openapi.json`).then((r) => r.json())) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths['/v1/out-of-hours'] as object).sort()).toEqual(['get', 'put']);
  });
});

describe('replies', () => {
  it('outside hours: exactly one reply per window for a burst of 5 messages and a restart in between', async () => {
    expect((await api(s, admin, 'PUT', '/api/v1/business-hours', closedNow())).status).toBe(200);
    expect((await api(s, admin, 'PUT', '/api/v1/out-of-hours', BODY)).status).toBe(200);
    const from = phone();
    await Promise.all([1, 2, 3, 4, 5].map((i) => writes(from, `Messaggio ${i}`)));
    const conv = await chatOf(from);
    await until(async () => (await inbound(conv.id)) === 5);
    await s.idle();
    // scheduled once, not sent before the grace delay
    const items = await s.ctx.pb.collection('work_items').getFullList({ filter: `dedupe_key ~ 'ooh:${conv.id}:'` });
    expect(items).toHaveLength(1);
    expect(items[0]!.principal).toBe('system:out_of_hours');
    expect(await autoReplies(conv.id)).toHaveLength(0);
    await afterGrace();
    await until(async () => onPhone(from).length === 1);
    expect(onPhone(from)).toEqual(['Siamo chiusi: rispondiamo dalle 9.']);

    // restart, then the same customer writes again in the same window
    await s.stop();
    await start();
    await writes(from, 'Ci siete?');
    await until(async () => (await inbound(conv.id)) === 6);
    await afterGrace();
    const replies = await autoReplies(conv.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({
      purpose: 'out_of_hours',
      sender: '',
      type: 'text',
      payload: { body: 'Siamo chiusi: rispondiamo dalle 9.' },
    });
    expect(onPhone(from)).toHaveLength(1);
  }, 120_000);

  it('inside hours: none', async () => {
    expect((await api(s, admin, 'PUT', '/api/v1/business-hours', openNow())).status).toBe(200);
    const from = phone();
    await writes(from, 'Buongiorno');
    const conv = await chatOf(from);
    await until(async () => (await inbound(conv.id)) === 1);
    await afterGrace();
    expect(
      await s.ctx.pb.collection('work_items').getFullList({ filter: `dedupe_key ~ 'ooh:${conv.id}:'` }),
    ).toHaveLength(0);
    expect(await autoReplies(conv.id)).toHaveLength(0);
  });

  it('on a holiday: the holiday reply', async () => {
    expect((await api(s, admin, 'PUT', '/api/v1/business-hours', holidayToday())).status).toBe(200);
    const from = phone();
    await writes(from, 'Aperti oggi?');
    await afterGrace();
    await until(async () => onPhone(from).length === 1);
    expect(onPhone(from)).toEqual(['Oggi siamo chiusi per festività.']);
  });

  it("in the contact's language", async () => {
    expect((await api(s, admin, 'PUT', '/api/v1/business-hours', closedNow())).status).toBe(200);
    const from = phone();
    const created = await api(s, admin, 'POST', '/api/v1/contacts', {
      phone: `+${from}`,
      name: 'Jane',
      language: 'en',
    });
    expect(created.status).toBe(201);
    await writes(from, 'Hello, are you open?');
    await afterGrace();
    await until(async () => onPhone(from).length === 1);
    expect(onPhone(from)).toEqual(['We are closed…']);
  });

  it('not when someone answered during the grace delay, nor when an automation says it answered', async () => {
    expect((await api(s, admin, 'PUT', '/api/v1/business-hours', closedNow())).status).toBe(200);
    const from = phone();
    await writes(from, 'Urgente!');
    const conv = await chatOf(from);
    await until(async () => (await inbound(conv.id)) === 1);
    await s.idle();
    const sent = await api(s, admin, 'POST', '/api/v1/messages', {
      conversation_id: conv.id,
      to: from,
      type: 'text',
      text: { body: 'Eccomi, mi dica' },
    });
    expect(sent.status).toBeLessThan(300);
    await afterGrace();
    expect(await autoReplies(conv.id)).toHaveLength(0);
    // the job ran (and decided not to send); its outcome is written by the scheduler's batch
    await until(
      async () =>
        (await s.ctx.pb.collection('work_items').getFirstListItem(`dedupe_key ~ 'ooh:${conv.id}:'`)).state === 'done',
    );
    expect(await autoReplies(conv.id)).toHaveLength(0);

    const ooh = (s.modules.calendar as CalendarModule).outOfHours;
    const answeredByBot = new Set<string>();
    ooh.addAnsweredCheck(async (m) => answeredByBot.has(m.messageId));
    const other = phone();
    await writes(other, 'Ciao bot');
    const conv2 = await chatOf(other);
    await until(async () => (await inbound(conv2.id)) === 1);
    const msg = await s.ctx.pb.collection('messages').getFirstListItem<MessageRecord>(`conversation = '${conv2.id}'`);
    answeredByBot.add(msg.id);
    await afterGrace();
    expect(await autoReplies(conv2.id)).toHaveLength(0);
  });

  it('not while disabled', async () => {
    expect((await api(s, admin, 'PUT', '/api/v1/out-of-hours', { ...BODY, enabled: false })).status).toBe(200);
    const from = phone();
    await writes(from, 'Pronto?');
    const conv = await chatOf(from);
    await until(async () => (await inbound(conv.id)) === 1);
    await afterGrace();
    expect(await autoReplies(conv.id)).toHaveLength(0);
  });
});
