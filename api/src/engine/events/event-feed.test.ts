import { describe, expect, it } from 'vitest';
import type { StoredEvent } from './domain-events.ts';
import { EventFeed } from './event-feed.ts';
import type { EventLog } from './event-log.ts';

/** An outbox in memory: `append` commits events; every read is counted and can be held open. */
function outbox() {
  const rows: StoredEvent[] = [];
  const reads: Array<{ after: number; limit: number }> = [];
  let gate: Promise<void> | undefined;
  const log = {
    async read(after: number, limit: number) {
      reads.push({ after, limit });
      const snapshot = rows.filter((e) => e.seq > after).slice(0, limit);
      await gate;
      return snapshot;
    },
  } as unknown as EventLog;
  return {
    log,
    reads,
    append(n: number) {
      for (let i = 0; i < n; i++) {
        const seq = rows.length + 1;
        rows.push({ seq, id: `e${seq}`, name: 'message.received', actor: 'system:test', data: {} as never, at: seq });
      }
    },
    hold() {
      let release!: () => void;
      gate = new Promise((r) => {
        release = r;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

describe('the shared event feed', () => {
  it('one read serves every consumer that asked while the previous read was in flight', async () => {
    const o = outbox();
    const feed = new EventFeed(o.log);
    feed.startAt(0);
    o.append(10);
    const pages = await Promise.all(Array.from({ length: 6 }, () => feed.after(0, 200)));
    expect(pages.every((p) => p.map((e) => e.seq).join() === '1,2,3,4,5,6,7,8,9,10')).toBe(true);
    // the first asker's read, and one more for the five who asked while it was in flight (not five more)
    expect(o.reads).toHaveLength(2);
    // each consumer from its own position, without another read while nothing new was asked
    expect((await feed.after(7, 2)).map((e) => e.seq)).toEqual([8, 9]);
  });

  it('never answers from a read that started before the question (what idle() relies on)', async () => {
    const o = outbox();
    const feed = new EventFeed(o.log);
    feed.startAt(0);
    const release = o.hold();
    const first = feed.after(0, 200); // its read is in flight and saw nothing
    o.append(3); // committed after that read started
    const second = feed.after(0, 200);
    release();
    expect(await first).toEqual([]);
    expect((await second).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(o.reads).toHaveLength(2);
  });

  it('reads on past a full page before saying a consumer is at the head', async () => {
    const o = outbox();
    const feed = new EventFeed(o.log, { fetch: 5 });
    feed.startAt(0);
    o.append(12);
    expect((await feed.after(0, 100)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await feed.after(5, 100)).map((e) => e.seq)).toEqual([6, 7, 8, 9, 10]);
    expect((await feed.after(10, 100)).map((e) => e.seq)).toEqual([11, 12]);
    expect(await feed.after(12, 100)).toEqual([]);
  });

  it('a consumer behind the window reads the store itself; trimming keeps only what someone still needs', async () => {
    const o = outbox();
    o.append(20);
    const feed = new EventFeed(o.log, { keep: 5 });
    feed.startAt(10); // the lowest checkpoint at start
    expect((await feed.after(10, 100)).map((e) => e.seq)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const before = o.reads.length;
    expect((await feed.after(4, 3)).map((e) => e.seq)).toEqual([5, 6, 7]); // its own read
    expect(o.reads.length).toBe(before + 1);
    expect(o.reads.at(-1)).toEqual({ after: 4, limit: 3 });
    feed.trim(12); // everyone is past 12, and at most 5 events are kept
    const again = o.reads.length;
    expect((await feed.after(15, 100)).map((e) => e.seq)).toEqual([16, 17, 18, 19, 20]);
    expect(o.reads.length).toBe(again); // behind the head: served from the window, no read
    expect((await feed.after(14, 1)).map((e) => e.seq)).toEqual([15]); // trimmed: read directly
    expect(o.reads.at(-1)).toEqual({ after: 14, limit: 1 });
  });

  it('a consumer behind the head is answered from the window; at the head it waits for a new read', async () => {
    const o = outbox();
    const feed = new EventFeed(o.log, { gapMs: 0 });
    feed.startAt(0);
    o.append(10);
    expect((await feed.after(0, 200)).map((e) => e.seq)).toHaveLength(10);
    const reads = o.reads.length;
    // another consumer, further back: the window has what it needs
    expect((await feed.after(4, 3)).map((e) => e.seq)).toEqual([5, 6, 7]);
    expect((await feed.after(7, 200)).map((e) => e.seq)).toEqual([8, 9, 10]);
    expect(o.reads.length).toBe(reads);
    // at the head: only a read that started after the question may say "nothing new", or bring the new ones
    o.append(2);
    expect((await feed.after(10, 200)).map((e) => e.seq)).toEqual([11, 12]);
    expect(o.reads.length).toBe(reads + 1);
  });

  it('reads are at least gapMs apart, and everyone who asked meanwhile shares the next one', async () => {
    const o = outbox();
    const feed = new EventFeed(o.log, { gapMs: 80 });
    feed.startAt(0);
    o.append(1);
    await feed.after(0, 200);
    const t0 = Date.now();
    o.append(1);
    const asks = await Promise.all(Array.from({ length: 5 }, () => feed.after(1, 200)));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(60);
    expect(asks.every((p) => p.map((e) => e.seq).join() === '2')).toBe(true);
    expect(o.reads).toHaveLength(2);
  });
});
