/**
 * The one send path (engine/outbound) end to end, with the sandbox as Meta: the checks refuse before
 * anything reaches Meta, other principals (the system) send through the same path, the targets
 * (chat, contact, customer on a number) resolve to the same chat, and interactive replies go first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';
import type { ConversationRecord, MessageRecord } from '../../api/src/lib/records.ts';
import { systemPrincipal } from '../../api/src/engine/policy/permissions.ts';

let s: TestServer;
let token: string;
let n = 0;

/** A customer who just wrote (window open); returns their phone and chat. */
async function customer(): Promise<{ phone: string; conv: ConversationRecord }> {
  const phone = `39348${String(Date.now() % 100000).padStart(5, '0')}${n++}`;
  await s.sandbox!.customerSend({ type: 'text', from: phone, name: 'Cliente', text: 'Ciao!' });
  const conv = await until(
    async () =>
      (
        await s.ctx.pb
          .collection('conversations')
          .getList<ConversationRecord>(1, 1, { filter: s.ctx.pb.filter('contact_phone ~ {:p}', { p: phone }) })
      ).items[0],
  );
  await s.ctx.writer.idle();
  return { phone, conv };
}
const sentTo = (phone: string) =>
  s.sandbox!.history(phone).filter((i) => i.kind === 'message' && i.direction === 'outbound');
const message = (id: string) => s.ctx.pb.collection('messages').getOne<MessageRecord>(id);

beforeAll(async () => {
  // one message per second per number: the queue backs up, so its order shows
  s = await startTestServer({ outbound: { mps: 1 } });
  token = await login(s);
  await until(
    async () =>
      (await s.ctx.pb.collection('templates').getList(1, 1, { filter: "status = 'APPROVED' && name = 'benvenuto'" }))
        .totalItems > 0,
  );
});
afterAll(async () => {
  await s?.stop();
});

describe('the checks refuse before Meta', () => {
  it('a blocked contact: 422 contact_blocked, nothing stored or sent', async () => {
    const { phone, conv } = await customer();
    await s.ctx.pb.collection('contacts').update(conv.contact, { blocked: true });
    const r = await api(s, token, 'POST', '/api/v1/messages', { to: phone, type: 'text', text: { body: 'Ciao' } });
    expect([r.status, r.body.error.code]).toEqual([422, 'contact_blocked']);
    const stored = await s.ctx.pb
      .collection('messages')
      .getList(1, 1, { filter: s.ctx.pb.filter("conversation = {:c} && direction = 'out'", { c: conv.id }) });
    expect(stored.totalItems).toBe(0);
    expect(sentTo(phone)).toHaveLength(0);
  });

  it('an opted-out contact: a marketing template is refused, a utility one goes', async () => {
    const { phone, conv } = await customer();
    await s.ctx.pb
      .collection('contacts')
      .update(conv.contact, { opted_out_at: new Date().toISOString().replace('T', ' '), marketing_allowed: false });
    const marketing = await api(s, token, 'POST', '/api/v1/messages', {
      to: phone,
      type: 'template',
      template: {
        name: 'benvenuto',
        language: { code: 'it' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Giulia' }] }],
      },
    });
    expect([marketing.status, marketing.body.error?.code]).toEqual([422, 'marketing_opt_out']);
    const utility = await api(s, token, 'POST', '/api/v1/messages', {
      to: phone,
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    expect(utility.status).toBe(202);
    expect(utility.body.message.purpose).toBe('template');
    await until(async () => (await message(utility.body.message.id)).wamid !== '');
    expect(sentTo(phone)).toHaveLength(1);
  });

  it('a paused template is refused at send', async () => {
    const { phone } = await customer();
    const tpl = await s.ctx.pb.collection('templates').getFirstListItem<{ id: string }>("name = 'hello_world'");
    await s.ctx.pb.collection('templates').update(tpl.id, { status: 'PAUSED' });
    try {
      const r = await api(s, token, 'POST', '/api/v1/messages', {
        to: phone,
        type: 'template',
        template: { name: 'hello_world', language: 'en_US' },
      });
      // the templates studio's own refusal, with what Meta said (template-send.ts), before anything reaches Meta
      expect([r.status, r.body.error.code]).toEqual([422, 'template_paused']);
      expect(r.body.error.message).toContain('paused');
    } finally {
      await s.ctx.pb.collection('templates').update(tpl.id, { status: 'APPROVED' });
    }
  });

  it('an automation respects an opt-out even for free text; a system reply does not need consent', async () => {
    const { phone, conv } = await customer();
    await s.ctx.pb
      .collection('contacts')
      .update(conv.contact, { opted_out_at: new Date().toISOString().replace('T', ' '), marketing_allowed: false });
    const body = { type: 'text', text: { body: 'Promemoria' } };
    await expect(
      s.ctx.send.enqueue({
        principal: systemPrincipal('automation', 'a1'),
        to: { conversationId: conv.id },
        body,
        purpose: 'automation',
      }),
    ).rejects.toMatchObject({ code: 'marketing_opt_out' });
    const ok = await s.ctx.send.enqueue({
      principal: systemPrincipal('out_of_hours'),
      to: { conversationId: conv.id },
      body: { type: 'text', text: { body: 'Siamo chiusi' } },
      purpose: 'system',
    });
    expect(ok.created).toBe(true);
    await until(async () => (await message(ok.message.id)).wamid !== '');
    expect(sentTo(phone).map((i) => (i.message?.text as { body?: string } | undefined)?.body)).toEqual([
      'Siamo chiusi',
    ]);
  });
});

describe('principals and targets', () => {
  it('the system sends to a contact: stored without a sender, with its purpose, on the contact’s chat; a repeated client id sends once', async () => {
    const { phone, conv } = await customer();
    const input = {
      principal: systemPrincipal('out_of_hours'),
      to: { contactId: conv.contact },
      body: { type: 'text', text: { body: 'Risponderemo alle 9' } },
      clientId: `ooh:${conv.id}:1`,
      purpose: 'system' as const,
    };
    const [a, b] = await Promise.all([s.ctx.send.enqueue(input), s.ctx.send.enqueue(input)]);
    expect(a.message.id).toBe(b.message.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const m = await until(async () => {
      const x = await message(a.message.id);
      return x.wamid ? x : undefined;
    });
    expect([m.conversation, m.sender, m.purpose]).toEqual([conv.id, '', 'system']);
    expect(sentTo(phone)).toHaveLength(1);
  });

  it('to a customer on a number: the existing chat, else a new one (owned by the operator who starts it)', async () => {
    const { phone, conv } = await customer();
    const numberId = conv.wa_number;
    const r = await s.ctx.send.enqueue({
      principal: systemPrincipal('campaign'),
      to: { numberId, waId: phone },
      body: { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
      purpose: 'campaign',
    });
    expect(r.message.conversation).toBe(conv.id);
    const op = await createUser(s, 'operator');
    const fresh = '393489999001';
    const started = await api(s, op.token, 'POST', '/api/v1/messages', {
      to: fresh,
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    expect(started.status).toBe(202);
    const chat = await s.ctx.pb
      .collection('conversations')
      .getOne<ConversationRecord>(started.body.message.conversation);
    expect(chat.assignee).toBe(op.id);
    // the operator sees the chat and the message they started
    expect((await api(s, op.token, 'GET', `/api/v1/conversations/${chat.id}`)).status).toBe(200);
  });

  it('a viewer may not send, an operator may not write in someone else’s chat (404: it does not exist for them)', async () => {
    const { conv } = await customer();
    const viewer = await createUser(s, 'viewer');
    const op = await createUser(s, 'operator');
    expect(
      (
        await api(s, viewer.token, 'POST', '/api/v1/messages', {
          conversation_id: conv.id,
          to: conv.contact_phone,
          type: 'text',
          text: { body: 'x' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api(s, op.token, 'POST', '/api/v1/messages', {
          conversation_id: conv.id,
          to: conv.contact_phone,
          type: 'text',
          text: { body: 'x' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('interactive replies first', () => {
  it('an operator’s reply goes before the automation messages waiting for the same customer', async () => {
    const { phone, conv } = await customer();
    const auto = (i: number) =>
      s.ctx.send.enqueue({
        principal: systemPrincipal('automation', 'a1'),
        to: { conversationId: conv.id },
        body: { type: 'text', text: { body: `auto ${i}` } },
        purpose: 'automation',
      });
    for (let i = 1; i <= 4; i++) await auto(i);
    const reply = await api(s, token, 'POST', '/api/v1/messages', {
      conversation_id: conv.id,
      to: phone,
      type: 'text',
      text: { body: 'reply' },
    });
    expect(reply.status).toBe(202);
    await until(async () => sentTo(phone).length === 5, 20_000);
    const order = sentTo(phone)
      .sort((a, b) => a.seq - b.seq)
      .map((i) => String((i.message?.text as { body?: string } | undefined)?.body ?? ''));
    // at most the automation message already leaving goes first
    expect(order.indexOf('reply')).toBeLessThanOrEqual(1);
    expect(order.filter((b) => b.startsWith('auto'))).toEqual(['auto 1', 'auto 2', 'auto 3', 'auto 4']);
  });

  it('…and takes the next throughput slot before automation messages to other customers', async () => {
    const others = await Promise.all([customer(), customer(), customer()]);
    const mine = await customer();
    for (const o of others) {
      for (let i = 1; i <= 2; i++)
        await s.ctx.send.enqueue({
          principal: systemPrincipal('automation', 'a2'),
          to: { conversationId: o.conv.id },
          body: { type: 'text', text: { body: `auto ${i}` } },
          purpose: 'automation',
        });
    }
    const reply = await api(s, token, 'POST', '/api/v1/messages', {
      conversation_id: mine.conv.id,
      to: mine.phone,
      type: 'text',
      text: { body: 'reply' },
    });
    expect(reply.status).toBe(202);
    const sentAt = async (id: string) =>
      (
        await until(async () => {
          const m = await message(id);
          return m.sent_at ? m : undefined;
        }, 20_000)
      ).sent_at;
    const replyAt = await sentAt(reply.body.message.id);
    await until(
      async () =>
        (await s.ctx.pb.collection('messages').getList(1, 1, { filter: "purpose = 'automation' && status = 'queued'" }))
          .totalItems === 0,
      30_000,
    );
    const all = await s.ctx.pb.collection('messages').getFullList<MessageRecord>({
      filter: s.ctx.pb.filter(
        "purpose = 'automation' && (conversation = {:a} || conversation = {:b} || conversation = {:c})",
        { a: others[0]!.conv.id, b: others[1]!.conv.id, c: others[2]!.conv.id },
      ),
      sort: 'sent_at',
    });
    // six automation messages were waiting; the reply left after at most the one already holding the slot
    const before = all.filter((m) => m.sent_at < replyAt);
    expect(all).toHaveLength(6);
    expect(before.length).toBeLessThanOrEqual(1);
  });
});
