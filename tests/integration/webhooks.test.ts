/**
 * Inbound webhooks through the real HTTP endpoint into the real PocketBase: signatures, every inbound
 * type, de-duplication, reactions and unordered statuses.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

const messages = (filter = '') =>
  s.ctx.pb.collection('messages').getFullList<MessageRecord>({ filter, sort: 'timestamp' });
const byWamid = async (wamid: string) => (await messages(s.ctx.pb.filter('wamid = {:w}', { w: wamid })))[0];
/** bytes in the durable webhook journal: grows only when an event was accepted */
const eventsCount = async () => {
  const dir = join(s.dataDir, 'journal');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .reduce((n, f) => n + statSync(join(dir, f)).size, 0);
};

/** Replaces every wamid in a fixture so each test works on fresh messages. */
function fresh(raw: string, tag: string): string {
  return raw.replace(/wamid\.[A-Za-z0-9=_-]+/g, (w) => `${w}${tag}`);
}

describe('verification handshake', () => {
  it('echoes the challenge when the verify token matches, 403 otherwise', async () => {
    const token = s.ctx.config.whatsapp.verifyToken;
    const ok = await fetch(
      `${s.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${s.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });
});

describe('signature', () => {
  it('rejects a missing or wrong signature with 401 and stores nothing', async () => {
    const raw = fresh(fixture('message-text'), 'sig');
    const before = await eventsCount();
    expect((await postWebhook(s, raw, null)).status).toBe(401);
    expect((await postWebhook(s, raw, 'sha256=' + '0'.repeat(64))).status).toBe(401);
    // signed over different bytes (re-serialised JSON) must fail too
    const reserialised = JSON.stringify(JSON.parse(raw));
    const { signPayload } = await import('../../api/src/modules/channels/whatsapp/signature.ts');
    const sigOfOther = signPayload(reserialised + ' ', s.ctx.config.whatsapp.appSecret);
    expect((await postWebhook(s, raw, sigOfOther)).status).toBe(401);
    expect(await eventsCount()).toBe(before);
    await s.ctx.writer.idle();
    const wamid = JSON.parse(raw).entry[0].changes[0].value.messages[0].id;
    expect(await byWamid(wamid)).toBeUndefined();
  });

  it('accepts a correct signature computed over the raw bytes (escaped unicode kept as sent)', async () => {
    const raw = fresh(fixture('message-text'), 'uni').replace(
      /"body":\s*"[^"]*"/,
      '"body":"Caff\\u00e8 \\ud83d\\ude00"',
    );
    const res = await postWebhook(s, raw);
    expect(res.status).toBe(200);
    const wamid = JSON.parse(raw).entry[0].changes[0].value.messages[0].id;
    const m = await until(() => byWamid(wamid));
    expect(m.payload).toMatchObject({ body: 'Caffè 😀' });
  });
});

describe('every inbound type', () => {
  const files = readdirSync(resolve(import.meta.dirname, '../fixtures/whatsapp'))
    .filter((f) => f.startsWith('message-'))
    .map((f) => f.replace(/\.json$/, ''));

  it.each(files)('%s is stored (never a 5xx)', async (name) => {
    const raw = fresh(fixture(name), `t${name.length}`);
    const res = await postWebhook(s, raw);
    expect(res.status).toBe(200);
    await s.ctx.writer.idle();
    const m = JSON.parse(raw).entry[0].changes[0].value.messages[0];
    if (m.type === 'reaction') return; // applied to its target: covered below
    const stored = await until(() => byWamid(m.id));
    expect(stored.direction).toBe('in');
    const known = [
      'text',
      'image',
      'video',
      'audio',
      'document',
      'sticker',
      'location',
      'contacts',
      'interactive',
      'button',
      'order',
      'system',
      'request_welcome',
    ];
    expect(stored.type).toBe(known.includes(m.type) ? m.type : 'unsupported');
    expect(stored.preview.length).toBeGreaterThan(0);
    if (m.context?.id) expect(stored.reply_to).toBe(m.context.id);
  });

  it('keeps the forwarded flag and the ad referral', async () => {
    const fw = JSON.parse(fixture('message-forwarded')).entry[0].changes[0].value.messages[0];
    const ref = JSON.parse(fixture('message-referral')).entry[0].changes[0].value.messages[0];
    expect((await byWamid(`${fw.id}t${'message-forwarded'.length}`))?.context).toMatchObject({ forwarded: true });
    expect(JSON.stringify((await byWamid(`${ref.id}t${'message-referral'.length}`))?.context)).toContain(
      ref.referral.source_id,
    );
  });

  it('answers 200 and drops events for an unknown phone_number_id', async () => {
    const raw = fresh(fixture('message-text'), 'unk').replace(
      /"phone_number_id":\s*"\d+"/,
      '"phone_number_id":"999999999"',
    );
    expect((await postWebhook(s, raw)).status).toBe(200);
    await s.ctx.writer.idle();
    const wamid = JSON.parse(raw).entry[0].changes[0].value.messages[0].id;
    expect(await byWamid(wamid)).toBeUndefined();
  });

  it('answers 200 to a signed body that is not JSON and keeps running', async () => {
    expect((await postWebhook(s, '{not json')).status).toBe(200);
    await s.ctx.writer.idle();
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
  });
});

describe('at-least-once delivery', () => {
  it('20 duplicate deliveries store one message and count one unread', async () => {
    const raw = fresh(fixture('message-text'), 'dup')
      .replace(/"from":\s*"\d+"/, '"from":"393330000001"')
      .replace(/"wa_id":\s*"\d+"/, '"wa_id":"393330000001"');
    const results = await Promise.all(Array.from({ length: 20 }, () => postWebhook(s, raw)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    await s.ctx.writer.idle();
    const wamid = JSON.parse(raw).entry[0].changes[0].value.messages[0].id;
    const stored = await messages(s.ctx.pb.filter('wamid = {:w}', { w: wamid }));
    expect(stored).toHaveLength(1);
    const conv = await s.ctx.pb.collection('conversations').getOne<ConversationRecord>(stored[0]!.conversation);
    expect(conv.unread_count).toBe(1);
    expect(conv.contact_phone).toBe('+393330000001');
  });

  it('applies a reaction to its target message and removes it when the emoji is empty', async () => {
    const target = fresh(fixture('message-text'), 'rt');
    await postWebhook(s, target);
    const targetId = JSON.parse(target).entry[0].changes[0].value.messages[0].id;
    await until(() => byWamid(targetId));
    const react = JSON.parse(fixture('message-reaction'));
    const rm = react.entry[0].changes[0].value.messages[0];
    rm.id = `${rm.id}r1`;
    rm.reaction.message_id = targetId;
    await postWebhook(s, JSON.stringify(react));
    await s.ctx.writer.idle();
    expect((await byWamid(targetId))!.reactions).toEqual([
      expect.objectContaining({ by: 'customer', emoji: rm.reaction.emoji }),
    ]);
    rm.id = `${rm.id}r2`;
    delete rm.reaction.emoji;
    await postWebhook(s, JSON.stringify(react));
    await s.ctx.writer.idle();
    expect((await byWamid(targetId))!.reactions).toEqual([]);
  });
});
