/**
 * Edits, revokes and WhatsApp Business app echoes through the signed webhook into the real store:
 * the original message changes (with its history), nothing is stored twice on redelivery, and echoes
 * appear as outbound messages from the WhatsApp app.
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
const count = async (filter: string) => (await pb().collection('messages').getList(1, 1, { filter })).totalItems;
/** Every wamid in the fixture gets the tag, so originals and their edits stay paired within a test. */
const tagged = (name: string, tag: string) => fixture(name).replace(/wamid\.[A-Za-z0-9=_-]+/g, (w) => `${w}${tag}`);
const wamidOf = (raw: string, key = 'messages') => JSON.parse(raw).entry[0].changes[0].value[key][0].id as string;

describe('edits', () => {
  it('replace the original text, keep the replaced version, and apply once however often Meta delivers', async () => {
    const original = tagged('message-text', 'e1');
    await postWebhook(s, original);
    const first = await until(() => byWamid(wamidOf(original)));
    const edit = tagged('edit-text', 'e1');
    for (let i = 0; i < 3; i++) expect((await postWebhook(s, edit)).status).toBe(200);
    const edited = await until(async () => {
      const m = await byWamid(wamidOf(original));
      return m?.edited_at ? m : undefined;
    });
    expect(edited.payload).toEqual({ body: 'Ciao! Avete ancora la borsa in pelle marrone?' });
    expect(edited.preview).toBe('Ciao! Avete ancora la borsa in pelle marrone?');
    await s.ctx.writer.idle();
    const again = await byWamid(wamidOf(original));
    expect(again!.edits).toEqual([
      {
        at: first.timestamp,
        by: wamidOf(edit),
        type: 'text',
        payload: { body: 'Ciao! Avete ancora la borsa in pelle nera?' },
        preview: 'Ciao! Avete ancora la borsa in pelle nera?',
      },
    ]);
    // not a message of its own, and the chat list shows the new text
    expect(await byWamid(wamidOf(edit))).toBeUndefined();
    const conv = await pb().collection('conversations').getOne<ConversationRecord>(first.conversation);
    expect(conv.last_message_preview).toBe('Ciao! Avete ancora la borsa in pelle marrone?');
  });

  it('an edited caption keeps the downloaded photo; an edit of a message we never had is kept as its own', async () => {
    const photo = tagged('message-image', 'e2');
    await postWebhook(s, photo);
    await until(() => byWamid(wamidOf(photo)));
    const edit = tagged('edit-image-caption', 'e2');
    await postWebhook(s, edit);
    const m = await until(async () => {
      const x = await byWamid(wamidOf(photo));
      return x?.edited_at ? x : undefined;
    });
    expect(m.type).toBe('image');
    expect(m.payload).toMatchObject({ caption: 'Questa qui, taglia L' });
    expect(m.edits?.[0]?.payload).toMatchObject({ caption: 'Questa qui, taglia M' });

    const orphan = tagged('edit-text', 'e3');
    await postWebhook(s, orphan);
    const kept = await until(() => byWamid(wamidOf(orphan)));
    expect(kept).toMatchObject({
      type: 'text',
      payload: { body: 'Ciao! Avete ancora la borsa in pelle marrone?' },
      context: { editOf: expect.stringMatching(/e3$/) },
    });
  });
});

describe('revokes', () => {
  it('mark the original deleted for everyone, once', async () => {
    // another customer, so this message is their chat's last one
    const other = (raw: string) => raw.replaceAll('393471234567', '393479990001');
    const original = other(tagged('message-text', 'r1'));
    await postWebhook(s, original);
    const before = await until(() => byWamid(wamidOf(original)));
    const revoke = other(tagged('revoke', 'r1'));
    await postWebhook(s, revoke);
    await postWebhook(s, revoke);
    const m = await until(async () => {
      const x = await byWamid(wamidOf(original));
      return x?.deleted_at ? x : undefined;
    });
    expect(m.preview).toBe('🚫 This message was deleted');
    await s.ctx.writer.idle();
    expect(await count(pb().filter('conversation = {:c}', { c: before.conversation }))).toBeGreaterThan(0);
    expect(await byWamid(wamidOf(revoke))).toBeUndefined();
    const conv = await pb().collection('conversations').getOne<ConversationRecord>(before.conversation);
    expect(conv.last_message_preview).toBe('🚫 This message was deleted');
  });
});

describe('WhatsApp Business app echoes', () => {
  it('appear as outbound messages from the WhatsApp app, without unread or window changes', async () => {
    const inbound = tagged('message-text', 'x1');
    await postWebhook(s, inbound);
    const first = await until(() => byWamid(wamidOf(inbound)));
    const convBefore = await pb().collection('conversations').getOne<ConversationRecord>(first.conversation);
    const echo = tagged('echo-text', 'x1');
    await postWebhook(s, echo);
    await postWebhook(s, echo);
    const m = await until(() => byWamid(wamidOf(echo, 'message_echoes')));
    expect(m).toMatchObject({
      direction: 'out',
      origin: 'whatsapp_app',
      status: 'sent',
      sender: '',
      conversation: first.conversation,
      type: 'text',
    });
    await s.ctx.writer.idle();
    expect(await count(pb().filter('wamid = {:w}', { w: wamidOf(echo, 'message_echoes') }))).toBe(1);
    const conv = await pb().collection('conversations').getOne<ConversationRecord>(first.conversation);
    expect(conv).toMatchObject({
      last_message_direction: 'out',
      last_message_id: m.id,
      unread_count: convBefore.unread_count,
      last_inbound_at: convBefore.last_inbound_at,
    });
  });
});

describe('media Meta could not fetch', () => {
  it('is stored as failed with Meta’s reason and never downloaded', async () => {
    const raw = tagged('message-image-media-error', 'm1');
    await postWebhook(s, raw);
    const m = await until(() => byWamid(wamidOf(raw)));
    expect(m).toMatchObject({
      type: 'image',
      media_status: 'failed',
      media: '',
      payload: { errors: [{ code: 131052 }] },
    });
    await s.ctx.writer.idle();
    expect((await byWamid(wamidOf(raw)))!.media_status).toBe('failed');
  });
});
