/**
 * A server-paged list for the virtualised contact lists: the pages under the visible rows are fetched
 * on demand (each once, stale answers from an older query dropped), and far-away pages are forgotten
 * so scrolling through 100,000 contacts keeps a few thousand in memory. Pure logic, unit-tested.
 *
 * The total either comes with each page, or — when a counter is given — is asked for once, beside the
 * first page, whose rows are not kept waiting for it (counting a large filtered set costs far more than
 * a page). Until the count arrives the total is what is known: the rows loaded, plus one while a full
 * page suggests more, so the list can scroll on.
 */
import { atom } from 'nanostores';

export interface PageAnswer<T> {
  totalItems: number;
  items: T[];
}

/** totalItems < 0: not counted */
export type Fetcher<T> = (page: number, perPage: number, signal: AbortSignal) => Promise<PageAnswer<T>>;
export type Counter = (signal: AbortSignal) => Promise<number>;

export interface PagedState<T> {
  /** bumps on every request generation (new query or reload) */
  gen: number;
  /** bumps on every new query only (the list scrolls back to the top) */
  query: number;
  total: number;
  /** total is exact (else a lower bound, while the count is on its way) */
  counted: boolean;
  /** the first page has answered */
  ready: boolean;
  pages: ReadonlyMap<number, T[]>;
  loading: boolean;
  error: unknown;
}

export interface PagedList<T> {
  $state: ReturnType<typeof atom<PagedState<T>>>;
  perPage: number;
  /** a new query: forgets everything and loads the first page (and the count, if a counter is given) */
  reset(fetcher: Fetcher<T>, counter?: Counter): Promise<void>;
  /** the same query again (after a change), keeping what is shown until the answers arrive */
  reload(): Promise<void>;
  /** rows start..end (inclusive) are on screen */
  ensure(start: number, end: number): void;
  item(index: number): T | undefined;
  /** replace a loaded item (after an edit) */
  patch(pred: (x: T) => boolean, next: (x: T) => T): void;
}

export function createPaged<T>(perPage = 100, keepPages = 24): PagedList<T> {
  const $state = atom<PagedState<T>>({
    gen: 0,
    query: 0,
    total: 0,
    counted: false,
    ready: false,
    pages: new Map(),
    loading: false,
    error: null,
  });
  let fetcher: Fetcher<T> | undefined;
  let counter: Counter | undefined;
  let counting: AbortController | undefined;
  const inflight = new Map<number, AbortController>();
  let lastRange: [number, number] = [0, 0];

  const pageOf = (i: number) => Math.floor(i / perPage) + 1;

  function abortAll() {
    for (const c of inflight.values()) c.abort();
    inflight.clear();
    counting?.abort();
    counting = undefined;
  }

  /** What a page without a count tells about the total. */
  function totalAfter(page: number, res: PageAnswer<T>): { total: number; counted: boolean } {
    const s = $state.get();
    if (res.totalItems >= 0) return { total: res.totalItems, counted: true };
    if (s.counted) return { total: s.total, counted: true };
    const seen = (page - 1) * perPage + res.items.length;
    // a short page is the last one: the total is exact
    if (res.items.length < perPage) return { total: seen, counted: true };
    return { total: Math.max(s.total, seen + 1), counted: false };
  }

  async function count(gen: number): Promise<void> {
    if (!counter) return;
    const ctrl = new AbortController();
    counting = ctrl;
    try {
      const n = await counter(ctrl.signal);
      if ($state.get().gen !== gen || counting !== ctrl) return;
      $state.set({ ...$state.get(), total: n, counted: true });
    } catch {
      // no count: the list still works on what the pages tell
    } finally {
      if (counting === ctrl) counting = undefined;
    }
  }

  async function load(page: number, gen: number): Promise<void> {
    if (!fetcher || inflight.has(page)) return;
    const ctrl = new AbortController();
    inflight.set(page, ctrl);
    if (!$state.get().loading) $state.set({ ...$state.get(), loading: true });
    try {
      const res = await fetcher(page, perPage, ctrl.signal);
      if (inflight.get(page) === ctrl) inflight.delete(page);
      if ($state.get().gen !== gen) return;
      const pages = new Map($state.get().pages);
      pages.set(page, res.items);
      // one update per answer: the rows, the total and the busy flag together
      $state.set({
        ...$state.get(),
        ...totalAfter(page, res),
        ready: true,
        pages,
        error: null,
        loading: inflight.size > 0,
      });
    } catch (err) {
      if (inflight.get(page) === ctrl) inflight.delete(page);
      if ($state.get().gen !== gen || (err as Error)?.name === 'AbortError') return;
      $state.set({ ...$state.get(), ready: true, error: err, loading: inflight.size > 0 });
    }
  }

  function evict(center: number) {
    const pages = $state.get().pages;
    if (pages.size <= keepPages) return;
    const next = new Map([...pages].filter(([p]) => Math.abs(p - center) <= keepPages / 2));
    $state.set({ ...$state.get(), pages: next });
  }

  return {
    $state,
    perPage,
    async reset(f, c) {
      abortAll();
      fetcher = f;
      counter = c;
      const gen = $state.get().gen + 1;
      $state.set({
        gen,
        query: $state.get().query + 1,
        total: 0,
        counted: false,
        ready: false,
        pages: new Map(),
        loading: true,
        error: null,
      });
      lastRange = [0, 0];
      void count(gen);
      await load(1, gen);
    },
    async reload() {
      if (!fetcher) return;
      abortAll();
      const gen = $state.get().gen + 1;
      const keep = $state.get();
      // the old total stays until the new count (or a page with it) replaces it
      $state.set({ ...keep, gen, counted: !counter && keep.counted });
      void count(gen);
      const [a, b] = lastRange;
      const want = new Set([1, pageOf(a), pageOf(b)]);
      // the old pages stay on screen until each is replaced; others are dropped
      $state.set({ ...$state.get(), pages: new Map([...keep.pages].filter(([p]) => want.has(p))) });
      await Promise.all([...want].map((p) => load(p, gen)));
    },
    ensure(start, end) {
      const s = $state.get();
      if (!s.ready || !fetcher) return;
      lastRange = [start, end];
      const last = Math.max(1, Math.ceil(s.total / perPage));
      const from = pageOf(Math.max(0, start));
      const to = Math.min(last, pageOf(Math.max(start, end)));
      for (let p = from; p <= to; p++) if (!s.pages.has(p)) void load(p, s.gen);
      evict(Math.round((from + to) / 2));
    },
    item(index) {
      return $state.get().pages.get(pageOf(index))?.[index % perPage];
    },
    patch(pred, next) {
      const s = $state.get();
      let changed = false;
      const pages = new Map(
        [...s.pages].map(([p, items]) => [p, items.map((x) => (pred(x) ? ((changed = true), next(x)) : x))]),
      );
      if (changed) $state.set({ ...s, pages });
    },
  };
}
