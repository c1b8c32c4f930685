/**
 * Rebuilds the rollups from history: the messages table and the chats' lifecycle rows (opens, closes,
 * assignments — kept by the consumer beyond the domain events' retention), fed conversation by
 * conversation through the same reducer as the live consumer (analytics-rules.ts), so both count alike.
 * The stored seq becomes the outbox's head at the start: the live consumer goes on from there. Run it with
 * nothing writing (`npm run analytics:rebuild` starts PocketBase alone, with Spunta stopped); while traffic
 * flows, what happens during the rebuild could be counted by both.
 */
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { parsePbDate } from '../../lib/records.ts';
import { EventLog } from '../../engine/events/event-log.ts';
import {
  applyFact,
  isFree,
  NOT_MESSAGES,
  newThread,
  stagesReached,
  templateCategory,
  type Fact,
} from './analytics-rules.ts';
import { agentOf, ANALYTICS_STATE, messageTime, type MessageRow, type Thread } from './analytics.consumer.ts';
import type { BusinessCalendars } from './business-calendars.ts';
import { keyId, RollupBatch } from './rollup-batch.ts';

const ORDER: Record<Fact['k'], number> = { open: 0, in: 1, out: 2, status: 3, assign: 4, close: 5 };

interface HistoryPage {
  conversations: Array<{ id: string; wa_number: string; contact: string; assignee: string }>;
  messages: MessageRow[];
  lifecycle: Array<{ id: string; conversation: string; wa_number: string; kind: string; agent: string; at: number }>;
}

/** The facts of one conversation's history, in time order. */
export function historyFacts(
  conv: { id: string; wa_number: string; contact: string },
  messages: MessageRow[],
  lifecycle: HistoryPage['lifecycle'],
): Fact[] {
  // ordered as the live consumer saw them: by when they were stored (WhatsApp's timestamps have whole
  // seconds: a message written in the second a chat was closed would otherwise come before the close)
  const facts: Array<{ f: Fact; key: number }> = [];
  const number = conv.wa_number;
  for (const m of messages) {
    if (NOT_MESSAGES.has(m.type)) continue;
    const at = messageTime(m);
    const key = parsePbDate(m.created) || at;
    if (m.direction === 'in') {
      facts.push({
        f: { k: 'in', at, conv: conv.id, number, ...(m.type === 'reaction' ? { reaction: true } : {}) },
        key,
      });
      continue;
    }
    const agent = agentOf(m);
    facts.push({ f: { k: 'out', at, conv: conv.id, number, agent }, key });
    const stages = stagesReached(m);
    if (stages.length)
      facts.push({
        f: {
          k: 'status',
          at,
          conv: conv.id,
          number,
          agent,
          contact: conv.contact,
          stages,
          template: m.type === 'template',
          category: m.type === 'template' ? templateCategory(m.pricing_category) : null,
          free: isFree(m),
        },
        key,
      });
  }
  for (const l of lifecycle) {
    const key = l.at;
    if (l.kind === 'open') facts.push({ f: { k: 'open', at: l.at, conv: conv.id, number }, key });
    else if (l.kind === 'close')
      facts.push({ f: { k: 'close', at: l.at, conv: conv.id, number, agent: l.agent }, key });
    else if (l.kind === 'assign')
      facts.push({ f: { k: 'assign', at: l.at, conv: conv.id, number, agent: l.agent }, key });
  }
  // stable: same-instant facts keep their kind order, messages their stored order
  return facts
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => a.key - b.key || ORDER[a.f.k] - ORDER[b.f.k] || a.i - b.i)
    .map((x) => x.f);
}

export async function rebuildAnalytics(deps: {
  pb: PocketBase;
  calendars: BusinessCalendars;
  log?: Logger;
  pageSize?: number;
}): Promise<{ conversations: number; messages: number; ms: number; seq: number }> {
  const { pb, calendars } = deps;
  const started = Date.now();
  const head = await new EventLog(pb).lastSeq();
  const apply = (batch: RollupBatch, reset: boolean) =>
    pb.send('/api/spunta/analytics/apply', {
      method: 'POST',
      body: batch.body({
        name: ANALYTICS_STATE,
        stateId: keyId('analytics_state|rollups'),
        expect: head,
        seq: head,
        reset,
        keepLifecycle: true,
      }),
      requestKey: null,
    });
  await apply(new RollupBatch(), true);
  const numbers = (await pb.collection('wa_numbers').getFullList<{ id: string }>({ fields: 'id' })).map((n) => n.id);
  const businessMs = await calendars.businessMsFor(numbers);
  let after = '';
  let conversations = 0;
  let messages = 0;
  let batch = new RollupBatch();
  const spent = { read: 0, count: 0, write: 0 };
  let mark = Date.now();
  const lap = (k: keyof typeof spent) => {
    const t = Date.now();
    spent[k] += t - mark;
    mark = t;
  };
  for (;;) {
    lap('count');
    const page = await pb.send<HistoryPage>('/api/spunta/analytics/history', {
      method: 'POST',
      body: { after, limit: deps.pageSize ?? 500 },
      requestKey: null,
    });
    lap('read');
    if (!page.conversations.length) break;
    const msgs = groupBy(page.messages, (m) => m.conversation);
    const life = groupBy(page.lifecycle, (l) => l.conversation);
    for (const c of page.conversations) {
      const t: Thread = { ...newThread(c.wa_number), contact: c.contact };
      for (const f of historyFacts(c, msgs.get(c.id) ?? [], life.get(c.id) ?? [])) applyFact(t, f, batch, businessMs);
      batch.threads.set(c.id, t);
    }
    conversations += page.conversations.length;
    messages += page.messages.length;
    after = page.conversations[page.conversations.length - 1]!.id;
    if (batch.size > 20_000) {
      lap('count');
      await apply(batch, false);
      lap('write');
      batch = new RollupBatch();
    }
  }
  lap('count');
  await apply(batch, false);
  lap('write');
  const ms = Date.now() - started;
  deps.log?.info('analytics rebuilt', { conversations, messages, ms, seq: head, spentMs: spent });
  return { conversations, messages, ms, seq: head };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
