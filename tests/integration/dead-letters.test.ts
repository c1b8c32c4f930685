/**
 * Dead letters: an update the store refuses as invalid is kept (in the journal's directory) with the
 * reason, without taking the other messages of its delivery with it; an admin lists it and replays it
 * after a fix; replaying again stores nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../api/src/lib/records.ts';
import { api, createUser, login, postWebhook, startTestServer, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let admin: string;
beforeAll(async () => {
  s = await startTestServer();
  admin = await login(s);
});
afterAll(async () => {
  await s?.stop();
});

const GOOD = 'wamid.HBgMMzkzNDcwMDAwMDAxFQIAEhggR09PRDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=';
const BIG = 'wamid.HBgMMzkzNDcwMDAwMDAyFQIAEhggQklHMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=';

function delivery(): string {
  const now = String(Math.floor(Date.now() / 1000));
  const value = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550783881', phone_number_id: s.ctx.config.whatsapp.phoneNumberId },
    contacts: [
      { profile: { name: 'Anna' }, wa_id: '393470000001' },
      { profile: { name: 'Bruno' }, wa_id: '393470000002' },
    ],
    messages: [
      { from: '393470000001', id: GOOD, timestamp: now, type: 'text', text: { body: 'Salve, una domanda veloce' } },
      // bigger than the messages.payload limit of our schema: refused by the store as invalid
      {
        from: '393470000002',
        id: BIG,
        timestamp: now,
        type: 'text',
        text: { body: `Lista ordine: ${'articolo; '.repeat(25_000)}` },
      },
    ],
  };
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: s.ctx.config.whatsapp.wabaId, changes: [{ field: 'messages', value }] }],
  });
}

const stored = async (wamid: string) =>
  s.ctx.pb.collection('messages').getFullList<MessageRecord>({ filter: s.ctx.pb.filter('wamid = {:w}', { w: wamid }) });

async function setPayloadLimit(maxSize: number): Promise<void> {
  const col = await s.ctx.pb.collections.getOne('messages');
  const fields = col.fields.map((f: { name: string }) => (f.name === 'payload' ? { ...f, maxSize } : f));
  await s.ctx.pb.collections.update('messages', { fields });
}

describe('dead letters', () => {
  let id = '';

  it('keeps only the refused update’s delivery, with the reason; the other sender’s message is stored', async () => {
    expect((await postWebhook(s, delivery())).status).toBe(200);
    await s.ctx.writer.idle();
    expect(await stored(GOOD)).toHaveLength(1);
    expect(await stored(BIG)).toHaveLength(0);

    const list = await api(s, admin, 'GET', '/api/v1/dead-letters');
    expect(list.status).toBe(200);
    expect(list.body.pending).toBe(1);
    const letter = list.body.items[0];
    expect(letter).toMatchObject({
      reason: 'invalid_event',
      state: 'dead',
      summary: { messages: 2, statuses: 0, senders: ['+393470000001', '+393470000002'] },
    });
    expect(letter.error).toContain(BIG);
    id = letter.id;
  });

  it('is for admins only', async () => {
    const op = await createUser(s, 'operator');
    expect((await api(s, op.token, 'GET', '/api/v1/dead-letters')).status).toBe(403);
    expect((await api(s, op.token, 'POST', `/api/v1/dead-letters/${id}/replay`)).status).toBe(403);
  });

  it('a replay before the fix is refused again and the letter stays', async () => {
    const r = await api(s, admin, 'POST', `/api/v1/dead-letters/${id}/replay`);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('replay_failed');
    const list = await api(s, admin, 'GET', '/api/v1/dead-letters?state=dead');
    expect(list.body.items[0]).toMatchObject({ id, state: 'dead', replay_attempts: 1 });
    expect(list.body.items[0].last_replay_error).toBeTruthy();
  });

  it('after the fix a replay stores it, and replaying again (one or all) stores nothing twice', async () => {
    await setPayloadLimit(2_000_000);
    const r = await api(s, admin, 'POST', `/api/v1/dead-letters/${id}/replay`);
    expect(r.status).toBe(200);
    expect(r.body.result).toBe('replayed');
    expect(await stored(BIG)).toHaveLength(1);
    expect(await stored(GOOD)).toHaveLength(1);

    const again = await api(s, admin, 'POST', `/api/v1/dead-letters/${id}/replay`);
    expect(again.body.result).toBe('already_replayed');
    const all = await api(s, admin, 'POST', '/api/v1/dead-letters/replay');
    expect(all.body).toEqual({ replayed: 0, failed: [] });
    expect(await stored(BIG)).toHaveLength(1);
    const conv = (await stored(BIG))[0]!.conversation;
    expect((await s.ctx.pb.collection('conversations').getOne<{ unread_count: number }>(conv)).unread_count).toBe(1);
    const list = await api(s, admin, 'GET', '/api/v1/dead-letters');
    expect(list.body.pending).toBe(0);
    expect(list.body.items[0]).toMatchObject({ id, state: 'replayed' });
  });

  it('answers 404 in the error shape for an unknown letter', async () => {
    const r = await api(s, admin, 'POST', '/api/v1/dead-letters/0123456789abcdef/replay');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });
});
