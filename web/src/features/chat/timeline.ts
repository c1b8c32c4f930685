/**
 * What the chat shows, derived from the stored messages and the outbox: messages in time order with
 * day separators, outbound reaction rows folded into the bubble they react to, and optimistic
 * messages that the server has not confirmed yet at the end.
 */
import { pbTime } from '../../lib/pb.ts';
import type { Message, Reaction } from '../../lib/types.ts';
import { keyOfClientId, type OutboxItem } from '../composer/outbox.store.ts';

export type TimelineEntry =
  | { kind: 'day'; key: string; at: number }
  | { kind: 'msg'; key: string; message: Message; reactions: Reaction[]; pending?: OutboxItem };

/**
 * Time order. WhatsApp stamps inbound messages in whole seconds while our own sends carry
 * milliseconds, so within the same second the order of arrival (`created`) decides — otherwise a
 * quick customer reply would sort above the message it answers.
 */
export function compareMessages(a: Message, b: Message): number {
  const sa = a.timestamp.slice(0, 19);
  const sb = b.timestamp.slice(0, 19);
  if (sa !== sb) return sa < sb ? -1 : 1;
  const ca = a.created ?? a.timestamp;
  const cb = b.created ?? b.timestamp;
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const dayKey = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
};

/** The outbox item as a message-shaped record, so one bubble component renders both. */
export function pendingMessage(item: OutboxItem, me: string): Message {
  return {
    id: `pending-${item.key}`,
    conversation: item.conversationId,
    direction: 'out',
    type: item.type,
    payload: item.payload,
    preview: '',
    wamid: '',
    client_id: `${me}:${item.key}`,
    status: item.state === 'failed' ? 'failed' : 'queued',
    error_code: 0,
    error_title: item.error?.message ?? '',
    error_details: '',
    timestamp: new Date(item.createdAt).toISOString(),
    sender: me,
    reply_to: item.replyTo ?? '',
    context: null,
    reactions: null,
    media: '',
    media_status: 'none',
  };
}

export function buildTimeline(messages: Message[], outbox: OutboxItem[], me: string): TimelineEntry[] {
  const sorted = messages.slice().sort(compareMessages);
  const byWamid = new Map<string, Message>();
  for (const m of sorted) if (m.wamid) byWamid.set(m.wamid, m);

  // business reactions: the latest outbound reaction row per target wins ("" removes)
  const business = new Map<string, Reaction>();
  const customerLoose = new Map<string, Reaction>();
  const folded = new Set<string>();
  const fold = (
    m: Message,
    emojiOf: (p: Record<string, unknown>) => string,
    targetOf: (p: Record<string, unknown>) => string,
  ) => {
    const p = m.payload ?? {};
    const target = targetOf(p);
    if (!target || !byWamid.has(target)) return false;
    const map = m.direction === 'out' ? business : customerLoose;
    map.set(target, { by: m.direction === 'out' ? 'business' : 'customer', emoji: emojiOf(p), at: m.timestamp });
    folded.add(m.id);
    return true;
  };
  for (const m of sorted) {
    if (m.type !== 'reaction') continue;
    if (m.direction === 'out')
      fold(
        m,
        (p) => String(p.emoji ?? ''),
        (p) => String(p.message_id ?? ''),
      );
    else
      fold(
        m,
        (p) => String(p.emoji ?? ''),
        (p) => String(p.messageId ?? ''),
      );
  }
  const settled = new Set(messages.map((m) => (m.client_id ? keyOfClientId(m.client_id) : '')));
  for (const o of outbox) {
    if (o.type !== 'reaction' || settled.has(o.key)) continue;
    const target = String(o.payload.message_id ?? '');
    if (byWamid.has(target))
      business.set(target, {
        by: 'business',
        emoji: String(o.payload.emoji ?? ''),
        at: new Date(o.createdAt).toISOString(),
      });
  }

  const out: TimelineEntry[] = [];
  let lastDay = '';
  const push = (message: Message, pending?: OutboxItem) => {
    const at = pbTime(message.timestamp) || Date.now();
    const day = dayKey(at);
    if (day !== lastDay) {
      out.push({ kind: 'day', key: `day-${day}`, at });
      lastDay = day;
    }
    const stored = (message.reactions ?? []).filter((r) => r.emoji);
    const reactions: Reaction[] = stored.filter((r) => r.by === 'customer' || !business.has(message.wamid));
    const loose = customerLoose.get(message.wamid);
    if (loose && loose.emoji && !reactions.some((r) => r.by === 'customer')) reactions.push(loose);
    const biz = business.get(message.wamid);
    if (biz?.emoji) reactions.push(biz);
    out.push({ kind: 'msg', key: message.id, message, reactions, ...(pending ? { pending } : {}) });
  };
  for (const m of sorted) if (!folded.has(m.id) && !(m.type === 'reaction' && m.direction === 'out')) push(m);
  for (const o of outbox.slice().sort((a, b) => a.createdAt - b.createdAt)) {
    if (o.type === 'reaction' || settled.has(o.key)) continue;
    push(pendingMessage(o, me), o);
  }
  return out;
}
