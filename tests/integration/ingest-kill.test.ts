/**
 * The first promise — an acknowledged webhook is never lost — with PocketBase killed (SIGKILL) twice in
 * the middle of a stream of signed deliveries; the supervisor restarts it. Every delivery answered 200
 * must end up stored exactly once: acknowledged == stored, no duplicates, nothing dead-lettered because
 * of the outage. Prints the numbers (acknowledged / stored / lost / duplicated) for the record.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConversationRecord } from '../../api/src/lib/records.ts';
import { postWebhook, startTestServer, until, type TestServer } from '../setup/harness.ts';

const N = Number(process.env.KILL_N ?? 2000);
const SENDERS = 400;
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

function delivery(tag: string, i: number): string {
  const from = `39341${String(100000 + (i % SENDERS))}`;
  const value = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550783881', phone_number_id: s.ctx.config.whatsapp.phoneNumberId },
    contacts: [{ profile: { name: `Cliente ${i % SENDERS}` }, wa_id: from }],
    messages: [
      {
        from,
        id: `wamid.${tag}.${i}`,
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: 'text',
        text: { body: `messaggio ${i}` },
      },
    ],
  };
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: s.ctx.config.whatsapp.wabaId, changes: [{ field: 'messages', value }] }],
  });
}

it(`PocketBase killed twice while ${N} signed messages stream in: every acknowledged one is stored once`, async () => {
  const tag = `kill${Date.now().toString(36)}`;
  const pb = s.ctx.pb;
  let next = 0;
  let acked = 0;
  let refused = 0;
  const killsAt = [Math.floor(N * 0.25), Math.floor(N * 0.6)];
  const pids: Array<number | undefined> = [];
  const worker = async () => {
    while (next < N) {
      const i = next++;
      const res = await postWebhook(s, delivery(tag, i));
      await res.arrayBuffer();
      if (res.status === 200) acked++;
      else refused++;
      if (killsAt.includes(i)) {
        pids.push(s.ctx.pbProcess.pid);
        s.ctx.pbProcess.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
  expect(pids.filter(Boolean)).toHaveLength(2);
  expect(refused).toBe(0);

  const filter = pb.filter('wamid ~ {:t}', { t: `wamid.${tag}.` });
  const count = async () => (await pb.collection('messages').getList(1, 1, { filter, fields: 'id' })).totalItems;
  await until(async () => (await count()) >= acked, 180_000, 500);
  await until(async () => !s.ctx.writer.processor.paused && s.ctx.writer.backlog === 0, 30_000, 100);
  await s.ctx.writer.idle();

  const stored = await count();
  const rows = await pb
    .collection('messages')
    .getFullList<{ wamid: string; conversation: string }>({ filter, fields: 'wamid,conversation', batch: 1000 });
  const distinct = new Set(rows.map((r) => r.wamid)).size;
  const convs = await pb
    .collection('conversations')
    .getFullList<ConversationRecord>({ filter: pb.filter('contact_phone ~ {:p}', { p: '+39341' }), batch: 500 });
  const unread = convs.reduce((sum, c) => sum + c.unread_count, 0);
  const duplicated = stored - distinct + Math.max(0, unread - distinct);
  console.log(
    `kill test: acknowledged=${acked} stored=${distinct} lost=${acked - distinct} duplicated=${duplicated} (PocketBase restarts=${pids.length}, pauses=${s.ctx.writer.processor.pauses})`,
  );

  expect(acked).toBe(N);
  expect(distinct).toBe(acked);
  expect(stored).toBe(distinct);
  // one unread per message: nothing was counted twice by a retried chunk
  expect(unread).toBe(distinct);
  expect(convs).toHaveLength(SENDERS);
  expect(s.ctx.deadLetters.pending).toBe(0);
}, 300_000);
