/**
 * Business-scoped user ids (2026) through the signed webhook into the real store, and replies to them
 * through the sandbox: a username-only customer is stored, matched and answered; what statuses say about
 * a send (pricing, recipient ids, callback data) is kept on the message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, fixture, login, postWebhook, startTestServer, until, type TestServer } from '../setup/harness.ts';
import type { ContactRecord, ConversationRecord, MessageRecord } from '../../api/src/lib/records.ts';

let s: TestServer;
let token: string;
beforeAll(async () => {
  s = await startTestServer();
  token = await login(s);
});
afterAll(async () => {
  await s?.stop();
});

const pb = () => s.ctx.pb;
const contactsWhere = (filter: string, params: Record<string, string>) =>
  pb()
    .collection('contacts')
    .getFullList<ContactRecord>({ filter: pb().filter(filter, params) });
const byWamid = async (wamid: string) =>
  (
    await pb()
      .collection('messages')
      .getFullList<MessageRecord>({ filter: pb().filter('wamid = {:w}', { w: wamid }) })
  )[0];
const conversationOf = (contactId: string) =>
  pb()
    .collection('conversations')
    .getFirstListItem<ConversationRecord>(pb().filter('contact = {:c}', { c: contactId }));

/** A fixture with its ids made unique for this test. */
function fresh(name: string, tag: string): string {
  return fixture(name)
    .replace(/wamid\.[A-Za-z0-9=_-]+/g, (w) => `${w}${tag}`)
    .replace(/IT\.(\d+)/g, `IT.$1${tag.replace(/\D/g, '')}`);
}

describe('a customer known only by BSUID', () => {
  it('is stored with BSUID and username and no phone, and matched again by the BSUID', async () => {
    const raw = fresh('message-text-username-only', '1');
    expect((await postWebhook(s, raw)).status).toBe(200);
    const userId = JSON.parse(raw).entry[0].changes[0].value.messages[0].from_user_id as string;
    const [contact] = await until(async () => {
      const list = await contactsWhere('user_id = {:u}', { u: userId });
      return list.length ? list : undefined;
    });
    expect(contact).toMatchObject({
      phone: '',
      wa_id: '',
      user_id: userId,
      username: 'chiara.design',
      profile_name: 'Chiara',
    });
    const conv = await conversationOf(contact!.id);
    expect(conv).toMatchObject({
      contact_phone: '',
      contact_user_id: userId,
      contact_username: 'chiara.design',
      contact_name: 'Chiara',
    });

    // a second message from the same BSUID lands in the same chat
    const again = raw
      .replace(/"id": "wamid\.([^"]+)"/, '"id": "wamid.$1-again"')
      .replace('preventivo per il logo', 'e anche il biglietto da visita');
    expect((await postWebhook(s, again)).status).toBe(200);
    await until(
      async () =>
        (
          await pb()
            .collection('messages')
            .getFullList({ filter: pb().filter('conversation = {:c}', { c: conv.id }) })
        ).length === 2,
    );
    expect(await contactsWhere('user_id = {:u}', { u: userId })).toHaveLength(1);
  });

  it('a phone customer gains the BSUID and parent BSUID when Meta starts sending them (one contact)', async () => {
    const phoneOnly = fixture('message-text').replace(/wamid\.[A-Za-z0-9=_-]+/g, (w) => `${w}p2`);
    await postWebhook(s, phoneOnly);
    await until(async () => (await contactsWhere('wa_id = {:w}', { w: '393471234567' })).length === 1);
    await postWebhook(s, fixture('message-text-bsuid-and-phone'));
    const [c] = await until(async () => {
      const list = await contactsWhere('wa_id = {:w}', { w: '393471234567' });
      return list[0]?.user_id ? list : undefined;
    });
    expect(c).toMatchObject({
      phone: '+393471234567',
      user_id: 'IT.13491208655302741918',
      parent_user_id: 'IT.ENT.11815799212886844830',
    });
    expect(
      await contactsWhere('wa_id = {:w} || user_id = {:u}', { w: '393471234567', u: 'IT.13491208655302741918' }),
    ).toHaveLength(1);
    expect((await conversationOf(c!.id)).contact_user_id).toBe('IT.13491208655302741918');
  });
});

describe('replying to a username-only customer', () => {
  it('goes out with `recipient` (no phone is known) and settles like any send', async () => {
    // through the sandbox, which plays Meta: a customer who adopted a username and hides the phone
    await s.sandbox!.customerSend({
      type: 'text',
      from: '+39 333 123 4567',
      name: 'Luca',
      username: 'luca.b',
      hidePhone: true,
      text: 'Ciao, siete aperti?',
    });
    const [contact] = await until(async () => {
      const list = await contactsWhere('username = {:u}', { u: 'luca.b' });
      return list.length ? list : undefined;
    });
    expect(contact!.phone).toBe('');
    expect(contact!.user_id).toMatch(/^IT\.\d+$/);

    const r = await api(s, token, 'POST', '/api/v1/messages', {
      recipient: contact!.user_id,
      type: 'text',
      text: { body: 'Sì, fino alle 19!' },
    });
    expect(r.status).toBe(202);
    const m = await until(async () => {
      const x = await pb().collection('messages').getOne<MessageRecord>(r.body.message.id);
      return x.status === 'delivered' || x.status === 'read' ? x : undefined;
    });
    // Meta answered a BSUID send, and its statuses named the recipient by BSUID only
    expect(m.status_details).toMatchObject({ recipient: { recipient_user_id: contact!.user_id } });
    const sent = s.sandbox!.history('393331234567').find((i) => i.kind === 'message' && i.direction === 'outbound');
    expect(sent).toBeDefined();
    expect((sent as { message?: Record<string, unknown> }).message).toMatchObject({ recipient: contact!.user_id });
    expect((sent as { message?: Record<string, unknown> }).message?.to).toBeUndefined();
  });

  it('an unknown BSUID is refused with a clear error before anything reaches Meta', async () => {
    const r = await api(s, token, 'POST', '/api/v1/messages', {
      recipient: 'IT.999999999',
      type: 'text',
      text: { body: 'x' },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('unknown_recipient');
  });
});

describe('status details', () => {
  it('pricing, callback data and recipient ids are stored on the message; a late sent keeps its pricing', async () => {
    await s.sandbox!.customerSend({ type: 'text', from: '+39 347 000 1111', name: 'Anna', text: 'Ciao' });
    await until(async () => (await contactsWhere('wa_id = {:w}', { w: '393470001111' })).length === 1);
    const r = await api(s, token, 'POST', '/api/v1/messages', {
      to: '+393470001111',
      type: 'text',
      text: { body: 'Buongiorno' },
    });
    const m = await until(async () => {
      const x = await pb().collection('messages').getOne<MessageRecord>(r.body.message.id);
      return x.wamid && x.status === 'read' ? x : undefined;
    });
    const status = (over: Record<string, unknown>) => {
      const doc = JSON.parse(fixture('status-delivered-bsuid'));
      Object.assign(doc.entry[0].changes[0].value.statuses[0], { id: m.wamid }, over);
      return JSON.stringify(doc);
    };
    await postWebhook(s, status({ status: 'read' }));
    // the `sent` arrives last and moves nothing, but its pricing is Meta's word on the bill
    await postWebhook(
      s,
      status({
        status: 'sent',
        pricing: { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' },
      }),
    );
    const stored = await until(async () => {
      const x = await byWamid(m.wamid);
      return x?.pricing_category === 'utility' ? x : undefined;
    });
    expect(stored).toMatchObject({
      status: 'read',
      billable: true,
      pricing_model: 'PMP',
      pricing_type: 'regular',
      biz_opaque_callback_data: 'spunta:msg:k3v9q2x8m1n4p7r',
    });
    expect(stored.status_details).toMatchObject({
      recipient: { recipient_user_id: 'IT.1502576394655843', username: 'chiara.design' },
    });
  });
});
