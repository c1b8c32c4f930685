import { describe, expect, it, vi } from 'vitest';
import { createPaged, type Fetcher } from './paged.ts';

const rows = (total: number): Fetcher<{ id: number }> =>
  vi.fn(async (page: number, perPage: number) => {
    const start = (page - 1) * perPage;
    return {
      totalItems: total,
      items: Array.from({ length: Math.max(0, Math.min(perPage, total - start)) }, (_, i) => ({ id: start + i })),
    };
  });

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('server-paged list', () => {
  it('knows the total from the first page and fetches the pages under the visible rows once', async () => {
    const list = createPaged<{ id: number }>(100);
    const f = rows(100_000);
    await list.reset(f);
    expect(list.$state.get().total).toBe(100_000);
    expect(list.item(5)?.id).toBe(5);
    list.ensure(50_000, 50_012);
    list.ensure(50_000, 50_012);
    await tick();
    expect(f).toHaveBeenCalledTimes(2);
    expect((f as ReturnType<typeof vi.fn>).mock.calls[1]![0]).toBe(501);
    expect(list.item(50_010)?.id).toBe(50_010);
    expect(list.item(60_000)).toBeUndefined();
  });

  it('drops answers that belong to an older query', async () => {
    const list = createPaged<{ id: string }>(10);
    let release!: () => void;
    const slow: Fetcher<{ id: string }> = () =>
      new Promise((r) => (release = () => r({ totalItems: 1, items: [{ id: 'old' }] })));
    const first = list.reset(slow);
    await list.reset(async () => ({ totalItems: 2, items: [{ id: 'new' }, { id: 'new2' }] }));
    release();
    await first;
    expect(list.$state.get().total).toBe(2);
    expect(list.item(0)?.id).toBe('new');
  });

  it('forgets pages far from the viewport', async () => {
    const list = createPaged<{ id: number }>(10, 4);
    await list.reset(rows(10_000));
    for (let p = 0; p < 20; p++) {
      list.ensure(p * 10, p * 10 + 9);
      await tick();
    }
    const kept = [...list.$state.get().pages.keys()];
    expect(kept.length).toBeLessThanOrEqual(5);
    expect(kept).toContain(20);
  });

  it('reports a failed first page and recovers on reload', async () => {
    const list = createPaged<{ id: number }>(10);
    let fail = true;
    await list.reset(async () => {
      if (fail) throw new Error('offline');
      return { totalItems: 1, items: [{ id: 1 }] };
    });
    expect(list.$state.get().error).toBeInstanceOf(Error);
    fail = false;
    await list.reload();
    expect(list.$state.get().error).toBeNull();
    expect(list.item(0)?.id).toBe(1);
  });

  it('patches a loaded item in place', async () => {
    const list = createPaged<{ id: number; name?: string }>(10);
    await list.reset(rows(3));
    list.patch(
      (x) => x.id === 1,
      (x) => ({ ...x, name: 'Mario' }),
    );
    expect(list.item(1)?.name).toBe('Mario');
  });

  describe('with a separate count', () => {
    const uncounted =
      (total: number): Fetcher<{ id: number }> =>
      async (page, perPage) => ({
        ...(await rows(total)(page, perPage, new AbortController().signal)),
        totalItems: -1,
      });

    it('shows the first page without waiting for the count, scrolls on, then takes the exact total', async () => {
      const list = createPaged<{ id: number }>(100);
      let answer!: (n: number) => void;
      const counter = vi.fn(() => new Promise<number>((r) => (answer = r)));
      await list.reset(uncounted(7_274), counter);
      expect(list.item(99)?.id).toBe(99);
      // a full page says "at least one more": the list is one row longer so scrolling reaches page 2
      expect(list.$state.get()).toMatchObject({ ready: true, counted: false, total: 101 });
      list.ensure(95, 100);
      await tick();
      expect(list.item(150)?.id).toBe(150);
      expect(list.$state.get().total).toBe(201);
      answer(7_274);
      await tick();
      expect(list.$state.get()).toMatchObject({ counted: true, total: 7_274 });
      expect(counter).toHaveBeenCalledTimes(1);
    });

    it('a short page is the end: the total is exact without the count', async () => {
      const list = createPaged<{ id: number }>(100);
      await list.reset(uncounted(42), () => new Promise<number>(() => undefined));
      expect(list.$state.get()).toMatchObject({ counted: true, total: 42 });
    });

    it('drops the count of an older query, and survives a failed count', async () => {
      const list = createPaged<{ id: number }>(10);
      let old!: (n: number) => void;
      await list.reset(uncounted(500), () => new Promise<number>((r) => (old = r)));
      await list.reset(uncounted(25), () => Promise.reject(new Error('timeout')));
      old(500);
      await tick();
      expect(list.$state.get()).toMatchObject({ counted: false, total: 11 });
      list.ensure(5, 12);
      await tick();
      list.ensure(15, 25);
      await tick();
      // reaching the short last page makes it exact anyway
      expect(list.$state.get()).toMatchObject({ counted: true, total: 25 });
    });
  });
});
