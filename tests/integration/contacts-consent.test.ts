/**
 * Consent through the sandbox: STOP / START keywords opt the customer out and in with a confirmation
 * in their language, Meta's 131050 on a send opts them out of marketing, keywords are configurable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactRecord, ConversationRecord, MessageRecord } from '../../api/src/lib/records.ts';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let admin: string;

const contactOf = async (waId: string) =>
  until(
    async () =>
      (
        await s.ctx.pb
          .collection('contacts')
          .getList<ContactRecord>(1, 1, { filter: s.ctx.pb.filter('wa_id = {:w}', { w: waId }) })
      ).items[0],
  );
const outboundTexts = (waId: string) =>
  s
    .sandbox!.history(waId)
    .filter((i) => i.kind === 'message' && i.direction === 'outbound')
    .map((i) => String((i.message?.text as { body?: string } | undefined)?.body ?? ''));

beforeAll(async () => {
  s = await startTestServer();
  admin = await login(s);
});
afterAll(async () => {
  await s?.stop();
});

describe('STOP / START keywords', () => {
  it('STOP opts out with method keyword and confirms in Italian; START opts in again', async () => {
    const from = '393409990001';
    await s.sandbox!.customerSend({ type: 'text', from, name: 'Franca', text: 'Buongiorno' });
    await s.sandbox!.customerSend({ type: 'text', from, name: 'Franca', text: 'STOP' });
    const out = await until(async () => {
      const c = await contactOf(from);
      return c.opted_out_at && !c.marketing_allowed ? c : undefined;
    });
    expect(out).toMatchObject({ consent_method: 'keyword' });
    await s.idle();
    // the inbox creates contacts with the bare wa_id: country and validity are filled in afterwards
    expect(await contactOf(from)).toMatchObject({ country: 'IT', phone_valid: true });
    await until(async () =>
      outboundTexts(from).some((t) => t.startsWith('Ok, non riceverai più messaggi promozionali')),
    );
    const history = await api(s, admin, 'GET', `/api/v1/contacts/${out.id}/consents`);
    expect(history.body.items).toEqual([
      expect.objectContaining({ kind: 'opt_out', method: 'keyword', source: 'STOP', scope: 'all' }),
    ]);

    await s.sandbox!.customerSend({ type: 'text', from, name: 'Franca', text: 'start' });
    await until(async () => (await contactOf(from)).marketing_allowed === true);
    await until(async () => outboundTexts(from).some((t) => t.startsWith('Grazie! Riceverai di nuovo')));
    const list = await api(s, admin, 'GET', '/api/v1/contacts?consent=opted_in');
    expect(list.body.items.map((c: ContactRecord) => c.id)).toContain(out.id);

    const activity = await api(s, admin, 'GET', `/api/v1/contacts/${out.id}/activity`);
    const kinds = activity.body.items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['consent_opt_out', 'consent_opt_in', 'message_in', 'message_out']));
  });

  it('localised keywords answer in their language; a sentence containing "stop" is not a keyword', async () => {
    await s.sandbox!.customerSend({ type: 'text', from: '447400123457', name: 'Jim', text: 'Unsubscribe' });
    await until(async () => outboundTexts('447400123457').some((t) => t.startsWith("Done: you won't receive")));
    await s.sandbox!.customerSend({ type: 'text', from: '393409990002', name: 'Ugo', text: 'Basta!' });
    await until(async () => (await contactOf('393409990002')).consent_method === 'keyword');
    await s.sandbox!.customerSend({
      type: 'text',
      from: '393409990003',
      name: 'Ivo',
      text: 'non fate stop alla consegna',
    });
    await s.ctx.writer.idle();
    await s.idle();
    expect((await contactOf('393409990003')).opted_out_at).toBe('');
    expect(outboundTexts('393409990003')).toEqual([]);
  });

  it('keywords are configurable by admins only', async () => {
    const cur = await api(s, admin, 'GET', '/api/v1/settings/consent-keywords');
    expect(cur.body.languages.it.stop).toContain('BASTA');
    const mgr = await createUser(s, 'manager');
    expect((await api(s, mgr.token, 'PUT', '/api/v1/settings/consent-keywords', cur.body)).status).toBe(403);
    cur.body.languages.it.stop.push('FERMA');
    cur.body.languages.it.stop_reply = 'Fermato.';
    expect((await api(s, admin, 'PUT', '/api/v1/settings/consent-keywords', cur.body)).status).toBe(200);
    await s.sandbox!.customerSend({ type: 'text', from: '393409990004', name: 'Pia', text: 'ferma' });
    await until(async () => (await contactOf('393409990004')).consent_method === 'keyword');
    await until(async () => outboundTexts('393409990004').includes('Fermato.'));
    expect(
      (await api(s, admin, 'PUT', '/api/v1/settings/consent-keywords', { languages: {}, default_language: 'it' }))
        .status,
    ).toBe(422);
  });
});

describe('Meta 131050', () => {
  async function chat(from: string): Promise<ConversationRecord> {
    await s.sandbox!.customerSend({ type: 'text', from, name: 'Cliente', text: 'Ciao' });
    return until(
      async () =>
        (
          await s.ctx.pb
            .collection('conversations')
            .getList<ConversationRecord>(1, 1, { filter: `contact_phone = '+${from}'` })
        ).items[0],
    );
  }

  it('a send that fails with 131050 after acceptance opts the contact out (meta_131050)', async () => {
    const conv = await chat('393409990010');
    s.sandbox!.faults.failAfterSend(1, 131050);
    const r = await api(s, admin, 'POST', '/api/v1/messages', {
      to: '393409990010',
      type: 'text',
      text: { body: 'Offerta!' },
    });
    expect(r.status).toBe(202);
    await until(
      async () =>
        (await s.ctx.pb.collection('messages').getOne<MessageRecord>(r.body.message.id)).error_code === 131050,
    );
    const c = await until(async () => {
      const x = await s.ctx.pb.collection('contacts').getOne<ContactRecord>(conv.contact);
      return x.consent_method === 'meta_131050' ? x : undefined;
    });
    expect(c).toMatchObject({ marketing_allowed: false });
    const history = await api(s, admin, 'GET', `/api/v1/contacts/${conv.contact}/consents`);
    expect(history.body.items).toEqual([
      expect.objectContaining({ kind: 'opt_out', method: 'meta_131050', scope: 'marketing' }),
    ]);
  });

  it('a send refused with 131050 does the same', async () => {
    const conv = await chat('393409990011');
    s.sandbox!.faults.failNextSends(1, { code: 131050 });
    await api(s, admin, 'POST', '/api/v1/messages', { to: '393409990011', type: 'text', text: { body: 'Offerta!' } });
    await until(
      async () =>
        (await s.ctx.pb.collection('contacts').getOne<ContactRecord>(conv.contact)).consent_method === 'meta_131050',
    );
    s.sandbox!.faults.reset();
  });

  it('keeps last_contacted_at for inbound and outbound messages', async () => {
    const conv = await chat('393409990012');
    await s.idle();
    const c = await s.ctx.pb.collection('contacts').getOne<ContactRecord>(conv.contact);
    expect(c.last_contacted_at).not.toBe('');
    const sorted = await api(s, admin, 'GET', '/api/v1/contacts?sort=-last_contacted_at&perPage=1');
    expect(sorted.body.items[0].id).toBe(conv.contact);
  });
});
