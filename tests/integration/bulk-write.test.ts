/**
 * The bulk-write route (pb_hooks/bulk_write.pb.js) behind the CSV import and bulk actions, against the
 * real PocketBase: rows read back through the record API like any other, all or nothing, and tags /
 * lists changed in place without losing a concurrent change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../api/src/lib/pb.ts';
import { newRecordId, type ContactRecord } from '../../api/src/lib/records.ts';
import { BulkWrites } from '../../api/src/modules/contacts/bulk-write.ts';
import { startTestServer, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let numberId: string;
const tag = (name: string) =>
  s.ctx.pb
    .collection('tags')
    .create<{ id: string }>({ name })
    .then((r) => r.id);
const contact = (id: string) => s.ctx.pb.collection('contacts').getOne<ContactRecord>(id);
const row = (phone: string, extra: Record<string, unknown> = {}) => ({
  id: newRecordId(),
  wa_number: numberId,
  phone,
  wa_id: phone.slice(1),
  ...extra,
});

beforeAll(async () => {
  s = await startTestServer();
  numberId = (await s.ctx.pb.collection('wa_numbers').getFullList<{ id: string }>())[0]!.id;
});
afterAll(async () => {
  await s?.stop();
});

describe('bulk writes', () => {
  it('creates rows of several shapes with their history; the record API reads them like any other', async () => {
    const w = new BulkWrites();
    const a = row('+393409990001', { first_name: 'Ada', fields: { CITY: 'Roma' }, phone_valid: true });
    const b = row('+393409990002');
    w.create('contacts', a);
    w.create('contacts', b);
    w.create('contact_events', {
      id: newRecordId(),
      contact: a.id,
      kind: 'created',
      data: { x: 1 },
      actor: 'import',
      at: '2026-11-21 10:00:00.000Z',
    });
    expect(await w.send(s.ctx.pb)).toEqual({ created: 3, updated: 0 });
    const got = await contact(a.id);
    expect(got).toMatchObject({
      first_name: 'Ada',
      fields: { CITY: 'Roma' },
      phone_valid: true,
      tags: [],
      lists: [],
      blocked: false,
      deleted_at: '',
    });
    expect(got.created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await contact(b.id)).toMatchObject({ first_name: '', fields: null, phone_valid: false });
    expect(
      (await s.ctx.pb.collection('contact_events').getFirstListItem(s.ctx.pb.filter('contact = {:c}', { c: a.id })))
        .data,
    ).toEqual({ x: 1 });
  });

  it('is all or nothing: a phone that exists fails the whole request with a unique violation', async () => {
    const before = (await s.ctx.pb.collection('contacts').getList(1, 1)).totalItems;
    const w = new BulkWrites();
    w.create('contacts', row('+393409990003'));
    w.create('contacts', row('+393409990001'));
    const err = await w.send(s.ctx.pb).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect((await s.ctx.pb.collection('contacts').getList(1, 1)).totalItems).toBe(before);
  });

  it('adds and removes tags inside the transaction: no duplicates, and a change made meanwhile is kept', async () => {
    const [vip, promo, other] = [await tag('vip'), await tag('promo'), await tag('other')];
    const c = await s.ctx.pb
      .collection('contacts')
      .create<ContactRecord>({ wa_number: numberId, phone: '+393409990010', tags: [vip] });
    // someone else tags the contact after our read of it
    await s.ctx.pb.collection('contacts').update(c.id, { 'tags+': other });
    const w = new BulkWrites();
    w.update('contacts', c.id, { add: { tags: promo }, remove: { tags: vip } });
    expect(await w.send(s.ctx.pb)).toEqual({ created: 0, updated: 1 });
    expect((await contact(c.id)).tags).toEqual([other, promo]);
    const again = new BulkWrites();
    again.update('contacts', c.id, { add: { tags: promo }, set: { notes: 'ok' } });
    await again.send(s.ctx.pb);
    expect(await contact(c.id)).toMatchObject({ tags: [other, promo], notes: 'ok' });
  });

  it('refuses unknown columns and collections it is not for', async () => {
    const w = new BulkWrites();
    w.update('contacts', 'x'.repeat(15), { set: { 'phone = 1; --': 1 } });
    await expect(w.send(s.ctx.pb)).rejects.toMatchObject({ status: 400 });
    await expect(
      s.ctx.pb.send('/api/spunta/bulk-write', {
        method: 'POST',
        body: { steps: [{ collection: 'users', update: [{ id: 'x', set: { role: 'admin' } }] }] },
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe("the inbox writer's save-batch route", () => {
  const send = (ops: unknown[]) => s.ctx.pb.send('/api/spunta/save-batch', { method: 'POST', body: { ops } });

  it('validates every record, applies all or nothing, and reports a duplicate as a unique violation', async () => {
    const c = await s.ctx.pb
      .collection('contacts')
      .create<ContactRecord>({ wa_number: numberId, phone: '+393409990020', wa_id: '393409990020' });
    const conv = newRecordId();
    await send([
      {
        collection: 'conversations',
        action: 'create',
        data: { id: conv, wa_number: numberId, contact: c.id, status: 'open' },
      },
      {
        collection: 'messages',
        action: 'create',
        data: {
          conversation: conv,
          direction: 'in',
          type: 'text',
          status: 'received',
          wamid: 'wamid.sb1',
          payload: { body: 'ciao' },
        },
      },
    ]);
    expect(
      (await s.ctx.pb.collection('messages').getFirstListItem<{ payload: unknown }>("wamid = 'wamid.sb1'")).payload,
    ).toEqual({ body: 'ciao' });
    // a bad value fails the whole request: the valid message before it is not written either
    await expect(
      send([
        {
          collection: 'messages',
          action: 'create',
          data: { conversation: conv, direction: 'in', type: 'text', status: 'received', wamid: 'wamid.sb2' },
        },
        {
          collection: 'messages',
          action: 'create',
          data: { conversation: conv, direction: 'sideways', type: 'text', status: 'received', wamid: 'wamid.sb3' },
        },
      ]),
    ).rejects.toMatchObject({ status: 400 });
    expect((await s.ctx.pb.collection('messages').getList(1, 1, { filter: "wamid = 'wamid.sb2'" })).totalItems).toBe(0);
    const dup = await send([
      {
        collection: 'contacts',
        action: 'create',
        data: { wa_number: numberId, phone: '+393409990020', wa_id: '393409990020' },
      },
    ]).catch((e: unknown) => e);
    expect(isUniqueViolation(dup), JSON.stringify((dup as { response?: unknown }).response)).toBe(true);
    await expect(
      send([{ collection: 'users', action: 'update', id: 'x', data: { role: 'admin' } }]),
    ).rejects.toMatchObject({ status: 400 });
  });
});
