/**
 * The contacts API: create / upsert / edit / delete / restore / block, filters (each kind and
 * combined), saved views, bulk actions (inline and as a job), tags, lists, fields, activity, CSV export
 * safety, and what each role may do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactRecord, JobRecord } from '../../api/src/lib/records.ts';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let admin: string;
let adminId: string;
const ids: Record<string, string> = {};
const t: Record<string, string> = {};
const l: Record<string, string> = {};

const list = async (token: string, query: string) => {
  const r = await api(s, token, 'GET', `/api/v1/contacts?perPage=200&${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.items as ContactRecord[]).map((c) => c.id).sort();
};
const names = (...keys: string[]) => keys.map((k) => ids[k]!).sort();
const where = (conds: unknown[]) => `where=${encodeURIComponent(JSON.stringify(conds))}`;

beforeAll(async () => {
  s = await startTestServer();
  admin = await login(s);
  adminId = (await api(s, admin, 'GET', '/api/auth/me')).body.id;
  for (const [key, type] of [
    ['CITY', 'text'],
    ['BIRTHDAY_DATE', 'date'],
    ['SCORE', 'number'],
    ['VIP', 'boolean'],
  ]) {
    expect((await api(s, admin, 'POST', '/api/v1/fields', { key, type })).status).toBe(201);
  }
  for (const n of ['vip', 'promo', 'extra'])
    t[n] = (await api(s, admin, 'POST', '/api/v1/tags', { name: n, color: '#112233' })).body.id;
  for (const n of ['clienti', 'newsletter']) l[n] = (await api(s, admin, 'POST', '/api/v1/lists', { name: n })).body.id;
  const make = async (key: string, body: Record<string, unknown>) => {
    const r = await api(s, admin, 'POST', '/api/v1/contacts', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[key] = r.body.id;
  };
  await make('anna', {
    phone: '+39 340 100 0001',
    first_name: 'Anna',
    last_name: 'Rossi',
    email: 'anna@example.it',
    language: 'it',
    tags: [t.vip],
    lists: [l.clienti],
    fields: { CITY: 'Roma', BIRTHDAY_DATE: '31/12/1990', SCORE: 8, VIP: true },
  });
  await make('bob', {
    phone: '07400 100002',
    default_country: 'GB',
    first_name: 'Bob',
    last_name: 'Smith',
    language: 'en',
    tags: [t.vip, t.promo],
    fields: { CITY: 'London', BIRTHDAY_DATE: '1985-05-01', SCORE: '3' },
  });
  await make('carla', {
    phone: '3401000003',
    default_country: 'IT',
    first_name: 'Carla',
    last_name: 'Verdi',
    language: 'it_IT',
    tags: [t.promo],
    lists: [l.clienti],
    fields: { CITY: 'Milano' },
    opt_in: { source: 'sito web', method: 'web_form' },
  });
  await make('dario', { phone: '+39 1234', name: 'Dario' });
  await make('evil', {
    phone: '+33 6 12 34 56 78',
    first_name: '=HYPERLINK("http://evil")',
    last_name: '+1',
    notes: '-2',
    fields: { CITY: '@x' },
  });
});
afterAll(async () => {
  await s?.stop();
});

describe('contacts CRUD', () => {
  it('stores E.164, country and validity; derives the name; refuses duplicates and bad values', async () => {
    const anna = (await api(s, admin, 'GET', `/api/v1/contacts/${ids.anna}`)).body;
    expect(anna).toMatchObject({
      phone: '+393401000001',
      wa_id: '393401000001',
      country: 'IT',
      phone_valid: true,
      name: 'Anna Rossi',
      fields: { CITY: 'Roma', BIRTHDAY_DATE: '1990-12-31', SCORE: 8, VIP: true },
    });
    expect((await api(s, admin, 'GET', `/api/v1/contacts/${ids.bob}`)).body).toMatchObject({
      phone: '+447400100002',
      country: 'GB',
      fields: { SCORE: 3 },
    });
    expect((await api(s, admin, 'GET', `/api/v1/contacts/${ids.dario}`)).body).toMatchObject({
      phone: '+391234',
      phone_valid: false,
    });
    expect((await api(s, admin, 'GET', `/api/v1/contacts/${ids.carla}`)).body).toMatchObject({
      marketing_allowed: true,
      consent_method: 'web_form',
      consent_source: 'sito web',
    });
    const dup = await api(s, admin, 'POST', '/api/v1/contacts', { phone: '+393401000001' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'contact_exists', details: { id: ids.anna } });
    expect((await api(s, admin, 'POST', '/api/v1/contacts', { phone: 'ciao' })).body.error.code).toBe('invalid_phone');
    expect(
      (await api(s, admin, 'POST', '/api/v1/contacts', { phone: '+393401000099', fields: { NOPE: 1 } })).body.error
        .code,
    ).toBe('unknown_field');
    expect(
      (await api(s, admin, 'POST', '/api/v1/contacts', { phone: '+393401000099', fields: { SCORE: 'tanti' } })).status,
    ).toBe(422);
    expect(
      (await api(s, admin, 'POST', '/api/v1/contacts', { phone: '+393401000099', email: 'not-an-email' })).status,
    ).toBe(422);
  });

  it('upserts by phone: updates the existing contact, merging fields and tags', async () => {
    const r = await api(s, admin, 'PUT', '/api/v1/contacts', {
      phone: '0039 340 100 0001',
      notes: 'via upsert',
      tags: [t.extra],
      fields: { SCORE: 9 },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: ids.anna,
      notes: 'via upsert',
      fields: { CITY: 'Roma', SCORE: 9 },
      tags: [t.vip, t.extra],
    });
    const created = await api(s, admin, 'PUT', '/api/v1/contacts', { phone: '+393401000077', first_name: 'Nuova' });
    expect(created.status).toBe(201);
    ids.nuova = created.body.id;
    await api(s, admin, 'DELETE', `/api/v1/contacts/${created.body.id}`);
    await api(s, admin, 'PATCH', `/api/v1/contacts/${ids.anna}`, { tags: [t.vip] });
  });

  it('keeps the web panel edit working and records the changes in the timeline', async () => {
    const r = await api(s, admin, 'PATCH', `/api/v1/contacts/${ids.bob}`, {
      name: 'Bobby',
      language: 'en',
      notes: 'ok',
      tags: [t.vip, t.promo, t.extra],
      lists: [l.newsletter],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'Bobby', tags: [t.vip, t.promo, t.extra], lists: [l.newsletter] });
    await api(s, admin, 'PATCH', `/api/v1/contacts/${ids.bob}`, {
      fields: { SCORE: null },
      tags: [t.vip, t.promo],
      lists: [],
    });
    const act = (await api(s, admin, 'GET', `/api/v1/contacts/${ids.bob}/activity`)).body.items as Array<{
      kind: string;
      data: Record<string, unknown>;
    }>;
    expect(act.map((a) => a.kind)).toEqual(
      expect.arrayContaining([
        'tag_added',
        'tag_removed',
        'list_added',
        'list_removed',
        'updated',
        'field_changed',
        'created',
      ]),
    );
    expect(act.find((a) => a.kind === 'field_changed')!.data).toEqual({ key: 'SCORE', from: 3, to: null });
  });

  it('tags endpoints on a contact', async () => {
    expect((await api(s, admin, 'POST', `/api/v1/contacts/${ids.dario}/tags`, { tags: [t.extra] })).body.tags).toEqual([
      t.extra,
    ]);
    expect(
      (await api(s, admin, 'GET', `/api/v1/contacts/${ids.dario}/tags`)).body.items.map(
        (x: { name: string }) => x.name,
      ),
    ).toEqual(['extra']);
    expect(
      (await api(s, admin, 'DELETE', `/api/v1/contacts/${ids.dario}/tags`, { tags: [t.extra] })).body.tags,
    ).toEqual([]);
  });
});

describe('filters', () => {
  it('each kind on its own', async () => {
    expect(await list(admin, `tag=${t.vip}`)).toEqual(names('anna', 'bob'));
    expect(await list(admin, `tag=${t.vip},${t.promo}&tags_mode=all`)).toEqual(names('bob'));
    expect(await list(admin, `list=${l.clienti}`)).toEqual(names('anna', 'carla'));
    expect(await list(admin, 'language=it')).toEqual(names('anna', 'carla'));
    expect(await list(admin, 'phone=invalid')).toEqual(names('dario'));
    expect(await list(admin, 'consent=opted_in')).toEqual(names('carla'));
    expect(await list(admin, 'q=ross')).toEqual(names('anna'));
    expect(await list(admin, 'q=%2B39%20340%20100')).toEqual(names('anna', 'carla'));
    // a whole number, written any way a person writes it
    expect(await list(admin, 'q=%2B39%20340%20100%200001')).toEqual(names('anna'));
    expect(await list(admin, 'q=0039-340-1000001')).toEqual(names('anna'));
    expect(await list(admin, `${where([{ key: 'CITY', op: 'eq', value: 'Roma' }])}`)).toEqual(names('anna'));
    expect(await list(admin, `${where([{ key: 'CITY', op: 'contains', value: 'ond' }])}`)).toEqual(names('bob'));
    expect(await list(admin, `${where([{ key: 'BIRTHDAY_DATE', op: 'before', value: '01/01/1990' }])}`)).toEqual(
      names('bob'),
    );
    expect(await list(admin, `${where([{ key: 'BIRTHDAY_DATE', op: 'after', value: '1990-01-01' }])}`)).toEqual(
      names('anna'),
    );
    expect(await list(admin, `${where([{ key: 'SCORE', op: 'gt', value: 5 }])}`)).toEqual(names('anna'));
    expect(await list(admin, `${where([{ key: 'VIP', op: 'eq', value: true }])}`)).toEqual(names('anna'));
    expect(await list(admin, `${where([{ key: 'CITY', op: 'empty' }])}`)).toEqual(names('dario'));
    expect(await list(admin, `${where([{ key: 'BIRTHDAY_DATE', op: 'not_empty' }])}`)).toEqual(names('anna', 'bob'));
    expect(
      (await api(s, admin, 'GET', `/api/v1/contacts?${where([{ key: 'VIP', op: 'before', value: true }])}`)).status,
    ).toBe(422);
  });

  it('blocked, owner and deleted (hidden by default, "deleted only", restore)', async () => {
    expect((await api(s, admin, 'POST', `/api/v1/contacts/${ids.bob}/block`)).body.blocked).toBe(true);
    expect(await list(admin, 'blocked=true')).toEqual(names('bob'));
    await api(s, admin, 'POST', `/api/v1/contacts/${ids.bob}/unblock`);
    await api(s, admin, 'PATCH', `/api/v1/contacts/${ids.carla}`, { owner: adminId });
    expect(await list(admin, 'owner=me')).toEqual(names('carla'));
    expect((await api(s, admin, 'DELETE', `/api/v1/contacts/${ids.dario}`)).status).toBe(200);
    expect(await list(admin, '')).toEqual(names('anna', 'bob', 'carla', 'evil'));
    expect(await list(admin, 'deleted=only')).toEqual(names('dario', 'nuova'));
    const back = await api(s, admin, 'POST', `/api/v1/contacts/${ids.dario}/restore`);
    expect(back.body.deleted_at).toBe('');
    expect(await list(admin, 'deleted=only')).toEqual(names('nuova'));
  });

  it('combined with AND, and through a saved view', async () => {
    expect(await list(admin, `tag=${t.vip}&${where([{ key: 'CITY', op: 'eq', value: 'London' }])}`)).toEqual(
      names('bob'),
    );
    expect(await list(admin, `language=it&list=${l.clienti}&consent=opted_in`)).toEqual(names('carla'));
    expect(await list(admin, `tag=${t.promo}&language=en&${where([{ key: 'SCORE', op: 'empty' }])}`)).toEqual(
      names('bob'),
    );
    const v = await api(s, admin, 'POST', '/api/v1/contacts/views', {
      name: 'VIP italiani',
      filter: { tags: [t.vip], language: ['it'] },
      shared: true,
    });
    expect(v.status).toBe(201);
    expect(await list(admin, `view=${v.body.id}`)).toEqual(names('anna'));
    // a page can skip its count; the count comes separately, for the same filter or view
    const q = `language=it&list=${l.clienti}`;
    const page = await api(s, admin, 'GET', `/api/v1/contacts?${q}&total=false`);
    expect(page.body).toMatchObject({ totalItems: -1, totalPages: -1 });
    expect(page.body.items.map((c: { id: string }) => c.id).sort()).toEqual([ids.anna, ids.carla].sort());
    expect((await api(s, admin, 'GET', `/api/v1/contacts/count?${q}`)).body).toEqual({ total: 2 });
    expect((await api(s, admin, 'GET', `/api/v1/contacts/count?view=${v.body.id}`)).body).toEqual({ total: 1 });
    const op = await createUser(s, 'operator');
    expect(
      (await api(s, op.token, 'GET', '/api/v1/contacts/views')).body.items.map((x: { id: string }) => x.id),
    ).toEqual([v.body.id]);
    expect((await api(s, op.token, 'DELETE', `/api/v1/contacts/views/${v.body.id}`)).status).toBe(403);
    expect(
      (await api(s, op.token, 'POST', '/api/v1/contacts/views', { name: 'mia', filter: {}, shared: true })).status,
    ).toBe(403);
  });
});

describe('bulk actions and lists', () => {
  it('by ids and by filter, inline', async () => {
    const r = await api(s, admin, 'POST', '/api/v1/contacts/bulk', {
      action: 'tag',
      tag: t.extra,
      filter: { language: ['it'] },
    });
    expect(r.body).toEqual({ matched: 2, changed: 2 });
    expect(await list(admin, `tag=${t.extra}`)).toEqual(names('anna', 'carla'));
    expect(
      (
        await api(s, admin, 'POST', '/api/v1/contacts/bulk', {
          action: 'untag',
          tag: t.extra,
          ids: [ids.anna, ids.carla, ids.bob],
        })
      ).body,
    ).toEqual({ matched: 3, changed: 2 });
    const add = await api(s, admin, 'POST', `/api/v1/lists/${l.newsletter}/members`, { filter: { tags: [t.vip] } });
    expect(add.body).toEqual({ matched: 2, changed: 2 });
    expect(
      (await api(s, admin, 'GET', `/api/v1/lists/${l.newsletter}/members`)).body.items
        .map((c: ContactRecord) => c.id)
        .sort(),
    ).toEqual(names('anna', 'bob'));
    await api(s, admin, 'POST', `/api/v1/lists/${l.newsletter}/members/remove`, { ids: [ids.bob] });
    const counts = (await api(s, admin, 'GET', '/api/v1/lists?counts=true')).body.items;
    expect(counts.find((x: { id: string }) => x.id === l.newsletter).members).toBe(1);
    // contacts per tag, deleted ones left out
    expect(
      (await api(s, admin, 'POST', '/api/v1/contacts/bulk', { action: 'tag', tag: t.extra, ids: [ids.nuova] })).body,
    ).toEqual({ matched: 1, changed: 1 });
    const tagCounts = Object.fromEntries(
      (await api(s, admin, 'GET', '/api/v1/tags?counts=true')).body.items.map((x: { id: string; contacts: number }) => [
        x.id,
        x.contacts,
      ]),
    );
    expect(tagCounts[t.vip!]).toBe((await api(s, admin, 'GET', `/api/v1/contacts/count?tag=${t.vip}`)).body.total);
    expect(tagCounts[t.extra!]).toBe(0);
    expect((await api(s, admin, 'GET', '/api/v1/tags')).body.items[0]).not.toHaveProperty('contacts');
    await api(s, admin, 'POST', '/api/v1/contacts/bulk', { action: 'untag', tag: t.extra, ids: [ids.nuova] });
    expect((await api(s, admin, 'POST', '/api/v1/contacts/bulk', { action: 'tag', ids: [ids.anna] })).status).toBe(422);
  });

  it('over 1000 matches runs as a job with progress', async () => {
    const rows = ['phone,first_name'];
    for (let i = 0; i < 1100; i++) rows.push(`+39349${String(1_000_000 + i)},Massa ${i}`);
    const form = new FormData();
    form.set('file', new Blob([rows.join('\n')]), 'massa.csv');
    const up = await (
      await fetch(`${s.url}/api/v1/contacts/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
        body: form,
      })
    ).json();
    await api(s, admin, 'POST', `/api/v1/contacts/import/${up.job.id}/start`, {
      mapping: ['phone', 'first_name'],
      tag: t.promo,
    });
    await until(
      async () => (await api(s, admin, 'GET', `/api/v1/jobs/${up.job.id}`)).body.state === 'succeeded',
      20_000,
    );
    const r = await api(s, admin, 'POST', '/api/v1/contacts/bulk', {
      action: 'add_to_list',
      list: l.newsletter,
      filter: { q: 'Massa' },
    });
    expect(r.status).toBe(202);
    const job = await until(async () => {
      const j = (await api(s, admin, 'GET', `/api/v1/jobs/${r.body.job.id}`)).body as JobRecord;
      return j.state === 'succeeded' ? j : undefined;
    }, 20_000);
    expect(job.result).toEqual({ matched: 1100, changed: 1100 });
    expect(job.progress).toEqual({ done: 1100, total: 1100 });
    const del = await api(s, admin, 'POST', '/api/v1/contacts/bulk', { action: 'delete', filter: { q: 'Massa' } });
    await until(
      async () => (await api(s, admin, 'GET', `/api/v1/jobs/${del.body.job.id}`)).body.state === 'succeeded',
      20_000,
    );
    expect((await api(s, admin, 'GET', '/api/v1/contacts?q=Massa')).body.totalItems).toBe(0);
  });
});

describe('export', () => {
  it('streams CSV with tags, lists and fields; neutralises formula cells; phone as digits', async () => {
    const r = await fetch(`${s.url}/api/v1/contacts/export?tag=${t.vip}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await r.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'phone,phone_valid,country,first_name,last_name,name,profile_name,email,language,notes,owner,BIRTHDAY_DATE,CITY,SCORE,VIP,tags,lists,marketing_allowed,opted_in_at,opted_out_at,consent_method,consent_source,blocked,deleted_at,last_contacted_at,created,id',
    );
    expect(lines).toHaveLength(3);
    const anna = lines.find((x) => x.startsWith('393401000001,'))!;
    expect(anna).toContain(',1990-12-31,Roma,9,true,vip,clienti|newsletter,');
    const evil = await fetch(`${s.url}/api/v1/contacts/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { ids: [ids.evil] } }),
    });
    const row = (await evil.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')[1]!;
    expect(
      row.startsWith(`33612345678,true,FR,"'=HYPERLINK(""http://evil"")",'+1,"'=HYPERLINK(""http://evil"") +1",`),
    ).toBe(true);
    expect(row).toContain(",'-2,");
    expect(row).toContain(",'@x,");
  });
});

describe('roles', () => {
  it('an operator sees and edits only contacts of their chats; no import, export, bulk delete or definitions', async () => {
    const op = await createUser(s, 'operator');
    await s.sandbox!.customerSend({ type: 'text', from: '393401000001', name: 'Anna R.', text: 'Ciao' });
    const conv = await until(
      async () =>
        (await s.ctx.pb.collection('conversations').getList(1, 1, { filter: "contact_phone = '+393401000001'" }))
          .items[0],
    );
    expect(conv.contact).toBe(ids.anna);
    await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/assign`, { assignee: op.id });
    expect(await list(op.token, '')).toEqual(names('anna'));
    expect((await api(s, op.token, 'GET', '/api/v1/contacts/count')).body).toEqual({ total: 1 });
    expect((await api(s, op.token, 'GET', `/api/v1/contacts/${ids.bob}`)).status).toBe(404);
    expect((await api(s, op.token, 'PATCH', `/api/v1/contacts/${ids.bob}`, { notes: 'x' })).status).toBe(404);
    expect((await api(s, op.token, 'PATCH', `/api/v1/contacts/${ids.anna}`, { notes: 'chiamata fatta' })).status).toBe(
      200,
    );
    expect(
      (await fetch(`${s.url}/api/v1/contacts/export`, { headers: { authorization: `Bearer ${op.token}` } })).status,
    ).toBe(403);
    const form = new FormData();
    form.set('file', new Blob(['phone\n+393401000001\n']), 'a.csv');
    expect(
      (
        await fetch(`${s.url}/api/v1/contacts/import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${op.token}` },
          body: form,
        })
      ).status,
    ).toBe(403);
    expect(
      (await api(s, op.token, 'POST', '/api/v1/contacts/bulk', { action: 'delete', ids: [ids.anna] })).status,
    ).toBe(403);
    const tagged = await api(s, op.token, 'POST', '/api/v1/contacts/bulk', {
      action: 'tag',
      tag: t.extra,
      ids: [ids.anna, ids.bob],
    });
    expect(tagged.body).toEqual({ matched: 1, changed: 1 });
    expect((await api(s, op.token, 'POST', '/api/v1/fields', { key: 'X', type: 'text' })).status).toBe(403);
    expect((await api(s, op.token, 'POST', '/api/v1/tags', { name: 'nuovo' })).status).toBe(403);
    expect((await api(s, op.token, 'POST', '/api/v1/contacts', { phone: '+393401000055' })).status).toBe(403);
    expect((await api(s, op.token, 'GET', '/api/v1/fields')).status).toBe(200);
  });

  it('a viewer reads but changes nothing', async () => {
    const v = await createUser(s, 'viewer');
    expect((await list(v.token, '')).length).toBeGreaterThanOrEqual(5);
    expect((await api(s, v.token, 'PATCH', `/api/v1/contacts/${ids.anna}`, { notes: 'x' })).status).toBe(403);
    expect((await api(s, v.token, 'DELETE', `/api/v1/contacts/${ids.anna}`)).status).toBe(403);
    expect((await api(s, v.token, 'POST', `/api/v1/contacts/${ids.anna}/consent`, { kind: 'opt_out' })).status).toBe(
      403,
    );
    expect(
      (await api(s, v.token, 'POST', '/api/v1/contacts/bulk', { action: 'tag', tag: t.vip, ids: [ids.anna] })).status,
    ).toBe(403);
    expect(
      (await fetch(`${s.url}/api/v1/contacts/export`, { headers: { authorization: `Bearer ${v.token}` } })).status,
    ).toBe(403);
  });

  it('documents every contacts route in OpenAPI', async () => {
    const doc = await (await fetch(`${s.url}/api/openapi.json`)).json();
    for (const p of [
      '/v1/contacts',
      '/v1/contacts/count',
      '/v1/contacts/{id}',
      '/v1/contacts/{id}/tags',
      '/v1/contacts/{id}/activity',
      '/v1/contacts/bulk',
      '/v1/contacts/import',
      '/v1/contacts/import/{id}/analyse',
      '/v1/contacts/import/{id}/start',
      '/v1/contacts/import/{id}/report',
      '/v1/contacts/export',
      '/v1/lists',
      '/v1/lists/{id}/members',
      '/v1/tags',
      '/v1/fields',
      '/v1/contacts/views',
      '/v1/jobs/{id}',
      '/v1/settings/consent-keywords',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
