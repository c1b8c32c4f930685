/**
 * Group commit of the send marks: many sends marked "leaving" / "accepted" at the same moment cost the
 * writer queue (which inbound webhooks share) one task and one transaction, not one each — with every
 * message's own outcome, statuses only moving forward, parked statuses applied, one domain event per
 * message, and a bad message failing alone.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StatusUpdate } from '../../api/src/modules/channels/channel.types.ts';
import type { ConversationRecord, MessageRecord, WaNumberRecord } from '../../api/src/lib/records.ts';
import { rowsWhereAnyOf } from '../../api/src/lib/pb-any-of.ts';
import { startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let conv: ConversationRecord;
/** attribution (the writer runs its tasks in their caller's context): background traffic is not counted */
const als = new AsyncLocalStorage<{ tasks: number; requests: number }>();
const realFetch = globalThis.fetch;
const phone = '393470009876';

beforeAll(async () => {
  s = await startTestServer();
  await s.sandbox!.customerSend({ type: 'text', from: phone, name: 'Batch', text: 'Ciao!' });
  conv = await until(
    async () =>
      (
        await s.ctx.pb
          .collection('conversations')
          .getList<ConversationRecord>(1, 1, { filter: s.ctx.pb.filter('contact_phone ~ {:p}', { p: phone }) })
      ).items[0],
  );
  await s.ctx.writer.idle();
  const writer = s.ctx.writer;
  const task = writer.task.bind(writer);
  writer.task = (<T>(run: () => Promise<T>) => {
    const st = als.getStore();
    if (!st) return task(run);
    st.tasks++;
    return task(() => als.run(st, run));
  }) as typeof writer.task;
  const pbUrl = s.ctx.pbProcess.url;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const st = als.getStore();
    if (st && url.startsWith(pbUrl)) st.requests++;
    return realFetch(input, init);
  }) as typeof fetch;
}, 60_000);
afterAll(async () => {
  globalThis.fetch = realFetch;
  await s?.stop();
});

async function queued(n: number, tag: string): Promise<MessageRecord[]> {
  const out: MessageRecord[] = [];
  for (let i = 0; i < n; i++) {
    const r = await s.ctx.writer.createOutbound({
      conversationId: conv.id,
      type: 'text',
      payload: { body: `${tag} ${i}` },
      preview: `${tag} ${i}`,
      clientId: `${tag}-${i}`,
      senderId: '',
      purpose: 'campaign',
    });
    out.push(r.message);
  }
  await s.ctx.writer.idle();
  return out;
}

/** Runs fn and counts the writer tasks and PocketBase requests it took. */
async function counted(fn: () => Promise<unknown>): Promise<{ tasks: number; requests: number }> {
  await s.ctx.writer.idle();
  const st = { tasks: 0, requests: 0 };
  await als.run(st, fn);
  return st;
}

const status = (wamid: string, st: StatusUpdate['status'], ts: number): StatusUpdate => ({
  kind: 'status',
  wabaId: 'waba',
  phoneNumberId: 'pn',
  wamid,
  status: st,
  timestamp: ts,
  recipientId: phone,
  errors: [],
});

it('40 sends marked at once: one transaction, outside the writer queue, each message stamped once', async () => {
  const msgs = await queued(40, 'lead');
  const deadline = Date.now() + 3_600_000;
  const cost = await counted(() => Promise.all(msgs.map((m) => s.ctx.writer.markSending(m.id, deadline))));
  // "about to leave" waits behind no chunk of creates and statuses: its own lane, not a writer task
  expect(cost.tasks).toBe(0);
  expect(cost.requests).toBeLessThanOrEqual(2);
  for (const m of msgs) {
    const row = await s.ctx.pb.collection('messages').getOne<MessageRecord>(m.id);
    expect([row.attempts, !!row.sending_at, !!row.send_deadline, row.status]).toEqual([1, true, true, 'queued']);
  }
  // a retry (no deadline): one more attempt each, the deadline kept
  await Promise.all(msgs.slice(0, 5).map((m) => s.ctx.writer.markSending(m.id)));
  const retried = await s.ctx.pb.collection('messages').getOne<MessageRecord>(msgs[0]!.id);
  expect(retried.attempts).toBe(2);
  expect(new Date(retried.send_deadline ?? '').getTime()).toBe(deadline);
});

it('100 sends (a full batch) accepted at once: wamids, parked statuses applied forward, one event per message, in one task', async () => {
  const msgs = await queued(100, 'acc');
  await Promise.all(msgs.map((m) => s.ctx.writer.markSending(m.id, Date.now() + 60_000)));
  // as long as Meta's (base64 of a protobuf): a full batch's reads still fit one query each
  const wamid = (i: number) =>
    `wamid.HBgLMzkzNDcwMDA5ODc2FQIAERgS${String(i).padStart(4, '0')}${Date.now()}QTk1RkQ0RkI4QTg1NzlBAA==`;
  const wamids = msgs.map((_, i) => wamid(i));
  const t = Math.floor(Date.now() / 1000);
  // statuses that overtook the responses: delivered then read for #0 (out of order), a late "sent" after "delivered" for #1
  await s.ctx.pb.collection('pending_statuses').create({ wamid: wamids[0], update: status(wamids[0]!, 'read', t + 2) });
  await s.ctx.pb
    .collection('pending_statuses')
    .create({ wamid: wamids[0], update: status(wamids[0]!, 'delivered', t + 1) });
  await s.ctx.pb
    .collection('pending_statuses')
    .create({ wamid: wamids[1], update: status(wamids[1]!, 'delivered', t + 1) });
  await s.ctx.pb.collection('pending_statuses').create({ wamid: wamids[1], update: status(wamids[1]!, 'sent', t + 2) });

  const cost = await counted(() => Promise.all(msgs.map((m, i) => s.ctx.writer.markAccepted(m.id, wamids[i]!))));
  expect(cost.tasks).toBe(1);
  // the reads at once (messages; parked statuses, by wamids long enough to need a few filters), the chat if
  // not cached, one transaction — not three requests for each of the 100
  expect(cost.requests).toBeLessThanOrEqual(8);

  const rows = await Promise.all(msgs.map((m) => s.ctx.pb.collection('messages').getOne<MessageRecord>(m.id)));
  expect(rows.map((r) => r.wamid)).toEqual(wamids);
  expect(rows[0]!.status).toBe('read');
  expect(rows[1]!.status).toBe('delivered');
  expect(rows.slice(2).every((r) => r.status === 'sent' && !r.sending_at)).toBe(true);
  const left = await s.ctx.pb
    .collection('pending_statuses')
    .getList(1, 1, { filter: s.ctx.pb.filter('wamid = {:a} || wamid = {:b}', { a: wamids[0], b: wamids[1] }) });
  expect(left.totalItems).toBe(0);
  for (const [i, m] of msgs.entries()) {
    const ev = await s.ctx.pb.collection('domain_events').getFullList<{ data: { status: string; from: string } }>({
      filter: s.ctx.pb.filter("name = 'message.status' && message = {:m}", { m: m.id }),
    });
    expect(ev.map((e) => [e.data.from, e.data.status])).toEqual([['queued', rows[i]!.status]]);
  }
  // the chat shows its last message's status
  const chat = await s.ctx.pb.collection('conversations').getOne<ConversationRecord>(conv.id);
  expect([chat.last_message_id, chat.last_message_status]).toEqual([msgs[99]!.id, 'sent']);
});

it('a bad message in a batch fails alone: the others are written once, not lost and not twice', async () => {
  const msgs = await queued(6, 'bad');
  const ids = [...msgs.slice(0, 3).map((m) => m.id), 'nosuchmessage00', ...msgs.slice(3).map((m) => m.id)];
  const sending = await Promise.allSettled(ids.map((id) => s.ctx.writer.markSending(id, Date.now() + 60_000)));
  const outcome = ['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'];
  expect(sending.map((r) => r.status)).toEqual(outcome);
  for (const m of msgs) expect((await s.ctx.pb.collection('messages').getOne<MessageRecord>(m.id)).attempts).toBe(1);

  const accepted = await Promise.allSettled(
    ids.map((id, i) => s.ctx.writer.markAccepted(id, `wamid.bad-${i}-${Date.now()}`)),
  );
  expect(accepted.map((r) => r.status)).toEqual(outcome);
  for (const m of msgs) {
    const row = await s.ctx.pb.collection('messages').getOne<MessageRecord>(m.id);
    expect([row.status, row.wamid.startsWith('wamid.bad-')]).toEqual(['sent', true]);
    const ev = await s.ctx.pb
      .collection('domain_events')
      .getList(1, 1, { filter: s.ctx.pb.filter("name = 'message.status' && message = {:m}", { m: m.id }) });
    expect(ev.totalItems).toBe(1);
  }
});

it('40 messages queued at once (a campaign sending in parallel): one writer task, one write, each once with its event', async () => {
  // a second chat: messages of one batch to several chats, two of them to a customer nobody wrote to yet
  const number = await s.ctx.pb.collection('wa_numbers').getFirstListItem<WaNumberRecord>('');
  const other = `39347${String(Date.now()).slice(-7)}`;
  const drafts = Array.from({ length: 40 }, (_, i) => ({
    ...(i % 10 === 9 ? { newChat: { number, waId: other } } : { conversationId: conv.id }),
    type: 'text',
    payload: { body: `crea ${i}` },
    preview: `crea ${i}`,
    clientId: `crea-${i}`,
    senderId: '',
    purpose: 'campaign',
  }));
  let created: Array<{ message: MessageRecord; created: boolean }> = [];
  const cost = await counted(async () => {
    created = await Promise.all(drafts.map((d) => s.ctx.writer.createOutbound(d)));
  });
  // the first call starts a task alone; the 39 that came while it waited are written together
  expect(cost.tasks).toBeLessThanOrEqual(2);
  expect(cost.requests).toBeLessThanOrEqual(6);
  expect(created.every((c) => c.created)).toBe(true);
  expect(new Set(created.map((c) => c.message.id)).size).toBe(40);
  const rows = await s.ctx.pb
    .collection('messages')
    .getFullList<MessageRecord>({ filter: "client_id ~ 'crea-'", fields: 'id,conversation,client_id,preview' });
  expect(rows).toHaveLength(40);
  const newChat = rows.find((r) => r.client_id === 'crea-9')!.conversation;
  expect(
    rows
      .filter((r) => r.conversation === newChat)
      .map((r) => r.client_id)
      .sort(),
  ).toEqual(['crea-19', 'crea-29', 'crea-39', 'crea-9']);
  const events = await rowsWhereAnyOf(
    s.ctx.pb,
    'domain_events',
    'message',
    rows.map((r) => r.id),
    { extra: "name = 'message.created'", fields: 'id' },
  );
  expect(events).toHaveLength(40);
  // each chat shows its own last message of the batch
  const chat = await s.ctx.pb.collection('conversations').getOne<ConversationRecord>(conv.id);
  expect(chat.last_message_preview).toBe('crea 38');
  expect((await s.ctx.pb.collection('conversations').getOne<ConversationRecord>(newChat)).last_message_preview).toBe(
    'crea 39',
  );

  // sent again (a retry after a lost answer) together with new ones: the repeats answer the first message
  const again = await Promise.all(
    [drafts[0]!, { ...drafts[1]!, clientId: 'crea-new' }, drafts[2]!].map((d) => s.ctx.writer.createOutbound(d)),
  );
  expect(again.map((a) => a.created)).toEqual([false, true, false]);
  expect(again[0]!.message.id).toBe(created[0]!.message.id);
  expect(again[2]!.message.id).toBe(created[2]!.message.id);
});
