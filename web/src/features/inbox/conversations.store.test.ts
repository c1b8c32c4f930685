import { describe, expect, it } from 'vitest';
import type { Conversation, Page } from '../../lib/types.ts';
import {
  compareConversations,
  createConversationStore,
  matchesFilters,
  visibleTabs,
  type ListQuery,
} from './conversations.store.ts';

const ME = 'me0000000000000';
const OTHER = 'ot0000000000000';

function conv(id: string, minute: number, extra: Partial<Conversation> = {}): Conversation {
  const at = `2025-05-10 10:${String(minute).padStart(2, '0')}:00.000Z`;
  return {
    id,
    wa_number: 'n',
    contact: `c${id}`,
    assignee: '',
    status: 'open',
    unread_count: 0,
    contact_name: `Name ${id}`,
    contact_phone: '+393470000000',
    last_message_preview: 'hello',
    last_message_at: at,
    last_message_direction: 'in',
    last_message_status: 'received',
    last_message_id: '',
    last_inbound_at: at,
    created: at,
    updated: at,
    ...extra,
  };
}

/** A fake server holding `all`, paging and filtering like /api/v1/conversations. */
function server(all: Conversation[]) {
  const calls: Array<{ query: ListQuery; page: number }> = [];
  return {
    calls,
    all,
    async fetchPage(query: ListQuery, page: number, perPage: number): Promise<Page<Conversation>> {
      calls.push({ query, page });
      const rows = all
        .filter(
          (c) =>
            matchesFilters(c, query, ME) && (!query.q || c.contact_name.toLowerCase().includes(query.q.toLowerCase())),
        )
        .sort(compareConversations);
      return {
        page,
        perPage,
        totalItems: rows.length,
        totalPages: Math.ceil(rows.length / perPage),
        items: rows.slice((page - 1) * perPage, page * perPage),
      };
    },
  };
}

const ALL: ListQuery = { tab: 'all', status: 'open', q: '' };

describe('conversation list store', () => {
  it('sorts by last activity, newest first, ties by id', () => {
    const rows = [conv('a', 1), conv('b', 5), conv('c', 5), conv('d', 3)].sort(compareConversations);
    expect(rows.map((r) => r.id)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('loads pages as asked and de-duplicates rows that shifted between pages', async () => {
    const srv = server(Array.from({ length: 5 }, (_, i) => conv(`k${i}`, i)));
    const store = createConversationStore({ fetchPage: srv.fetchPage, meId: () => ME, perPage: 2 });
    await store.setQuery(ALL);
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['k4', 'k3']);
    expect(store.$list.get().hasMore).toBe(true);
    // a new chat arrives at the top: server page 2 now starts with k3 again
    const fresh = conv('k9', 30);
    srv.all.push(fresh);
    store.upsert(fresh);
    await store.loadMore();
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['k9', 'k4', 'k3', 'k2']);
    await store.loadMore();
    await store.loadMore();
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['k9', 'k4', 'k3', 'k2', 'k1', 'k0']);
    expect(store.$list.get().hasMore).toBe(false);
  });

  it('moves a chat to the top when a new message arrives, and updates in place otherwise', async () => {
    const srv = server([conv('a', 1), conv('b', 2), conv('c', 3)]);
    const store = createConversationStore({ fetchPage: srv.fetchPage, meId: () => ME });
    await store.setQuery(ALL);
    store.upsert(conv('a', 10, { last_message_preview: 'new!', unread_count: 1, updated: '2025-05-10 10:10:00.000Z' }));
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['a', 'c', 'b']);
    expect(store.$list.get().items[0]!.last_message_preview).toBe('new!');
    store.upsert(conv('b', 2, { contact_name: 'Renamed', updated: '2025-05-10 10:11:00.000Z' }));
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['a', 'c', 'b']);
    expect(store.$list.get().items[2]!.contact_name).toBe('Renamed');
    expect(store.$list.get().total).toBe(3);
  });

  it('ignores an update older than what it already has', async () => {
    const srv = server([conv('a', 1, { updated: '2025-05-10 11:00:00.000Z', unread_count: 0 })]);
    const store = createConversationStore({ fetchPage: srv.fetchPage, meId: () => ME });
    await store.setQuery(ALL);
    store.upsert(conv('a', 1, { updated: '2025-05-10 10:59:00.000Z', unread_count: 4 }));
    expect(store.$list.get().items[0]!.unread_count).toBe(0);
  });

  it('filters live updates by tab: mine, unassigned, unread, status', async () => {
    const srv = server([conv('a', 1, { assignee: ME }), conv('b', 2, { assignee: OTHER }), conv('c', 3)]);
    const store = createConversationStore({ fetchPage: srv.fetchPage, meId: () => ME });
    // what realtime does: the server row changes, then the event reaches the store
    const change = (c: Conversation) => {
      srv.all.splice(srv.all.findIndex((x) => x.id === c.id) >>> 0, srv.all.some((x) => x.id === c.id) ? 1 : 0, c);
      store.upsert(c);
    };
    await store.setQuery({ ...ALL, tab: 'mine' });
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['a']);
    // c gets assigned to me → appears; a handed to someone else → leaves
    change(conv('c', 3, { assignee: ME, updated: '2025-05-10 12:00:00.000Z' }));
    change(conv('a', 1, { assignee: OTHER, updated: '2025-05-10 12:00:00.000Z' }));
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['c']);

    await store.setQuery({ ...ALL, tab: 'unassigned' });
    expect(store.$list.get().items).toEqual([]);
    change(conv('n', 40));
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['n']);

    await store.setQuery({ ...ALL, tab: 'unread' });
    change(conv('u', 41, { unread_count: 2 }));
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['u']);
    change(conv('u', 41, { unread_count: 0, updated: '2025-05-10 13:00:00.000Z' }));
    expect(store.$list.get().items).toEqual([]);

    await store.setQuery({ ...ALL, status: 'open' });
    const before = store.$list.get().items.length;
    change(conv('b', 2, { status: 'closed', updated: '2025-05-10 13:00:00.000Z' }));
    expect(store.$list.get().items.length).toBe(before - 1);
    expect(store.$list.get().items.some((c) => c.id === 'b')).toBe(false);
  });

  it('does not insert a live chat below the loaded range while more pages exist', async () => {
    const srv = server(Array.from({ length: 4 }, (_, i) => conv(`k${i}`, 10 + i)));
    const store = createConversationStore({ fetchPage: srv.fetchPage, meId: () => ME, perPage: 2 });
    await store.setQuery(ALL);
    store.upsert(conv('old', 1));
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['k3', 'k2']);
  });

  it('search: new rows must match the text; rows already shown stay while filters match', async () => {
    const srv = server([conv('a', 1, { contact_name: 'Giulia Rossi' }), conv('b', 2, { contact_name: 'Marco' })]);
    const store = createConversationStore({ fetchPage: srv.fetchPage, meId: () => ME });
    await store.setQuery({ ...ALL, q: 'giulia' });
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['a']);
    store.upsert(conv('z', 9, { contact_name: 'Someone else' }));
    store.upsert(conv('y', 9, { contact_name: 'Giulia Verdi' }));
    store.upsert(conv('a', 8, { last_message_preview: 'unrelated', updated: '2025-05-10 14:00:00.000Z' }));
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['y', 'a']);
  });

  it('drops responses of a query that was replaced meanwhile', async () => {
    let release: (() => void) | undefined;
    const srv = server([conv('a', 1, { assignee: ME }), conv('b', 2)]);
    const store = createConversationStore({
      meId: () => ME,
      fetchPage: async (q, p, n) => {
        if (q.tab === 'all') await new Promise<void>((r) => (release = r));
        return srv.fetchPage(q, p, n);
      },
    });
    const slow = store.setQuery(ALL);
    await store.setQuery({ ...ALL, tab: 'mine' });
    release?.();
    await slow;
    expect(store.$list.get().query.tab).toBe('mine');
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['a']);
  });

  it('offers only the tabs a role may see', () => {
    expect(visibleTabs({ role: 'operator', see_unassigned: false })).toEqual(['mine', 'unread']);
    expect(visibleTabs({ role: 'operator', see_unassigned: true })).toContain('unassigned');
    expect(visibleTabs({ role: 'viewer', see_unassigned: false })).not.toContain('mine');
    expect(visibleTabs({ role: 'manager', see_unassigned: false })).toEqual(['mine', 'unassigned', 'all', 'unread']);
  });
});

describe('conversation list store: nothing missed', () => {
  it('a live change that arrives while page 1 is on its way survives the (older) answer', async () => {
    const srv = server([conv('a', 1), conv('b', 2)]);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const store = createConversationStore({
      fetchPage: async (q, p, n) => {
        const page = await srv.fetchPage(q, p, n); // read now: before the live event
        await gate;
        return page;
      },
      meId: () => ME,
    });
    const loading = store.setQuery(ALL);
    await Promise.resolve();
    store.upsert(conv('new', 9)); // created after the server read the page
    store.upsert(conv('a', 1, { unread_count: 3, updated: '2025-05-10 10:30:00.000Z' }));
    release();
    await loading;
    const items = store.$list.get().items;
    expect(items.map((c) => c.id)).toEqual(['new', 'b', 'a']);
    expect(items.find((c) => c.id === 'a')!.unread_count).toBe(3);
    expect(store.$list.get().total).toBe(3);
  });

  it('a resync applies the chats changed since the last read, and reloads page 1 when it knows no read', async () => {
    const srv = server([conv('a', 1), conv('b', 2)]);
    const since: string[] = [];
    const store = createConversationStore({
      fetchPage: async (q, p, n) => ({ ...(await srv.fetchPage(q, p, n)), synced_at: '2025-05-10 11:00:00.000Z' }),
      fetchChanges: async (s) => {
        since.push(s);
        const items = srv.all.filter((c) => c.updated >= s);
        return {
          page: 1,
          perPage: 200,
          totalItems: items.length,
          totalPages: 1,
          items,
          synced_at: '2025-05-10 11:05:00.000Z',
        };
      },
      meId: () => ME,
    });
    await store.resync(); // nothing read yet: a plain load
    expect(srv.calls).toHaveLength(1);
    await store.setQuery({ tab: 'unassigned', status: 'open', q: '' });
    // missed: a new chat, and chat b taken by someone else (it leaves "unassigned")
    srv.all.push(conv('c', 8, { updated: '2025-05-10 11:00:10.000Z' }));
    srv.all[1] = conv('b', 2, { assignee: OTHER, updated: '2025-05-10 11:00:20.000Z' });
    const changed = await store.resync();
    expect(since[0]! < '2025-05-10 11:00:00.000Z').toBe(true);
    expect(changed.map((c) => c.id).sort()).toEqual(['b', 'c']);
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['c', 'a']);
    expect(store.syncedAt()).toBe('2025-05-10 11:05:00.000Z');
  });

  it('a resync asked for while the list loads waits for it', async () => {
    const srv = server([conv('a', 1)]);
    let changes = 0;
    const store = createConversationStore({
      fetchPage: async (q, p, n) => ({ ...(await srv.fetchPage(q, p, n)), synced_at: '2025-05-10 11:00:00.000Z' }),
      fetchChanges: async () => {
        changes++;
        return {
          page: 1,
          perPage: 200,
          totalItems: 0,
          totalPages: 0,
          items: [],
          synced_at: '2025-05-10 11:00:01.000Z',
        };
      },
      meId: () => ME,
    });
    const loading = store.setQuery(ALL);
    await store.resync();
    expect(changes).toBe(0);
    await loading;
    expect(changes).toBe(1);
  });
});

describe('conversation list store: switching queries', () => {
  it('keeps only the rows that fit the new query while it loads, then shows the server’s answer', async () => {
    const srv = server([conv('a', 1, { assignee: ME }), conv('b', 2), conv('c', 3, { contact_name: 'Carla' })]);
    let release!: () => void;
    let gate: Promise<void> = Promise.resolve();
    const store = createConversationStore({
      fetchPage: async (q, p, n) => {
        await gate;
        return srv.fetchPage(q, p, n);
      },
      meId: () => ME,
    });
    await store.setQuery(ALL);
    gate = new Promise<void>((r) => (release = r));
    const loading = store.setQuery({ tab: 'unassigned', status: 'open', q: '' });
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['c', 'b']); // never "a": it is assigned
    expect(store.$list.get().loading).toBe(true);
    release();
    await loading;
    gate = new Promise<void>((r) => (release = r));
    const searching = store.setQuery({ tab: 'unassigned', status: 'open', q: 'carla' });
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['c']);
    release();
    await searching;
    expect(store.$list.get().items.map((c) => c.id)).toEqual(['c']);
  });
});
