/**
 * The transactional outbox through the real server: each change commits its domain events (with its
 * actor) in the same transaction, numbered without gaps or repeats even when the inbox writer and
 * /api/batch writers commit concurrently; a refused transaction leaves no event; an event cannot be
 * written outside a transaction; handled events are purged, unhandled ones never.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../api/src/engine/events/domain-events.ts';
import { newEvent } from '../../api/src/engine/events/domain-events.ts';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let admin: string;
let n = 0;
const phone = () => `39346${String(300000 + n++).padStart(6, '0')}`;

beforeAll(async () => {
  s = await startTestServer();
  admin = await login(s);
});
afterAll(async () => {
  await s?.stop();
});

async function eventsOf(filter: string): Promise<StoredEvent[]> {
  return s.ctx.pb.collection('domain_events').getFullList<StoredEvent>({ filter, sort: 'seq' });
}

async function chat(from: string, text = 'Buongiorno') {
  await s.sandbox!.customerSend({ type: 'text', from, name: 'Giulia', text });
  return until(
    async () =>
      (
        await s.ctx.pb
          .collection('conversations')
          .getList<{ id: string; contact: string }>(1, 1, { filter: `contact_phone = '+${from}'` })
      ).items[0],
  );
}

describe('domain events', () => {
  it('a new customer: contact.created, conversation.created and message.received, by the customer, in order', async () => {
    const from = phone();
    const conv = await chat(from);
    await s.idle();
    const events = await eventsOf(`conversation = '${conv.id}' || contact = '${conv.contact}'`);
    expect(events.map((e) => e.name)).toEqual(['contact.created', 'conversation.created', 'message.received']);
    expect(new Set(events.map((e) => e.actor))).toEqual(new Set([`customer:${from}`]));
    expect(events[2]!.data).toMatchObject({ type: 'text', preview: 'Buongiorno', newConversation: true });
    expect(events[1]!.seq).toBe(events[0]!.seq + 1);
    expect(events[2]!.seq).toBe(events[1]!.seq + 1);
  });

  it('assignment, close / reopen, notes, replies, contact edits and consent each commit their event with the user as actor', async () => {
    const from = phone();
    const conv = await chat(from);
    const op = await createUser(s, 'operator');
    expect((await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/assign`, { assignee: op.id })).status).toBe(
      200,
    );
    expect((await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/status`, { status: 'closed' })).status).toBe(
      200,
    );
    expect((await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/status`, { status: 'open' })).status).toBe(
      200,
    );
    expect(
      (await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/notes`, { text: 'Richiamare', mentions: [op.id] }))
        .status,
    ).toBe(201);
    expect(
      (
        await api(s, admin, 'POST', '/api/v1/messages', {
          conversation_id: conv.id,
          to: from,
          type: 'text',
          text: { body: 'Eccomi' },
        })
      ).status,
    ).toBeLessThan(300);
    expect((await api(s, admin, 'PATCH', `/api/v1/contacts/${conv.contact}`, { name: 'Giulia Bianchi' })).status).toBe(
      200,
    );
    await s.idle();
    const me = (await s.ctx.pb.collection('users').getFirstListItem<{ id: string }>(`email = '${'admin@test.local'}'`))
      .id;
    const events = await eventsOf(
      `(conversation = '${conv.id}' || contact = '${conv.contact}') && actor = 'user:${me}'`,
    );
    const names = events.map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'conversation.assigned',
        'conversation.closed',
        'conversation.reopened',
        'note.created',
        'message.created',
        'contact.updated',
      ]),
    );
    expect(events.find((e) => e.name === 'conversation.assigned')!.data).toMatchObject({
      assignee: op.id,
      previous: '',
    });
    expect(events.find((e) => e.name === 'note.created')!.data).toMatchObject({ mentions: [op.id], author: me });
    expect(events.find((e) => e.name === 'contact.updated')!.data).toMatchObject({
      fields: expect.arrayContaining(['name']),
    });

    // a STOP keyword: consent.changed by the keyword automation, and its confirmation by system:consent
    await s.sandbox!.customerSend({ type: 'text', from, name: 'Giulia', text: 'STOP' });
    await until(async () => (await eventsOf(`contact = '${conv.contact}' && name = 'consent.changed'`)).length === 1);
    await s.idle();
    const consent = await eventsOf(
      `contact = '${conv.contact}' && (name = 'consent.changed' || (name = 'message.created' && actor = 'system:consent'))`,
    );
    expect(consent.map((e) => [e.name, e.actor])).toEqual([
      ['consent.changed', 'system:keyword'],
      ['message.created', 'system:consent'],
    ]);
  });

  it('numbers stay gapless and unique while the writer and /api/batch commit at the same time', async () => {
    const before = await s.consumers.log.lastSeq();
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 60; i++)
      work.push(s.sandbox!.customerSend({ type: 'text', from: phone(), name: `C${i}`, text: `ciao ${i}` }));
    for (let i = 0; i < 30; i++)
      work.push(
        api(s, admin, 'POST', '/api/v1/contacts', {
          phone: `+39345${String(400000 + i).padStart(6, '0')}`,
          name: `Batch ${i}`,
        }),
      );
    await Promise.all(work);
    await s.idle();
    const rows = await s.ctx.pb
      .collection('domain_events')
      .getFullList<{ seq: number }>({ filter: `seq > ${before}`, sort: 'seq', fields: 'seq' });
    expect(rows.length).toBeGreaterThanOrEqual(60 * 3 + 30);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => before + 1 + i));
  }, 60_000);

  it('a refused transaction commits none of its events; an event outside a transaction is refused', async () => {
    const before = await s.consumers.log.lastSeq();
    const ev = newEvent('conversation.closed', 'system:test', { conversation: 'x'.repeat(15) }, {});
    const refused = await s.ctx.pb
      .send('/api/spunta/save-batch', {
        method: 'POST',
        body: {
          ops: [{ collection: 'messages', action: 'update', id: 'nosuchmessage00', data: { preview: 'x' } }],
          events: [ev],
        },
      })
      .catch((err: { status: number }) => err);
    expect((refused as { status: number }).status).toBe(400);
    expect(await s.consumers.log.lastSeq()).toBe(before);
    const alone = await s.ctx.pb
      .collection('domain_events')
      .create({ name: 'conversation.closed', actor: 'system:test', data: {} })
      .catch((err: { status: number }) => err);
    expect((alone as { status: number }).status).toBe(400);
    expect(await s.consumers.log.lastSeq()).toBe(before);
  });

  it('busy consumers write their positions together, and each stored position is where the consumer is', async () => {
    const { log } = s.consumers;
    const save = log.saveCheckpoints.bind(log);
    const writes: number[] = [];
    log.saveCheckpoints = async (items) => {
      writes.push(items.length);
      return save(items);
    };
    try {
      const from = Array.from({ length: 300 }, () => phone());
      await Promise.all(
        from.map((f) => s.sandbox!.customerSend({ type: 'text', from: f, name: 'Busy', text: 'Ciao' })),
      );
      await s.idle();
    } finally {
      log.saveCheckpoints = save;
    }
    const rows = await s.ctx.pb
      .collection('event_consumers')
      .getFullList<{ id: string; name: string; last_seq: number }>();
    const inMemory = s.consumers.checkpoints();
    expect(Object.keys(inMemory).length).toBeGreaterThan(3);
    for (const [name, seq] of Object.entries(inMemory)) expect(rows.find((r) => r.name === name)?.last_seq).toBe(seq);
    // each consumer wrote its own row once a second before: now a write carries several consumers
    expect(writes.length).toBeGreaterThan(0);
    expect(Math.max(...writes)).toBeGreaterThan(1);
    expect(writes.reduce((a, b) => a + b, 0)).toBeGreaterThan(writes.length);
    // a consumer whose row is gone is refused, and nothing of that write is kept
    const err = await log
      .saveCheckpoints([
        { id: rows[0]!.id, lastSeq: 1 },
        { id: 'nosuchconsumer0', lastSeq: 1 },
      ])
      .catch((e: { status: number }) => e);
    expect((err as { status: number }).status).toBe(404);
    const again = await s.ctx.pb.collection('event_consumers').getOne<{ last_seq: number }>(rows[0]!.id);
    expect(again.last_seq).toBe(rows[0]!.last_seq);
  }, 120_000);

  it('every consumer reaches the newest event; purging removes only what all of them handled', async () => {
    await s.idle();
    const last = await s.consumers.log.lastSeq();
    expect(Object.values(s.consumers.checkpoints()).every((seq) => seq <= last)).toBe(true);
    // hold one consumer back: nothing after its checkpoint may go
    const consent = await s.ctx.pb
      .collection('event_consumers')
      .getFirstListItem<{ id: string; last_seq: number }>("name = 'consent'");
    await s.consumers.stop();
    await s.ctx.pb.collection('event_consumers').update(consent.id, { last_seq: last - 5 });
    const deleted = await s.consumers.log.purge(Date.now() + 60_000);
    expect(deleted).toBeGreaterThan(0);
    const left = await s.ctx.pb
      .collection('domain_events')
      .getFullList<{ seq: number }>({ sort: 'seq', fields: 'seq' });
    expect(left.map((r) => r.seq)).toEqual([last - 4, last - 3, last - 2, last - 1, last]);
  });
});
