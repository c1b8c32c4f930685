/**
 * Meta batches: one POST may carry several entries, changes and messages — several messages from a
 * sender Spunta has never seen, reactions to a message of the same delivery, statuses beside messages.
 * Such a delivery is stored whole (today's bug was a 409 on the new contact that dead-lettered the
 * entire body, other senders included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactRecord, ConversationRecord, MessageRecord } from '../../api/src/lib/records.ts';
import { newWamid } from '../../api/src/modules/sandbox/util.ts';
import { fixture, postWebhook, startTestServer, type TestServer } from '../setup/harness.ts';
import { metaEnvelope } from '../setup/meta-envelope.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

const A = '393471110001';
const B = '447700900555';
const C = '393289990002';

async function chat(waId: string): Promise<{ conv: ConversationRecord; msgs: MessageRecord[] }> {
  const pb = s.ctx.pb;
  const contacts = await pb
    .collection('contacts')
    .getFullList<ContactRecord>({ filter: pb.filter('wa_id = {:w}', { w: waId }) });
  expect(contacts).toHaveLength(1);
  const conv = await pb
    .collection('conversations')
    .getFirstListItem<ConversationRecord>(pb.filter('contact = {:c}', { c: contacts[0]!.id }));
  const msgs = await pb
    .collection('messages')
    .getFullList<MessageRecord>({ filter: pb.filter('conversation = {:c}', { c: conv.id }), sort: 'timestamp' });
  return { conv, msgs };
}

describe('one delivery, several new senders', () => {
  it('stores every message of every new sender, the reaction on its target and parks the statuses', async () => {
    const raw = fixture('batch-new-senders');
    const body = JSON.parse(raw);
    expect(body.entry).toHaveLength(2);
    expect((await postWebhook(s, raw)).status).toBe(200);
    await s.ctx.writer.idle();

    const a = await chat(A);
    expect(a.msgs.map((m) => m.preview)).toEqual(['Buongiorno, avete la taglia M?', 'In blu o in nero']);
    // the reaction names a message of the same delivery: applied to it, not stored as a loose row
    expect(a.msgs[0]!.reactions).toEqual([expect.objectContaining({ by: 'customer', emoji: '🙏' })]);
    expect(a.conv.unread_count).toBe(2);
    expect(a.conv.contact_name).toBe('Marta Bianchi');

    const b = await chat(B);
    expect(b.msgs.map((m) => m.type)).toEqual(['text', 'location']);
    expect(b.conv.unread_count).toBe(2);

    // messages and statuses in one value, for the same new conversation
    const c = await chat(C);
    expect(c.msgs.map((m) => m.preview)).toEqual(['Ciao! Ho ricevuto il vostro messaggio', 'Posso passare domani?']);
    expect(c.conv.unread_count).toBe(2);

    const parked = await s.ctx.pb.collection('pending_statuses').getFullList<{ wamid: string }>();
    const ours = new Set(
      body.entry.flatMap((e: any) => e.changes.flatMap((ch: any) => (ch.value.statuses ?? []).map((x: any) => x.id))),
    );
    expect(parked.filter((p) => ours.has(p.wamid))).toHaveLength(4);
    expect(s.ctx.deadLetters.pending).toBe(0);
  });

  it('a second delivery of the same body changes nothing', async () => {
    expect((await postWebhook(s, fixture('batch-new-senders'))).status).toBe(200);
    await s.ctx.writer.idle();
    expect((await chat(A)).msgs).toHaveLength(2);
    expect((await chat(B)).conv.unread_count).toBe(2);
    expect((await chat(C)).msgs).toHaveLength(2);
    expect(s.ctx.deadLetters.pending).toBe(0);
  });
});

describe('a large delivery with real-length wamids', () => {
  it('is applied in one transaction: its lookups fit PocketBase filter limits (no slow event-by-event fallback)', async () => {
    // 150 customers writing and 150 statuses of messages Spunta does not know, in one POST. Real wamids are
    // about 60 characters: looking 150 of them up in one filter is over PocketBase's 3,500-character limit,
    // which refused the whole chunk (and made every busy minute fall back to one event at a time).
    const pnid = s.ctx.config.whatsapp.phoneNumberId;
    const ts = String(Math.floor(Date.now() / 1000));
    const senders = Array.from({ length: 150 }, (_, i) => `39347${String(2_000_000 + i)}`);
    const messages = senders.map((from, i) => ({
      from,
      id: newWamid(from),
      timestamp: ts,
      type: 'text',
      text: { body: `Richiesta numero ${i}` },
    }));
    const statuses = senders.map((from) => ({
      id: newWamid(from),
      status: 'delivered',
      timestamp: ts,
      recipient_id: from,
    }));
    expect(messages[0]!.id.length).toBeGreaterThan(50);
    const raw = metaEnvelope(pnid, {
      contacts: senders.map((wa_id, i) => ({ wa_id, profile: { name: `Cliente ${i}` } })),
      messages,
      statuses,
    });
    const refusedBefore = s.ctx.writer.processor.refusedChunks;
    expect((await postWebhook(s, raw)).status).toBe(200);
    await s.ctx.writer.idle();
    expect(s.ctx.writer.processor.refusedChunks - refusedBefore).toBe(0);
    const pb = s.ctx.pb;
    const stored = await pb
      .collection('messages')
      .getFullList({ filter: "direction = 'in' && preview ~ 'Richiesta numero'", fields: 'id' });
    expect(stored).toHaveLength(150);
    const parked = new Set(
      (await pb.collection('pending_statuses').getFullList<{ wamid: string }>()).map((p) => p.wamid),
    );
    expect(statuses.filter((st) => parked.has(st.id))).toHaveLength(150);
    expect(s.ctx.deadLetters.pending).toBe(0);
  });
});
