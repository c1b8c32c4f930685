/**
 * Keeps the rollups current: a consumer of the domain events (checkpoint "analytics"). handle() only
 * buffers; afterBatch() reads the batch's messages and conversations in a few queries, turns the events
 * into facts (analytics-rules.ts), and writes every increment, the thread states and the lifecycle rows in
 * one transaction together with the last applied seq — so a batch handled twice (crash before the
 * checkpoint moved) is recognised by that seq and never counted twice.
 */
import type { Consumer } from '../../engine/events/consumers.ts';
import type { EventName, StoredEvent } from '../../engine/events/domain-events.ts';
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { parsePbDate } from '../../lib/records.ts';
import {
  applyFact,
  isFree,
  NOT_MESSAGES,
  MINUTE_MS,
  newThread,
  stagesBetween,
  templateCategory,
  type Fact,
  type ThreadState,
} from './analytics-rules.ts';
import type { BusinessCalendars } from './business-calendars.ts';
import { keyId, RollupBatch } from './rollup-batch.ts';

export const ANALYTICS_STATE = 'rollups';
const STATE_ID = keyId('analytics_state|rollups');
/** minute rows are kept this long (the minute chart covers the last days only) */
export const MINUTES_RETENTION_MS = 8 * 86_400_000;

export interface MessageRow {
  id: string;
  conversation: string;
  direction: 'in' | 'out';
  type: string;
  sender: string;
  purpose: string;
  timestamp: string;
  created: string;
  status: string;
  sent_at: string;
  delivered_at: string;
  read_at: string;
  billable: boolean;
  pricing_model: string;
  pricing_category: string;
}

/** The thread state plus what the consumer needs of the chat itself. */
export interface Thread extends ThreadState {
  contact: string;
}

const userOf = (actor: string) => (actor.startsWith('user:') ? actor.slice(5) : '');
/** the send path's purposes of a person answering (the others are automatic: system, consent, out_of_hours…) */
const BY_A_PERSON = new Set(['', 'reply', 'template']);
/** who wrote an outbound message, when it was a person */
export const agentOf = (m: Pick<MessageRow, 'sender' | 'purpose'>) =>
  m.sender && BY_A_PERSON.has(m.purpose ?? '') ? m.sender : '';
export const messageTime = (m: Pick<MessageRow, 'timestamp' | 'created'>) =>
  parsePbDate(m.timestamp) || parsePbDate(m.created);

/** Whole rows: `fields` would cost PocketBase a JSON round-trip per record (see pb-any-of.ts). */
async function byIds<T>(pb: PocketBase, collection: string, ids: string[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 80) {
    const chunk = ids.slice(i, i + 80);
    const filter = chunk.map((id, j) => pb.filter(`id = {:i${j}}`, { [`i${j}`]: id })).join(' || ');
    const res = await pb
      .collection(collection)
      .getList<T>(1, chunk.length, { filter, skipTotal: true, requestKey: null });
    out.push(...res.items);
  }
  return out;
}

export class AnalyticsConsumer implements Consumer {
  readonly name = 'analytics';
  readonly names: readonly EventName[] = [
    'message.received',
    'message.created',
    'message.status',
    'conversation.created',
    'conversation.reopened',
    'conversation.closed',
    'conversation.assigned',
  ];
  private buffer: StoredEvent[] = [];
  private appliedSeq: number | undefined;
  private readonly threads = new Map<string, Thread>();
  /** resolves after each applied batch (the bench measures lag with it) */
  onApplied: ((lastSeq: number, events: StoredEvent[]) => void) | undefined;

  constructor(private readonly deps: { pb: PocketBase; log: Logger; calendars: BusinessCalendars }) {}

  async handle(e: StoredEvent): Promise<void> {
    this.buffer.push(e);
  }

  async afterBatch(): Promise<void> {
    const events = this.buffer;
    this.buffer = [];
    if (this.appliedSeq === undefined) this.appliedSeq = await this.loadSeq();
    const fresh = events.filter((e) => e.seq > this.appliedSeq!);
    if (!fresh.length) return;
    try {
      await this.apply(fresh);
    } catch (err) {
      // the store's seq or our cached threads may be behind another writer (a rebuild): start clean
      this.appliedSeq = undefined;
      this.threads.clear();
      throw err;
    }
    this.onApplied?.(this.appliedSeq, fresh);
  }

  private async loadSeq(): Promise<number> {
    const { pb } = this.deps;
    const r = await pb.collection('analytics_state').getList<{ seq: number }>(1, 1, {
      filter: pb.filter('name = {:n}', { n: ANALYTICS_STATE }),
      requestKey: null,
    });
    return r.items[0]?.seq ?? 0;
  }

  private async apply(events: StoredEvent[]): Promise<void> {
    const { pb, calendars } = this.deps;
    const messageIds = [
      ...new Set(
        events.filter((e) => e.name === 'message.created' || e.name === 'message.status').map((e) => e.message ?? ''),
      ),
    ].filter(Boolean);
    const messages = new Map((await byIds<MessageRow>(pb, 'messages', messageIds)).map((m) => [m.id, m]));
    const convIds = [...new Set(events.map((e) => e.conversation ?? '').filter(Boolean))];
    const threads = await this.loadThreads(convIds);
    const batch = new RollupBatch();
    const numbers = new Set([...threads.values()].map((t) => t.number));
    for (const e of events) if (e.name === 'message.received') numbers.add((e.data as { waNumber: string }).waNumber);
    const businessMs = await calendars.businessMsFor([...numbers]);

    for (const e of events) {
      const t = e.conversation ? threads.get(e.conversation) : undefined;
      if (!t) continue; // a chat deleted since: nothing to count
      const fact = this.factOf(e, t, messages);
      if (!fact) continue;
      applyFact(t, fact, batch, businessMs);
      if (fact.k === 'open' || fact.k === 'close' || fact.k === 'assign')
        batch.lifecycle.push({
          id: e.id,
          conversation: fact.conv,
          wa_number: t.number,
          kind: fact.k,
          agent: fact.k === 'open' ? '' : fact.agent,
          at: fact.at,
        });
      batch.threads.set(fact.conv, t);
    }
    const lastSeq = events[events.length - 1]!.seq;
    const res = await pb.send<{ ok: boolean }>('/api/spunta/analytics/apply', {
      method: 'POST',
      body: batch.body(
        { name: ANALYTICS_STATE, stateId: STATE_ID, expect: this.appliedSeq, seq: lastSeq },
        { pruneMinutesBefore: Math.floor((Date.now() - MINUTES_RETENTION_MS) / MINUTE_MS) * MINUTE_MS },
      ),
      requestKey: null,
    });
    if (!res.ok) throw new Error('analytics: batch not applied');
    this.appliedSeq = lastSeq;
    for (const [id, t] of threads) this.threads.set(id, t);
    if (this.threads.size > 50_000) for (const id of [...this.threads.keys()].slice(0, 10_000)) this.threads.delete(id);
  }

  /** Copies of the threads (a failed write leaves the cache as it was), loaded or created as needed. */
  private async loadThreads(ids: string[]): Promise<Map<string, Thread>> {
    const { pb } = this.deps;
    const out = new Map<string, Thread>();
    const missing: string[] = [];
    for (const id of ids) {
      const t = this.threads.get(id);
      if (t) out.set(id, structuredClone(t));
      else missing.push(id);
    }
    if (missing.length) {
      for (const r of await byIds<{ id: string; state: Thread }>(pb, 'analytics_threads', missing))
        if (r.state) out.set(r.id, r.state);
      const unknown = missing.filter((id) => !out.has(id));
      for (const c of await byIds<{ id: string; wa_number: string; contact: string; assignee: string }>(
        pb,
        'conversations',
        unknown,
      ))
        out.set(c.id, { ...newThread(c.wa_number), contact: c.contact, assignee: c.assignee ?? '' });
    }
    return out;
  }

  private factOf(e: StoredEvent, t: Thread, messages: Map<string, MessageRow>): Fact | undefined {
    const conv = e.conversation!;
    const number = t.number;
    switch (e.name) {
      case 'message.received': {
        const d = e.data as StoredEvent<'message.received'>['data'];
        if (NOT_MESSAGES.has(d.type)) return undefined;
        return {
          k: 'in',
          at: d.sentAt,
          conv,
          number: d.waNumber || number,
          ...(d.type === 'reaction' ? { reaction: true } : {}),
        };
      }
      case 'message.created': {
        const m = messages.get(e.message ?? '');
        if (!m || m.direction !== 'out' || NOT_MESSAGES.has(m.type)) return undefined;
        return { k: 'out', at: messageTime(m), conv, number, agent: agentOf(m) };
      }
      case 'message.status': {
        const m = messages.get(e.message ?? '');
        if (!m || m.direction !== 'out' || NOT_MESSAGES.has(m.type)) return undefined;
        const d = e.data as StoredEvent<'message.status'>['data'];
        const stages = stagesBetween(d.from ?? 'queued', d.status);
        if (!stages.length) return undefined;
        return {
          k: 'status',
          at: messageTime(m),
          conv,
          number,
          agent: agentOf(m),
          contact: t.contact,
          stages,
          template: m.type === 'template',
          category: m.type === 'template' ? templateCategory(m.pricing_category) : null,
          free: isFree(m),
        };
      }
      case 'conversation.created':
      case 'conversation.reopened':
        // opened by a customer's message: the cycle opens at that message (the 'in' fact), as a rebuild sees it
        if (e.actor.startsWith('customer:')) return undefined;
        return { k: 'open', at: e.at, conv, number };
      case 'conversation.closed':
        return { k: 'close', at: e.at, conv, number, agent: userOf(e.actor) };
      case 'conversation.assigned': {
        const d = e.data as StoredEvent<'conversation.assigned'>['data'];
        return { k: 'assign', at: e.at, conv, number, agent: d.assignee ?? '' };
      }
      default:
        return undefined;
    }
  }
}
