/**
 * After a restart the queued messages are resumed a page at a time: all of them are sent, each once,
 * and the queue never holds much more than its room plus one page (the backlog of a whole campaign is
 * never loaded into memory at once).
 */
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { startTestServer, tempDataDir, until, type TestServer } from '../setup/harness.ts';
import type { ConversationRecord } from '../../api/src/lib/records.ts';

const N = 140;
const CUSTOMERS = 20;
const PAGE = 25;
const ROOM = 30;
const dataDir = tempDataDir();
let s: TestServer | undefined;

afterAll(async () => {
  await s?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it(`${N} queued messages left by a stopped server are all sent once after the restart, ${PAGE} rows read at a time, a message written meanwhile once`, {
  timeout: 120_000,
}, async () => {
  s = await startTestServer({ dataDir });
  // several customers (Meta's pair rate allows a burst of 10 per customer), each with a few messages
  const phones = Array.from({ length: CUSTOMERS }, (_, i) => `3934812${String(i).padStart(5, '0')}`);
  for (const phone of phones)
    await s.sandbox!.customerSend({ type: 'text', from: phone, name: 'Cliente', text: 'Ciao!' });
  const convs = await until(async () => {
    const rows = await s!.ctx.pb
      .collection('conversations')
      .getFullList<ConversationRecord>({ filter: "contact_phone ~ '3934812'", sort: 'contact_phone' });
    return rows.length === CUSTOMERS ? rows : undefined;
  });
  await s.ctx.writer.idle();
  // stored as queued but never handed to the queue: what a crash right after the write leaves
  for (let i = 0; i < N; i++) {
    const conv = convs[i % CUSTOMERS]!;
    await s.ctx.writer.createOutbound({
      conversationId: conv.id,
      type: 'text',
      payload: { body: `m${i}` },
      preview: `m${i}`,
      clientId: `recover-${i}`,
      senderId: '',
      purpose: 'campaign',
    });
  }
  await s.stop();
  s = undefined;

  s = await startTestServer({ dataDir, outbound: { recoverPageSize: PAGE, recoverBacklog: ROOM, mps: 60 } });
  let maxBacklog = 0;
  const sampler = setInterval(() => (maxBacklog = Math.max(maxBacklog, s!.ctx.outbound.backlog)), 2);
  // a message written while the recovery is still paging belongs to its own send, not to the recovery …
  const late = await s.ctx.writer.createOutbound({
    conversationId: convs[0]!.id,
    type: 'text',
    payload: { body: 'late' },
    preview: 'late',
    clientId: 'late',
    senderId: '',
    purpose: 'automation',
  });
  // … and handed to the queue twice (a repeat, a retry racing a page) it is still sent once
  const lateJob = {
    messageId: late.message.id,
    phoneNumberId: s.ctx.config.whatsapp.phoneNumberId,
    body: { to: convs[0]!.contact_phone.replace('+', ''), type: 'text', text: { body: 'late' } },
  };
  s.ctx.outbound.enqueue(lateJob);
  s.ctx.outbound.enqueue(lateJob);
  try {
    expect(await s.ctx.outbound.recovered()).toBe(N);
    await until(
      async () =>
        (await s!.ctx.pb.collection('messages').getList(1, 1, { filter: "direction = 'out' && status = 'queued'" }))
          .totalItems === 0,
      60_000,
    );
    await s.ctx.writer.idle();
  } finally {
    clearInterval(sampler);
  }
  const sent = phones.map((phone) =>
    s!
      .sandbox!.history(phone)
      .filter((i) => i.kind === 'message' && i.direction === 'outbound')
      .sort((x, y) => x.seq - y.seq)
      .map((i) => String((i.message?.text as { body?: string } | undefined)?.body)),
  );
  expect(sent.flat()).toHaveLength(N + 1);
  expect(new Set(sent.flat()).size).toBe(N + 1);
  // each customer's recovered messages in the order they were written
  sent.forEach((bodies, c) => {
    expect(bodies.filter((b) => b.startsWith('m'))).toEqual(
      Array.from({ length: N / CUSTOMERS }, (_, k) => `m${k * CUSTOMERS + c}`),
    );
  });
  expect(maxBacklog).toBeGreaterThan(0);
  expect(maxBacklog).toBeLessThanOrEqual(ROOM + PAGE);
});
