/**
 * Campaigns end to end with the sandbox as Meta (issue 14): the audience is the union of lists, tags and
 * filters with each contact once and every exclusion counted by reason before sending; each recipient gets
 * the template in their language with their placeholders (fallbacks when a field is empty); the results
 * move with Meta's statuses and the customer's replies; pause/resume; CSV; who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';
import type { WaNumberRecord } from '../../api/src/lib/records.ts';
import { pbDate } from '../../api/src/lib/records.ts';

let s: TestServer;
let token: string;
let number: WaNumberRecord;
let seq = 0;

const H = 3600_000;
const sentTo = (phone: string) =>
  s.sandbox!.history(phone).filter((i) => i.kind === 'message' && i.direction === 'outbound') as Array<{
    message?: Record<string, any>;
  }>;

async function contact(extra: Record<string, unknown> = {}): Promise<{ id: string; phone: string }> {
  const digits = `39347${String(process.pid % 1000).padStart(3, '0')}${String(seq++).padStart(4, '0')}`;
  const rec = await s.ctx.pb.collection('contacts').create({
    wa_number: number.id,
    phone: `+${digits}`,
    wa_id: digits,
    phone_valid: true,
    name: '',
    profile_name: '',
    language: '',
    notes: '',
    ...extra,
  });
  return { id: rec.id, phone: digits };
}

const taxonomy = async (collection: 'lists' | 'tags', name: string) =>
  (await s.ctx.pb.collection(collection).create({ name: `${name} ${seq++}` })).id as string;

const campaign = (id: string) => api(s, token, 'GET', `/api/v1/campaigns/${id}`).then((r) => r.body);

beforeAll(async () => {
  s = await startTestServer();
  token = await login(s);
  number = await s.ctx.pb.collection('wa_numbers').getFirstListItem<WaNumberRecord>('');
  await until(
    async () =>
      (
        await s.ctx.pb
          .collection('templates')
          .getList(1, 1, { filter: "status = 'APPROVED' && name = 'appointment_reminder'" })
      ).totalItems > 1,
    20_000,
  );
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

describe('audience and content', () => {
  it('each contact once across lists and tags, every exclusion counted by reason, each in their language with their values', async () => {
    const list1 = await taxonomy('lists', 'Clienti');
    const list2 = await taxonomy('lists', 'Newsletter');
    const vip = await taxonomy('tags', 'vip');
    const now = Date.now();
    const giulia = await contact({ first_name: 'Giulia', language: 'it', lists: [list1, list2], tags: [vip] });
    const john = await contact({ first_name: 'John', language: 'en', lists: [list2] });
    const nameless = await contact({ language: 'it', tags: [vip] });
    const excluded = {
      deleted: await contact({ lists: [list1], deleted_at: pbDate(now - H) }),
      blocked: await contact({ lists: [list1], blocked: true }),
      invalid_phone: await contact({ lists: [list1], phone_valid: false }),
      opted_out: await contact({ lists: [list1], opted_out_at: pbDate(now - 48 * H), marketing_allowed: false }),
      undeliverable: await contact({ lists: [list1], undeliverable_at: pbDate(now - 2 * H) }),
    };
    await contact({ first_name: 'Outsider' }); // in no list: not in the audience
    const body = {
      name: 'Promemoria',
      template: {
        name: 'appointment_reminder',
        params: { '1': '{{contact.first_name|Cliente}}', '2': '12/05', '3': '10:30' },
      },
      audience: { lists: [list1, list2], tags: [vip] },
    };
    const preview = await api(s, token, 'POST', '/api/v1/campaigns/preview', body);
    expect(preview.status).toBe(200);
    expect(preview.body.audience).toBe(8);
    expect(preview.body.excluded).toMatchObject({
      deleted: 1,
      blocked: 1,
      invalid_phone: 1,
      opted_out: 1,
      undeliverable: 1,
      marketing_refused: 0,
    });
    const byContact = Object.fromEntries(preview.body.sample.map((x: any) => [x.contact_id, x]));
    expect(Object.keys(byContact).sort()).toEqual([giulia.id, john.id, nameless.id].sort());
    expect(byContact[giulia.id].language).toBe('it');
    expect(byContact[giulia.id].preview).toContain('Ciao Giulia');
    expect(byContact[john.id].language).toBe('en');
    expect(byContact[john.id].preview).toContain('Hi John');
    expect(byContact[nameless.id].preview).toContain('Ciao Cliente');
    expect(preview.body.estimate.cost.currency).toBe('USD');
    expect(preview.body.estimate.cost.amount).toBeCloseTo(3 * 0.03, 5);

    const created = await api(s, token, 'POST', '/api/v1/campaigns', body);
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('draft');
    const id = created.body.id;
    const started = await api(s, token, 'POST', `/api/v1/campaigns/${id}/start`);
    expect(started.status).toBe(200);

    const done = await until(
      async () => {
        const c = await campaign(id);
        return c.state === 'completed' && c.stats.delivered + c.stats.read === 3 ? c : undefined;
      },
      30_000,
      100,
    );
    expect(done.stats.audience).toBe(8);
    expect(done.stats.excluded).toMatchObject({
      deleted: 1,
      blocked: 1,
      invalid_phone: 1,
      opted_out: 1,
      undeliverable: 1,
    });
    // Meta got exactly one message per recipient, in their language, with their values
    const g = sentTo(giulia.phone);
    const j = sentTo(john.phone);
    expect(g).toHaveLength(1);
    expect(j).toHaveLength(1);
    expect(sentTo(nameless.phone)).toHaveLength(1);
    expect(g[0]!.message!.template.language.code).toBe('it');
    expect(j[0]!.message!.template.language.code).toBe('en');
    const param = (x: (typeof g)[number]) => x.message!.template.components[0].parameters[0].text;
    expect(param(g[0]!)).toBe('Giulia');
    expect(param(j[0]!)).toBe('John');
    expect(param(sentTo(nameless.phone)[0]!)).toBe('Cliente');
    for (const c of Object.values(excluded)) expect(sentTo(c.phone)).toHaveLength(0);

    // the contact's timeline shows the campaign message
    const m = await s.ctx.pb.collection('messages').getFirstListItem(s.ctx.pb.filter('campaign = {:c}', { c: id }));
    expect(m.purpose).toBe('campaign');

    // per-recipient results and the CSV
    const list = await api(s, token, 'GET', `/api/v1/campaigns/${id}/recipients?state=excluded&perPage=50`);
    expect(list.body.total).toBe(5);
    expect(list.body.items.map((x: any) => x.excluded_reason).sort()).toEqual(
      ['blocked', 'deleted', 'invalid_phone', 'opted_out', 'undeliverable'].sort(),
    );
    const csv = await fetch(`${s.url}/api/v1/campaigns/${id}/recipients`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'contact_id,name,phone,language,state,excluded_reason,error_code,error_text,sent_at,delivered_at,read_at,replied_at,button',
    );
    expect(lines).toHaveLength(9);
    expect(lines.find((l) => l.startsWith(giulia.id))).toContain(giulia.phone);
  }, 60_000);

  it('a customer who answers within 3 days counts as replied, a quick-reply tap per button', async () => {
    const list = await taxonomy('lists', 'Risposte');
    const a = await contact({ first_name: 'Anna', language: 'it', lists: [list] });
    const b = await contact({ first_name: 'Bruno', language: 'it', lists: [list] });
    const created = await api(s, token, 'POST', '/api/v1/campaigns', {
      name: 'Con risposta',
      template: { name: 'appointment_reminder', language: 'it', params: { '1': 'x', '2': 'y', '3': 'z' } },
      audience: { lists: [list] },
    });
    const id = created.body.id;
    await api(s, token, 'POST', `/api/v1/campaigns/${id}/start`);
    await until(async () => (await campaign(id)).state === 'completed', 30_000, 100);
    await s.sandbox!.customerSend({ type: 'button', from: a.phone, name: 'Anna', text: 'Confermo' } as never);
    await s.sandbox!.customerSend({ type: 'text', from: b.phone, name: 'Bruno', text: 'Posso spostarlo?' });
    const c = await until(
      async () => {
        const x = await campaign(id);
        return x.stats.replied === 2 ? x : undefined;
      },
      20_000,
      100,
    );
    expect(c.stats.buttons).toEqual({ Confermo: 1 });
  }, 60_000);
});

describe('states and access', () => {
  it('a schedule in the future is scheduled; pause takes it off, resume puts it back; edit only before sending', async () => {
    const list = await taxonomy('lists', 'Futuro');
    await contact({ lists: [list], first_name: 'Futura' });
    const at = new Date(Date.now() + 3 * 24 * H).toISOString();
    const r = await api(s, token, 'POST', '/api/v1/campaigns', {
      name: 'Più tardi',
      template: { name: 'appointment_reminder', params: { '1': 'a', '2': 'b', '3': 'c' } },
      audience: { lists: [list] },
      schedule: { at },
    });
    expect(r.body.state).toBe('scheduled');
    expect(r.body.next_run_at).toBe(at);
    const id = r.body.id;
    expect((await api(s, token, 'PATCH', `/api/v1/campaigns/${id}`, { name: 'Più tardi (v2)' })).body.name).toBe(
      'Più tardi (v2)',
    );
    expect((await api(s, token, 'POST', `/api/v1/campaigns/${id}/pause`)).body.state).toBe('paused');
    const edit = await api(s, token, 'PATCH', `/api/v1/campaigns/${id}`, { name: 'no' });
    expect([edit.status, edit.body.error.code]).toEqual([409, 'invalid_state']);
    expect((await api(s, token, 'POST', `/api/v1/campaigns/${id}/resume`)).body.state).toBe('scheduled');
    const dup = await api(s, token, 'POST', `/api/v1/campaigns/${id}/duplicate`);
    expect([dup.body.state, dup.body.name]).toEqual(['draft', 'Più tardi (v2) (copy)']);
    const list2 = await api(s, token, 'GET', '/api/v1/campaigns');
    expect(list2.body.items[0].id).toBe(dup.body.id);
    expect((await api(s, token, 'POST', `/api/v1/campaigns/${id}/cancel`)).body.state).toBe('cancelled');
    expect((await api(s, token, 'DELETE', `/api/v1/campaigns/${id}`)).status).toBe(204);
  });

  it('bad input gets one clear error; operators and viewers may not see campaigns; only admins change rates', async () => {
    const bad = await api(s, token, 'POST', '/api/v1/campaigns', { name: 'x', audience: {} });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'validation_failed']);
    const empty = await api(s, token, 'POST', '/api/v1/campaigns', {
      name: 'x',
      text: { body: 'Ciao' },
      audience: {},
    });
    expect([empty.status, empty.body.error.code]).toEqual([422, 'validation_failed']);
    const op = await createUser(s, 'operator');
    expect((await api(s, op.token, 'GET', '/api/v1/campaigns')).status).toBe(403);
    const manager = await createUser(s, 'manager');
    expect((await api(s, manager.token, 'GET', '/api/v1/campaigns')).status).toBe(200);
    const rates = await api(s, manager.token, 'GET', '/api/v1/campaigns/rates');
    expect(rates.body.source_date).toBe('2025-07-01');
    expect((await api(s, manager.token, 'PUT', '/api/v1/campaigns/rates', rates.body)).status).toBe(403);
    const updated = {
      ...rates.body,
      source_date: '2026-01-01',
      rates: { ...rates.body.rates, IT: { marketing: 0.07 } },
    };
    expect((await api(s, token, 'PUT', '/api/v1/campaigns/rates', updated)).body.rates.IT.marketing).toBe(0.07);
  });
});
