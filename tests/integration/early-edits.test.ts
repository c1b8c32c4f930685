/**
 * An edit that arrives before its original (Meta does not promise order): kept as a row of its own until the
 * original comes, then applied to it — the original's content in the edit history, the standalone row gone,
 * the chat's preview and unread count as if the edit had come last — once, however often Meta redelivers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, postWebhook, startTestServer, until, type TestServer } from '../setup/harness.ts';
import type { ConversationRecord, MessageRecord } from '../../api/src/lib/records.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

const pb = () => s.ctx.pb;
const byWamid = async (wamid: string) =>
  (
    await pb()
      .collection('messages')
      .getFullList<MessageRecord>({ filter: pb().filter('wamid = {:w}', { w: wamid }) })
  )[0];
/** Every wamid and the sender get the tag: each test has its own original, edit and chat. */
const tagged = (name: string, tag: string) =>
  fixture(name)
    .replace(/wamid\.[A-Za-z0-9=_-]+/g, (w) => `${w}${tag}`)
    .replaceAll('393471234567', `39347${tag}`);
const first = (raw: string) => JSON.parse(raw).entry[0].changes[0].value.messages[0] as { id: string };
const ORIGINAL_TEXT = 'Ciao! Avete ancora la borsa in pelle nera?';
const EDITED_TEXT = 'Ciao! Avete ancora la borsa in pelle marrone?';

async function expectMerged(original: string, edit: string) {
  const m = await until(async () => {
    const x = await byWamid(first(original).id);
    return x?.edited_at ? x : undefined;
  });
  await s.ctx.writer.idle();
  const row = (await byWamid(first(original).id))!;
  expect(row.payload).toEqual({ body: EDITED_TEXT });
  expect(row.preview).toBe(EDITED_TEXT);
  expect(row.edits).toEqual([
    { at: m.timestamp, by: first(edit).id, type: 'text', payload: { body: ORIGINAL_TEXT }, preview: ORIGINAL_TEXT },
  ]);
  expect(await byWamid(first(edit).id)).toBeUndefined();
  const conv = await pb().collection('conversations').getOne<ConversationRecord>(row.conversation);
  expect(conv).toMatchObject({ last_message_preview: EDITED_TEXT, last_message_id: row.id, unread_count: 1 });
  expect(
    (
      await pb()
        .collection('messages')
        .getList(1, 1, { filter: pb().filter('conversation = {:c}', { c: row.conversation }) })
    ).totalItems,
  ).toBe(1);
  return row;
}

describe('an edit before its original', () => {
  it('in an earlier delivery: stored alone, then merged into the original when it comes; redeliveries change nothing', async () => {
    const edit = tagged('edit-text', '01');
    const original = tagged('message-text', '01');
    await postWebhook(s, edit);
    const alone = await until(() => byWamid(first(edit).id));
    expect(alone.preview).toBe(EDITED_TEXT);
    await postWebhook(s, original);
    const row = await expectMerged(original, edit);

    for (const raw of [edit, original, edit]) await postWebhook(s, raw);
    await s.ctx.writer.idle();
    const again = (await byWamid(first(original).id))!;
    expect(again.edits).toEqual(row.edits);
    expect(again.payload).toEqual({ body: EDITED_TEXT });
    expect(await byWamid(first(edit).id)).toBeUndefined();
  });

  it('in the same delivery, edit first: stored once, already edited', async () => {
    const original = tagged('message-text', '02');
    const edit = tagged('edit-text', '02');
    const body = JSON.parse(original);
    body.entry[0].changes[0].value.messages.unshift(first(edit));
    await postWebhook(s, JSON.stringify(body));
    await expectMerged(original, edit);
  });

  it('in the same delivery, original first: the edit applies to it', async () => {
    const original = tagged('message-text', '03');
    const edit = tagged('edit-text', '03');
    const body = JSON.parse(original);
    body.entry[0].changes[0].value.messages.push(first(edit));
    await postWebhook(s, JSON.stringify(body));
    await expectMerged(original, edit);
  });
});
