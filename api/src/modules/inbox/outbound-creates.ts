/**
 * The queued outbound messages of one writer task, written together: each message row, its
 * `message.created` event and its chat's preview, in one save-batch. A campaign sending in parallel (or a
 * team replying at once) costs one round-trip per batch instead of one per message; the writer's queue,
 * which inbound webhooks share, stays free. A repeated client id is refused by the unique index: the
 * batch then fails as a whole, the Coalescer writes its calls one by one, and the repeated one answers
 * with the message created the first time.
 */
import type { PocketBase } from '../../lib/pb.ts';
import { isUniqueViolation } from '../../lib/pb.ts';
import { rowsWhereAnyOf } from '../../lib/pb-any-of.ts';
import {
  orderedRecordId,
  pbDate,
  type ConversationRecord,
  type MessageRecord,
  type WaNumberRecord,
} from '../../lib/records.ts';
import { systemActor, userActor, type ActorRef } from '../../engine/events/domain-events.ts';
import type { InboxCache } from './inbox-cache.ts';
import type { Ingestor } from './ingest.ts';
import { WritePlan } from './write-plan.ts';

export interface OutboundDraft {
  conversationId?: string;
  newChat?: { number: WaNumberRecord; waId: string };
  type: string;
  payload: Record<string, unknown>;
  preview: string;
  clientId: string;
  senderId: string;
  replyTo?: string;
  purpose?: string;
  /** the campaign that sends it (shown on the contact's timeline) */
  campaign?: string;
  assignTo?: string;
  actor?: ActorRef;
  /** more fields of the row, set by the send checks (the messaging-limit scope) */
  extra?: Record<string, unknown>;
}

export interface CreatedOutbound {
  message: MessageRecord;
  created: boolean;
}

export interface OutboundCreateDeps {
  pb: PocketBase;
  cache: InboxCache;
  ingest: Ingestor;
  conversation(id: string): Promise<ConversationRecord>;
  commit(plan: WritePlan): Promise<void>;
}

export async function createOutboundAll(d: OutboundCreateDeps, inputs: OutboundDraft[]): Promise<CreatedOutbound[]> {
  const { pb, cache } = d;
  // what the batch refers to, in a few reads: the chats not cached, the contacts of new chats
  const missing = [...new Set(inputs.map((i) => (i.newChat ? '' : (i.conversationId ?? ''))))].filter(
    (id) => id && !cache.conversationsById.has(id),
  );
  for (const c of await rowsWhereAnyOf<ConversationRecord>(pb, 'conversations', 'id', missing))
    cache.putConversation(c);
  const byNumber = new Map<string, { number: WaNumberRecord; waIds: string[] }>();
  for (const i of inputs) {
    if (!i.newChat) continue;
    const e = byNumber.get(i.newChat.number.id) ?? { number: i.newChat.number, waIds: [] };
    e.waIds.push(i.newChat.waId);
    byNumber.set(e.number.id, e);
  }
  for (const { number, waIds } of byNumber.values()) {
    cache.putNumber(number);
    await d.ingest.prefetchContacts(number.id, waIds);
  }

  const plan = new WritePlan();
  const out: CreatedOutbound[] = [];
  const now = pbDate(Date.now());
  for (const input of inputs) {
    let conv: ConversationRecord;
    let isNew = false;
    if (input.newChat) {
      ({ draft: conv, isNew } = d.ingest.conversationFor(plan, input.newChat.number, input.newChat.waId));
    } else {
      const id = input.conversationId ?? '';
      const inPlan = plan.conversations.get(id);
      conv = inPlan?.draft ?? cache.conversationsById.get(id) ?? (await d.conversation(id));
      isNew = inPlan?.isNew ?? false;
    }
    const id = orderedRecordId();
    const data = {
      id,
      conversation: conv.id,
      direction: 'out' as const,
      type: input.type,
      payload: input.payload,
      preview: input.preview,
      client_id: input.clientId,
      status: 'queued' as const,
      timestamp: now,
      sender: input.senderId,
      reply_to: input.replyTo ?? '',
      media_status: 'none' as const,
      attempts: 0,
      ...(input.purpose ? { purpose: input.purpose } : {}),
      ...(input.campaign ? { campaign: input.campaign } : {}),
      ...input.extra,
    };
    plan.create('messages', data);
    const actor = input.actor ?? (input.senderId ? userActor(input.senderId) : systemActor(input.purpose || 'unknown'));
    plan.emit(
      'message.created',
      actor,
      { conversation: conv.id, contact: conv.contact, message: id },
      { type: input.type, preview: input.preview, purpose: input.purpose ?? '' },
    );
    const draft: ConversationRecord = {
      ...conv,
      last_message_at: now,
      last_message_preview: input.preview,
      last_message_direction: 'out',
      last_message_status: 'queued',
      last_message_id: id,
      ...(input.assignTo ? { assignee: input.assignTo, assigned_by: input.assignTo } : {}),
    };
    plan.conversations.set(draft.id, { draft, isNew });
    out.push({ message: queuedMessage(data, now), created: true });
  }
  // the chats as this batch leaves them (the last message of each wins)
  plan.onCommit(() => {
    for (const { draft } of plan.conversations.values()) cache.putConversation(draft);
  });
  try {
    await d.commit(plan);
  } catch (err) {
    const only = inputs.length === 1 ? inputs[0] : undefined;
    if (only?.clientId && isUniqueViolation(err)) {
      const again = await pb
        .collection('messages')
        .getFirstListItem<MessageRecord>(pb.filter('client_id = {:c}', { c: only.clientId }));
      return [{ message: again, created: false }];
    }
    throw err;
  }
  return out;
}

/** The row createOutbound has just written, as PocketBase would return it (no read-back needed). */
function queuedMessage(data: Record<string, unknown>, now: string): MessageRecord {
  return {
    collectionName: 'messages',
    created: now,
    updated: now,
    wamid: '',
    error_code: 0,
    error_title: '',
    error_details: '',
    sent_at: '',
    delivered_at: '',
    read_at: '',
    failed_at: '',
    context: null,
    reactions: null,
    media: '',
    sending_at: '',
    send_deadline: '',
    next_attempt_at: '',
    edited_at: '',
    edits: null,
    deleted_at: '',
    origin: '',
    billable: false,
    pricing_model: '',
    pricing_type: '',
    pricing_category: '',
    biz_opaque_callback_data: '',
    status_details: null,
    purpose: '',
    ...data,
  } as unknown as MessageRecord;
}
