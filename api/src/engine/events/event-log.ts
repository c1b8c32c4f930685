/**
 * Reading the outbox and keeping consumers' checkpoints. Plain PocketBase reads (the seq index);
 * purging goes through pb_hooks/domain_events.pb.js so it never removes what a consumer still needs.
 */
import type { PocketBase } from '../../lib/pb.ts';
import type { EventName, StoredEvent } from './domain-events.ts';

interface EventRow {
  seq: number;
  id: string;
  name: EventName;
  actor: StoredEvent['actor'];
  conversation: string;
  contact: string;
  message: string;
  data: unknown;
  at: number;
}

export class EventLog {
  constructor(private readonly pb: PocketBase) {}

  /** Events after `afterSeq` (oldest first), only of `names` when given. */
  async read(afterSeq: number, limit: number, names?: readonly EventName[]): Promise<StoredEvent[]> {
    const { pb } = this;
    const byName = names?.length
      ? ` && (${names.map((n, i) => pb.filter(`name = {:n${i}}`, { [`n${i}`]: n })).join(' || ')})`
      : '';
    const res = await pb.collection('domain_events').getList<EventRow>(1, limit, {
      filter: `${pb.filter('seq > {:s}', { s: afterSeq })}${byName}`,
      sort: 'seq',
      skipTotal: true,
      // every column: `fields` would cost PocketBase a JSON round-trip per event (see pb-any-of.ts)
      requestKey: null,
    });
    return res.items.map((r) => ({
      seq: r.seq,
      id: r.id,
      name: r.name,
      actor: r.actor,
      at: r.at,
      data: (r.data ?? {}) as StoredEvent['data'],
      ...(r.conversation ? { conversation: r.conversation } : {}),
      ...(r.contact ? { contact: r.contact } : {}),
      ...(r.message ? { message: r.message } : {}),
    }));
  }

  async lastSeq(): Promise<number> {
    const res = await this.pb
      .collection('domain_events')
      .getList<{ seq: number }>(1, 1, { sort: '-seq', fields: 'seq', skipTotal: true, requestKey: null });
    return res.items[0]?.seq ?? 0;
  }

  /** The consumer's checkpoint, created at `initial` the first time. */
  async checkpoint(name: string, initial: () => Promise<number>): Promise<{ id: string; lastSeq: number }> {
    const { pb } = this;
    const found = await pb.collection('event_consumers').getList<{ id: string; last_seq: number }>(1, 1, {
      filter: pb.filter('name = {:n}', { n: name }),
      requestKey: null,
    });
    if (found.items[0]) return { id: found.items[0].id, lastSeq: found.items[0].last_seq };
    const lastSeq = await initial();
    try {
      const row = await pb
        .collection('event_consumers')
        .create<{ id: string }>({ name, last_seq: lastSeq }, { requestKey: null });
      return { id: row.id, lastSeq };
    } catch {
      // another worker created it meanwhile
      const again = await pb
        .collection('event_consumers')
        .getFirstListItem<{ id: string; last_seq: number }>(pb.filter('name = {:n}', { n: name }), {
          requestKey: null,
        });
      return { id: again.id, lastSeq: again.last_seq };
    }
  }

  /** Several consumers' positions in one request (pb_hooks/domain_events.pb.js), one transaction. */
  async saveCheckpoints(items: Array<{ id: string; lastSeq: number; lastError?: string | undefined }>): Promise<void> {
    await this.pb.send('/api/spunta/events/checkpoints', {
      method: 'POST',
      body: {
        items: items.map((i) => ({
          id: i.id,
          last_seq: i.lastSeq,
          ...(i.lastError !== undefined ? { last_error: i.lastError.slice(0, 2000) } : {}),
        })),
      },
      requestKey: null,
    });
  }

  /** Deletes handled events older than `before` (epoch ms), in slices; answers how many. */
  async purge(before: number): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await this.pb.send<{ deleted: number }>('/api/spunta/events/purge', {
        method: 'POST',
        body: { before, limit: 5000 },
        requestKey: null,
      });
      total += r.deleted;
      if (r.deleted < 5000) return total;
    }
  }
}
