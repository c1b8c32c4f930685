/**
 * The open chat's message store as the chat view uses it: through @nanostores/solid's `useStore`,
 * which reconciles every new value into the first object it saw, in place.
 */
import { useStore } from '@nanostores/solid';
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../lib/types.ts';
import { createMessagesStore, oldestOf, type Cursor, type MessagesPage } from './messages.store.ts';

function msg(id: string, conversation: string, ts: string, extra: Partial<Message> = {}): Message {
  return {
    id,
    conversation,
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
    created: ts,
    updated: ts,
    ...extra,
  };
}

/** A fake server paging by arrival (created, id) like GET /conversations/{id}/messages. */
function server(byChat: Record<string, Message[]>, limit = 2) {
  const calls: Array<{ id: string; before?: Cursor; since?: string }> = [];
  const key = (m: Message) => `${m.created}|${m.id}`;
  return {
    calls,
    byChat,
    async fetch(id: string, opts: { before?: Cursor; since?: string } = {}): Promise<MessagesPage> {
      calls.push({ id, ...opts });
      const all = (byChat[id] ?? []).map((m) => ({ ...m })).sort((a, b) => (key(a) < key(b) ? -1 : 1));
      if (opts.since) {
        const changed = all.filter((m) => (m.updated ?? '') >= opts.since!);
        return { items: changed, has_more: false, synced_at: '2025-05-10 12:00:00.000Z' };
      }
      const before = opts.before;
      const rows = before ? all.filter((m) => key(m) < `${before.created}|${before.id}`) : all;
      return { items: rows.slice(-limit), has_more: rows.length > limit, synced_at: '2025-05-10 11:00:00.000Z' };
    },
  };
}

/** Mount the store the way ChatView does; returns the reactive view and a disposer. */
function mounted(store: ReturnType<typeof createMessagesStore>) {
  return createRoot((dispose) => ({ view: useStore(store.$messages), dispose }));
}

const ids = (ms: Message[]) => ms.map((m) => m.id);

describe('messages store', () => {
  it('a chat opened after another shows only its own messages, also through useStore', async () => {
    const srv = server({
      A: [msg('a1', 'A', '2025-05-10 09:00:00.000Z'), msg('a2', 'A', '2025-05-10 09:01:00.000Z')],
      B: [msg('b1', 'B', '2025-05-10 09:00:30.000Z')],
      C: [],
    });
    const store = createMessagesStore({ fetch: srv.fetch });
    const { view, dispose } = mounted(store);
    await store.open('A');
    expect(ids(view().messages)).toEqual(['a1', 'a2']);
    store.close();
    await store.open('B');
    expect(ids(store.$messages.get().messages)).toEqual(['b1']);
    expect(ids(view().messages)).toEqual(['b1']);
    store.close();
    await store.open('C');
    expect(view().messages).toEqual([]);
    // a live message for a chat no longer open is ignored
    store.upsert(msg('a3', 'A', '2025-05-10 09:02:00.000Z'));
    expect(view().messages).toEqual([]);
    dispose();
  });

  it('a burst in one second: the first page is the latest to arrive, and paging back skips none', async () => {
    const second = '2025-05-10 09:00:00.000Z';
    // WhatsApp stamps them all with the same second; random ids, so only arrival (created) orders them
    const burst = [
      ['zz', 1],
      ['k3', 2],
      ['a9', 3],
      ['q1', 4],
      ['b2', 5],
    ].map(([id, n]) =>
      msg(String(id), 'A', second, { created: `2025-05-10 09:00:01.${String(n).padStart(3, '0')}Z`, preview: `m${n}` }),
    );
    const srv = server({ A: burst }, 2);
    const store = createMessagesStore({ fetch: srv.fetch });
    await store.open('A');
    expect(store.$messages.get().messages.map((m) => m.preview)).toEqual(['m4', 'm5']);
    while (await store.loadOlder());
    expect(store.$messages.get().messages.map((m) => m.preview)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(store.$messages.get().hasMore).toBe(false);
  });

  it('oldestOf follows the server order: arrival (created), then id', () => {
    const at = (c: string) => ({ created: `2025-05-10 09:00:0${c}.000Z` });
    expect(
      oldestOf([
        msg('b', 'A', '2025-05-10 09:00:00.000Z', at('1')),
        msg('a', 'A', '2025-05-10 09:00:00.000Z', at('1')),
        msg('c', 'A', '2025-05-10 08:00:00.000Z', at('2')),
      ]),
    ).toEqual({ created: '2025-05-10 09:00:01.000Z', id: 'a' });
    expect(oldestOf([])).toBeNull();
  });

  it('a resync merges what changed since the last read (from a little before it) and keeps older pages', async () => {
    const srv = server(
      {
        A: [
          msg('a1', 'A', '2025-05-10 09:00:00.000Z'),
          msg('a2', 'A', '2025-05-10 09:01:00.000Z'),
          msg('a3', 'A', '2025-05-10 09:02:00.000Z'),
        ],
      },
      2,
    );
    const store = createMessagesStore({ fetch: srv.fetch });
    await store.open('A');
    await store.loadOlder();
    expect(ids(store.$messages.get().messages)).toEqual(['a1', 'a2', 'a3']);
    // missed while deaf: a new message and a status change
    srv.byChat.A!.push(msg('a4', 'A', '2025-05-10 11:00:05.000Z'));
    srv.byChat.A![0] = { ...srv.byChat.A![0]!, preview: 'edited', updated: '2025-05-10 11:00:06.000Z' };
    await store.resync();
    const since = srv.calls.at(-1)!.since!;
    expect(since < '2025-05-10 11:00:00.000Z').toBe(true); // an overlap before the last read
    expect(ids(store.$messages.get().messages)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(store.$messages.get().messages[0]!.preview).toBe('edited');
  });

  it('a resync asked for while the first page loads runs once it has arrived', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const srv = server({ A: [msg('a1', 'A', '2025-05-10 09:00:00.000Z')] });
    const store = createMessagesStore({
      fetch: async (id, opts) => {
        if (!opts?.since) await gate;
        return srv.fetch(id, opts);
      },
    });
    const opening = store.open('A');
    await store.resync();
    expect(srv.calls.some((c) => c.since)).toBe(false);
    srv.byChat.A!.push(msg('a2', 'A', '2025-05-10 11:00:01.000Z'));
    release();
    await opening;
    expect(srv.calls.some((c) => c.since)).toBe(true);
    expect(ids(store.$messages.get().messages)).toEqual(['a1', 'a2']);
  });
});

describe('messages store resync window', () => {
  it('a resync brings changes and newer messages, never older history that paging has not reached', async () => {
    const srv = server(
      {
        A: [
          msg('a1', 'A', '2025-05-10 09:00:00.000Z'),
          msg('a2', 'A', '2025-05-10 09:01:00.000Z'),
          msg('a3', 'A', '2025-05-10 09:02:00.000Z'),
        ],
      },
      2,
    );
    const store = createMessagesStore({ fetch: srv.fetch });
    await store.open('A'); // a2, a3: a1 is older history
    srv.byChat.A!.push(msg('a4', 'A', '2025-05-10 11:00:05.000Z'));
    // everything was written recently: all of it "changed" since the last read
    for (const m of srv.byChat.A!) m.updated = '2025-05-10 11:00:06.000Z';
    await store.resync();
    expect(ids(store.$messages.get().messages)).toEqual(['a2', 'a3', 'a4']);
    expect(await store.loadOlder()).toBe(true);
    expect(ids(store.$messages.get().messages)).toEqual(['a1', 'a2', 'a3', 'a4']);
  });
});
