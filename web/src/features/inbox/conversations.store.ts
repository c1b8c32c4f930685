/**
 * The conversation list: one query (tab, status, search) at a time, loaded page by page from
 * /api/v1/conversations as the user scrolls, kept sorted by last activity, and patched live from
 * PocketBase realtime events. Pure logic (no DOM), so it is unit-tested directly.
 */
import { atom } from 'nanostores';
import { sinceFrom } from '../../lib/resync.ts';
import type { Conversation, Page, User } from '../../lib/types.ts';
import { matchesTerms, searchTerms } from '../../lib/search-terms.ts';

export type Tab = 'mine' | 'unassigned' | 'all' | 'unread';
export type StatusFilter = 'open' | 'closed';

export interface ListQuery {
  tab: Tab;
  status: StatusFilter;
  q: string;
  /** only chats of this business number (wa_numbers id), when there are several */
  number?: string | undefined;
}

export interface ListState {
  query: ListQuery;
  items: Conversation[];
  total: number;
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  pages: number;
}

/** The tabs a role may use: operators see their chats (+ unassigned when allowed); viewers have no "mine". */
export function visibleTabs(user: Pick<User, 'role' | 'see_unassigned'> | null | undefined): Tab[] {
  if (!user) return [];
  switch (user.role) {
    case 'viewer':
      return ['all', 'unassigned', 'unread'];
    case 'operator':
      return user.see_unassigned ? ['mine', 'unassigned', 'all', 'unread'] : ['mine', 'unread'];
    default:
      return ['mine', 'unassigned', 'all', 'unread'];
  }
}

export function defaultTab(user: Pick<User, 'role' | 'see_unassigned'> | null | undefined): Tab {
  return user?.role === 'operator' ? 'mine' : 'all';
}

/** Most recent activity first; ties broken by id descending, as the server sorts. */
export function compareConversations(a: Conversation, b: Conversation): number {
  const ta = a.last_message_at || '';
  const tb = b.last_message_at || '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** Does the conversation belong in the tab and status filter (search aside)? */
export function matchesFilters(c: Conversation, query: ListQuery, meId: string): boolean {
  if (c.status !== query.status) return false;
  if (query.number && c.wa_number !== query.number) return false;
  switch (query.tab) {
    case 'mine':
      return c.assignee === meId;
    case 'unassigned':
      return !c.assignee;
    case 'unread':
      return c.unread_count > 0;
    default:
      return true;
  }
}

/** Client-side approximation of the server search (name in any word order, phone in any formatting, last message); the server also searches history. */
export function matchesText(c: Conversation, q: string): boolean {
  return matchesTerms(searchTerms(q), { name: c.contact_name, phone: c.contact_phone, text: c.last_message_preview });
}

/** Index where `c` goes in the sorted list (binary search). */
export function sortedIndex(items: Conversation[], c: Conversation): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareConversations(items[mid]!, c) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A page as the server answers it; `synced_at` is the server time the page was read at. */
export type ConversationPage = Page<Conversation> & { synced_at?: string };

export interface ConversationStoreDeps {
  fetchPage(query: ListQuery, page: number, perPage: number): Promise<ConversationPage>;
  /** every chat the user may see that changed at or after `since` (server time), any tab */
  fetchChanges?(since: string): Promise<ConversationPage>;
  meId(): string;
  perPage?: number;
}

type LiveOp = { op: 'upsert'; c: Conversation } | { op: 'remove'; id: string };

const isStale = (incoming: Conversation, current: Conversation) =>
  !!incoming.updated && !!current.updated && incoming.updated < current.updated;

export function createConversationStore(deps: ConversationStoreDeps) {
  const perPage = deps.perPage ?? 50;
  // a new object (and items array) for every reset, never a shared one: `useStore` reconciles new
  // values into the first object it saw, in place, so a shared initial state would fill with rows
  const initial = (query: ListQuery = { tab: 'all', status: 'open', q: '' }): ListState => ({
    query,
    items: [],
    total: 0,
    hasMore: false,
    loading: false,
    error: null,
    pages: 0,
  });
  const $list = atom<ListState>(initial());
  let generation = 0;
  /** server time of the last read that covered the list (page 1 or a resync); '' = unknown */
  let syncedAt = '';
  /** live changes that arrived while page 1 was on its way: replayed over the (older) answer */
  let live: LiveOp[] | null = null;
  let resyncPending = false;

  async function load(page: number): Promise<void> {
    const gen = generation;
    const query = $list.get().query;
    if (page === 1) live = [];
    $list.set({ ...$list.get(), loading: true, error: null });
    try {
      const res = await deps.fetchPage(query, page, perPage);
      if (gen !== generation) return;
      if (page === 1) syncedAt = res.synced_at ?? '';
      const s = $list.get();
      const base = page === 1 ? [] : s.items;
      const seen = new Map(base.map((c, i) => [c.id, i]));
      const items = base.slice();
      for (const c of res.items) {
        const at = seen.get(c.id);
        // live inserts shift server pages, so a row can come twice: keep the fresher copy
        if (at === undefined) items.push(c);
        else if (!isStale(c, items[at]!)) items[at] = c;
      }
      items.sort(compareConversations);
      $list.set({
        ...s,
        items,
        total: Math.max(res.totalItems, items.length),
        pages: page,
        hasMore: page < res.totalPages,
        loading: false,
      });
      if (page === 1) {
        // the answer was read before these events: replaying them keeps what is newer
        const ops = live ?? [];
        live = null;
        for (const o of ops) o.op === 'upsert' ? upsert(o.c) : remove(o.id);
      }
    } catch (err) {
      if (gen !== generation) return;
      if (page === 1) live = null;
      $list.set({ ...$list.get(), loading: false, error: (err as Error).message || 'error' });
    }
    if (resyncPending && gen === generation && !$list.get().loading) {
      resyncPending = false;
      await resync();
    }
  }

  /** A conversation created or changed (realtime or a local action): insert, move, update or drop. */
  function upsert(c: Conversation): void {
    live?.push({ op: 'upsert', c });
    const s = $list.get();
    const idx = s.items.findIndex((x) => x.id === c.id);
    const current = idx >= 0 ? s.items[idx]! : undefined;
    if (current && isStale(c, current)) return;
    const merged = current ? { ...current, ...c } : c;
    const fits =
      matchesFilters(merged, s.query, deps.meId()) && (current !== undefined || matchesText(merged, s.query.q));
    const items = idx >= 0 ? [...s.items.slice(0, idx), ...s.items.slice(idx + 1)] : s.items.slice();
    if (!fits) {
      if (current) $list.set({ ...s, items, total: Math.max(0, s.total - 1) });
      return;
    }
    const pos = sortedIndex(items, merged);
    // past the loaded range: the server will page it in; inserting it now would leave a gap
    if (pos === items.length && s.hasMore) {
      if (current) $list.set({ ...s, items, total: Math.max(items.length, s.total - 1) });
      return;
    }
    items.splice(pos, 0, merged);
    $list.set({ ...s, items, total: current ? s.total : s.total + 1 });
  }

  function remove(id: string): void {
    live?.push({ op: 'remove', id });
    const s = $list.get();
    const items = s.items.filter((c) => c.id !== id);
    if (items.length !== s.items.length) $list.set({ ...s, items, total: Math.max(0, s.total - 1) });
  }

  /**
   * Catch up after realtime may have missed events (subscription just made active, reconnect, back
   * to the foreground): the chats changed since the last read are applied like live events. Without
   * a known last read, or when too much changed, page 1 is loaded again. Returns what changed.
   */
  async function resync(): Promise<Conversation[]> {
    if ($list.get().loading) {
      resyncPending = true;
      return [];
    }
    if (!syncedAt || !deps.fetchChanges) {
      generation++;
      await load(1);
      return [];
    }
    const gen = generation;
    const res = await deps.fetchChanges(sinceFrom(syncedAt));
    if (gen !== generation) return res.items;
    if (res.totalPages > 1) {
      generation++;
      await load(1);
      return res.items;
    }
    if (res.synced_at) syncedAt = res.synced_at;
    for (const c of res.items) upsert(c);
    return res.items;
  }

  return {
    $list,
    resync,
    /** server time of the last complete read ('' before the first) */
    syncedAt: () => syncedAt,

    /** Switch tab, status or search: starts again from page 1. */
    setQuery(query: ListQuery): Promise<void> {
      generation++;
      // while the server answers, the rows already shown that fit the new query stay (a row does not
      // vanish under the finger as a search narrows); nothing that does not fit is shown
      const me = deps.meId();
      const keep = $list.get().items.filter((c) => matchesFilters(c, query, me) && matchesText(c, query.q));
      $list.set({ ...initial(query), items: keep, total: keep.length, loading: true });
      return load(1);
    },

    /** Next page, when there is one and nothing is loading. */
    loadMore(): Promise<void> {
      const s = $list.get();
      if (s.loading || !s.hasMore) return Promise.resolve();
      return load(s.pages + 1);
    },

    /** Reload what is shown (after a reconnect: realtime events may have been missed). */
    reload(): Promise<void> {
      generation++;
      return load(1);
    },

    /** A conversation created or changed (realtime or a local action): insert, move, update or drop. */
    upsert,
    remove,

    get(id: string): Conversation | undefined {
      return $list.get().items.find((c) => c.id === id);
    },
  };
}

export type ConversationStore = ReturnType<typeof createConversationStore>;
