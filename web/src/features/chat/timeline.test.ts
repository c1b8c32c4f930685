import { describe, expect, it } from 'vitest';
import type { Message } from '../../lib/types.ts';
import type { OutboxItem } from '../composer/outbox.store.ts';
import { createMessagesStore } from './messages.store.ts';
import { buildTimeline } from './timeline.ts';

const ME = 'u00000000000001';
function msg(id: string, ts: string, extra: Partial<Message> = {}): Message {
  return {
    id,
    conversation: 'c1',
    direction: 'in',
    type: 'text',
    payload: { body: id },
    preview: id,
    wamid: `wamid.${id}`,
    client_id: '',
    status: 'received',
    error_code: 0,
    error_title: '',
    error_details: '',
    timestamp: ts,
    sender: '',
    reply_to: '',
    context: null,
    reactions: null,
    media: '',
    media_status: 'none',
    ...extra,
  };
}

describe('chat timeline', () => {
  it('orders messages and inserts a separator per day', () => {
    const t = buildTimeline(
      [
        msg('b', '2025-05-11 09:00:00.000Z'),
        msg('a', '2025-05-10 09:00:00.000Z'),
        msg('c', '2025-05-11 10:00:00.000Z'),
      ],
      [],
      ME,
    );
    expect(t.map((e) => (e.kind === 'day' ? 'day' : e.message.id))).toEqual(['day', 'a', 'day', 'b', 'c']);
  });

  it('orders messages of the same second by arrival (inbound timestamps have no milliseconds)', () => {
    const out = msg('o', '2025-05-10 09:00:00.634Z', { direction: 'out', created: '2025-05-10 09:00:00.636Z' });
    const reply = msg('r', '2025-05-10 09:00:00.000Z', { created: '2025-05-10 09:00:00.910Z' });
    const t = buildTimeline([reply, out], [], ME);
    expect(t.filter((e) => e.kind === 'msg').map((e) => e.kind === 'msg' && e.message.id)).toEqual(['o', 'r']);
  });

  it('folds outbound reaction rows into their target, the latest one winning', () => {
    const t = buildTimeline(
      [
        msg('a', '2025-05-10 09:00:00.000Z', { reactions: [{ by: 'customer', emoji: '❤️', at: 'x' }] }),
        msg('r1', '2025-05-10 09:01:00.000Z', {
          direction: 'out',
          type: 'reaction',
          payload: { message_id: 'wamid.a', emoji: '👍' },
        }),
        msg('r2', '2025-05-10 09:02:00.000Z', {
          direction: 'out',
          type: 'reaction',
          payload: { message_id: 'wamid.a', emoji: '🙏' },
        }),
      ],
      [],
      ME,
    );
    const bubbles = t.filter((e) => e.kind === 'msg');
    expect(bubbles).toHaveLength(1);
    expect(bubbles[0]!.kind === 'msg' && bubbles[0]!.reactions.map((r) => r.emoji)).toEqual(['❤️', '🙏']);
  });

  it('a removed business reaction (empty emoji) clears it', () => {
    const t = buildTimeline(
      [
        msg('a', '2025-05-10 09:00:00.000Z'),
        msg('r1', '2025-05-10 09:01:00.000Z', {
          direction: 'out',
          type: 'reaction',
          payload: { message_id: 'wamid.a', emoji: '👍' },
        }),
        msg('r2', '2025-05-10 09:02:00.000Z', {
          direction: 'out',
          type: 'reaction',
          payload: { message_id: 'wamid.a', emoji: '' },
        }),
      ],
      [],
      ME,
    );
    expect(t.filter((e) => e.kind === 'msg').flatMap((e) => (e.kind === 'msg' ? e.reactions : []))).toEqual([]);
  });

  it('appends optimistic messages until the server copy (same client id) is there', () => {
    const outbox: OutboxItem[] = [
      {
        key: 'k1',
        conversationId: 'c1',
        type: 'text',
        payload: { body: 'hi' },
        createdAt: Date.parse('2025-05-10T09:05:00Z'),
        state: 'sending',
      },
      {
        key: 'k2',
        conversationId: 'c1',
        type: 'text',
        payload: { body: 'again' },
        createdAt: Date.parse('2025-05-10T09:06:00Z'),
        state: 'failed',
        error: { code: 'network', status: 0, message: 'offline' },
      },
    ];
    const stored = [
      msg('a', '2025-05-10 09:00:00.000Z'),
      msg('s1', '2025-05-10 09:05:01.000Z', { direction: 'out', status: 'sent', client_id: `${ME}:k1` }),
    ];
    const t = buildTimeline(stored, outbox, ME).filter((e) => e.kind === 'msg');
    expect(t.map((e) => e.kind === 'msg' && e.message.id)).toEqual(['a', 's1', 'pending-k2']);
    const last = t[2]!;
    expect(last.kind === 'msg' && last.message.status).toBe('failed');
  });
});

describe('messages store', () => {
  it('merges pages, live updates and ignores stale copies', async () => {
    const pages: Record<string, Message[]> = {
      latest: [msg('c', '2025-05-10 09:02:00.000Z'), msg('d', '2025-05-10 09:03:00.000Z')],
      older: [msg('a', '2025-05-10 09:00:00.000Z'), msg('b', '2025-05-10 09:01:00.000Z')],
    };
    const store = createMessagesStore({
      fetch: async (_id, before) =>
        before ? { items: pages.older!, has_more: false } : { items: pages.latest!, has_more: true },
    });
    await store.open('c1');
    expect(store.$messages.get().messages.map((m) => m.id)).toEqual(['c', 'd']);
    expect(await store.loadOlder()).toBe(true);
    expect(store.$messages.get().messages.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(await store.loadOlder()).toBe(false);

    store.upsert(
      msg('e', '2025-05-10 09:04:00.000Z', { direction: 'out', status: 'sent', updated: '2025-05-10 09:04:01.000Z' }),
    );
    store.upsert(
      msg('e', '2025-05-10 09:04:00.000Z', { direction: 'out', status: 'read', updated: '2025-05-10 09:04:03.000Z' }),
    );
    store.upsert(
      msg('e', '2025-05-10 09:04:00.000Z', {
        direction: 'out',
        status: 'delivered',
        updated: '2025-05-10 09:04:02.000Z',
      }),
    );
    expect(store.$messages.get().messages.at(-1)?.status).toBe('read');
    store.upsert(msg('x', '2025-05-10 09:05:00.000Z', { conversation: 'other' }));
    expect(store.$messages.get().messages).toHaveLength(5);
  });
});
