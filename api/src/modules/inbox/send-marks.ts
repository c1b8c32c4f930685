/**
 * The two writes of every send — "about to leave" before the Graph request and "Meta accepted it" after —
 * for many sends at once: one query per kind of read, one save-batch transaction for all the writes.
 * At a number's full rate these are most of the writer's tasks; done one by one they made the writer
 * queue (which inbound webhooks share) the ceiling of the send rate. The Coalescer groups the calls.
 */
import type { StatusUpdate } from '../channels/channel.types.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { rowsWhereAnyOf } from '../../lib/pb-any-of.ts';
import { pbDate, type ConversationRecord, type MessageRecord } from '../../lib/records.ts';
import type { InboxCache } from './inbox-cache.ts';
import { statusPatch } from './ingest.ts';
import { nextStatus } from './status-rules.ts';
import { WritePlan } from './write-plan.ts';
import { systemActor } from '../../engine/events/domain-events.ts';

export interface SendMarkDeps {
  pb: PocketBase;
  cache: InboxCache;
  commit: (plan: WritePlan) => Promise<void>;
}

export type SendingMark = { messageId: string; deadline?: number | undefined };
export type AcceptedMark = { messageId: string; wamid: string };

/** Stamps the sends as leaving: `sending_at`, one more attempt, and the retry deadline on the first. No reads. */
export async function markSendingAll(deps: SendMarkDeps, marks: SendingMark[]): Promise<void> {
  const plan = new WritePlan();
  const now = pbDate(Date.now());
  for (const { messageId, deadline } of marks) {
    plan.update('messages', messageId, {
      sending_at: now,
      'attempts+': 1,
      ...(deadline ? { send_deadline: pbDate(deadline) } : {}),
    });
  }
  // a single update goes out as a plain PATCH; several as one transaction
  await deps.commit(plan);
}

/** Records Meta's wamids, then applies the statuses that overtook the responses (parked by wamid). */
export async function markAcceptedAll(deps: SendMarkDeps, marks: AcceptedMark[]): Promise<void> {
  const { pb, cache } = deps;
  const ids = marks.map((m) => m.messageId);
  if (new Set(ids).size !== ids.length) throw new Error('markAccepted: a message twice in one batch');
  // independent reads at once: one round-trip of latency inside the queue
  const [msgs, parked] = await Promise.all([
    rowsWhereAnyOf<MessageRecord>(pb, 'messages', 'id', ids),
    rowsWhereAnyOf<{ id: string; wamid: string; update: StatusUpdate }>(
      pb,
      'pending_statuses',
      'wamid',
      marks.map((m) => m.wamid),
    ),
  ]);
  const byId = new Map(msgs.map((m) => [m.id, m]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing) throw new Error(`markAccepted: message ${missing} not found`);
  const convs = await conversations(
    deps,
    msgs.map((m) => m.conversation),
  );

  const plan = new WritePlan();
  const accepted: Array<{ mark: AcceptedMark; msg: MessageRecord; status: MessageRecord['status'] }> = [];
  for (const mark of marks) {
    const msg = byId.get(mark.messageId)!;
    let status = nextStatus(msg.status, 'sent') ?? msg.status;
    const patch: Record<string, unknown> = {
      wamid: mark.wamid,
      sending_at: '',
      next_attempt_at: '',
      error_code: 0,
      error_title: '',
      error_details: '',
      ...(status !== msg.status ? { status, sent_at: pbDate(Date.now()) } : {}),
    };
    const mine = parked.filter((p) => p.wamid === mark.wamid).sort((a, b) => a.update.timestamp - b.update.timestamp);
    for (const p of mine) {
      const next = nextStatus(status, p.update.status);
      if (next) {
        Object.assign(patch, statusPatch(next, p.update));
        status = next;
      }
    }
    plan.update('messages', msg.id, patch);
    for (const p of mine) plan.delete('pending_statuses', p.id);
    const conv = plan.conversations.get(msg.conversation)?.draft ?? convs.get(msg.conversation)!;
    if (conv.last_message_id === msg.id) {
      plan.conversations.set(conv.id, { draft: { ...conv, last_message_status: status }, isNew: false });
    }
    if (status !== msg.status)
      plan.emit(
        'message.status',
        systemActor('whatsapp'),
        { conversation: msg.conversation, message: msg.id },
        { status, from: msg.status },
      );
    accepted.push({ mark, msg, status });
  }
  await deps.commit(plan);
  for (const { draft } of plan.conversations.values()) cache.putConversation(draft);
  for (const { mark, msg, status } of accepted) {
    cache.messagesByWamid.set(mark.wamid, {
      id: msg.id,
      conversation: msg.conversation,
      status,
      direction: 'out',
      reactions: msg.reactions ?? [],
    });
  }
}

/** The chats, from the cache or (those it lacks) in one query; the cache learns them. */
async function conversations(deps: SendMarkDeps, ids: string[]): Promise<Map<string, ConversationRecord>> {
  const out = new Map<string, ConversationRecord>();
  const lacking = new Set<string>();
  for (const id of ids) {
    const c = deps.cache.conversationsById.get(id);
    if (c) out.set(id, c);
    else lacking.add(id);
  }
  if (lacking.size) {
    const rows = await rowsWhereAnyOf<ConversationRecord>(deps.pb, 'conversations', 'id', [...lacking]);
    for (const c of rows) {
      deps.cache.putConversation(c);
      out.set(c.id, c);
    }
  }
  const missing = ids.find((id) => !out.has(id));
  if (missing) throw new Error(`markAccepted: conversation ${missing} not found`);
  return out;
}
