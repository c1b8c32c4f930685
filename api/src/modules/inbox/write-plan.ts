/**
 * A set of writes that must land together. Executed as one PocketBase transaction (the save-batch
 * route in pb_hooks/), so a chunk of webhook events is either fully applied — messages, conversation
 * counters and the events' "processed" marks — or not at all.
 */
import type { PocketBase } from '../../lib/pb.ts';
import type { ContactRecord, ConversationRecord } from '../../lib/records.ts';
import type { MessageRef } from './inbox-cache.ts';
import {
  newEvent,
  type ActorRef,
  type EventData,
  type EventName,
  type EventRefs,
  type NewEvent,
} from '../../engine/events/domain-events.ts';
import { updateRecord } from '../../lib/record-update.ts';

export interface WriteOp {
  collection: string;
  action: 'create' | 'update' | 'delete';
  id?: string;
  data?: Record<string, unknown>;
}

export class WritePlan {
  readonly ops: WriteOp[] = [];
  /** run only after the batch committed: cache updates, bus events, media jobs */
  readonly afterCommit: Array<() => void> = [];
  /** conversation drafts changed by this plan, written once each at the end */
  readonly conversations = new Map<string, { draft: ConversationRecord; isNew: boolean }>();
  /**
   * Contacts and messages this plan creates or changes, by `${numberId}:${waId}` and by wamid: the cache
   * learns them only after the commit, and a delivery may hold several messages of one new sender (or a
   * reaction to a message of the same delivery) — they must find what the plan already holds.
   */
  readonly contacts = new Map<string, ContactRecord>();
  readonly messagesByWamid = new Map<string, MessageRef>();
  /** domain events committed with these writes (the outbox), numbered inside the transaction */
  readonly events: NewEvent[] = [];

  create(collection: string, data: Record<string, unknown>): void {
    this.ops.push({ collection, action: 'create', data });
  }
  update(collection: string, id: string, data: Record<string, unknown>): void {
    this.ops.push({ collection, action: 'update', id, data });
  }
  delete(collection: string, id: string): void {
    this.ops.push({ collection, action: 'delete', id });
  }
  onCommit(fn: () => void): void {
    this.afterCommit.push(fn);
  }
  emit<K extends EventName>(name: K, actor: ActorRef, refs: EventRefs, data: EventData[K], at?: number): void {
    this.events.push(newEvent(name, actor, refs, data, at));
  }

  get size(): number {
    return this.ops.length + this.conversations.size;
  }

  /**
   * With `base` (the chat as the writer last stored it), an update carries only the fields that changed: a
   * status tick is `last_message_status` alone, not the chat's seventeen columns (each checked and bound by
   * the save-batch hook), and a field changed meanwhile by someone else is never written back.
   */
  private conversationOps(base?: (id: string) => ConversationRecord | undefined): WriteOp[] {
    const out: WriteOp[] = [];
    for (const { draft, isNew } of this.conversations.values()) {
      const { created: _c, updated: _u, ...data } = draft;
      if (isNew) {
        out.push({ collection: 'conversations', action: 'create', data });
        continue;
      }
      const before = base?.(draft.id);
      const changed = before ? changedFields(before, data) : data;
      if (before && Object.keys(changed).length === 0) continue;
      out.push({ collection: 'conversations', action: 'update', id: draft.id, data: changed });
    }
    return out;
  }

  /** New conversations must exist before messages referencing them; updates can come last. */
  orderedOps(base?: (id: string) => ConversationRecord | undefined): WriteOp[] {
    const convOps = this.conversationOps(base);
    const creates = convOps.filter((o) => o.action === 'create');
    const updates = convOps.filter((o) => o.action === 'update');
    const contactCreates = this.ops.filter((o) => o.collection === 'contacts' && o.action === 'create');
    const rest = this.ops.filter((o) => !(o.collection === 'contacts' && o.action === 'create'));
    return [...contactCreates, ...creates, ...rest, ...updates];
  }

  /** Writes everything in one transaction; answers the last domain-event seq written (0: none). */
  async execute(
    pb: PocketBase,
    opts: { patch?: boolean; maxPerBatch?: number; base?: (id: string) => ConversationRecord | undefined } = {},
  ): Promise<number> {
    const maxPerBatch = opts.maxPerBatch ?? 2000;
    const ops = this.orderedOps(opts.base);
    if (ops.length === 0 && this.events.length === 0) return 0;
    if (ops.length + this.events.length > maxPerBatch * 2 || ops.length > maxPerBatch)
      throw new Error(`write plan too large (${ops.length} > ${maxPerBatch})`);
    if (ops.length === 1 && this.events.length === 0 && !opts.patch) {
      await runSingle(pb, ops[0]!);
      return 0;
    }
    // one transaction through pb_hooks/save_batch.pb.js: validated saves with realtime events, without
    // /api/batch's per-operation routing and response records; the domain events in the same transaction
    const res = await pb.send<{ seq: [number, number] | null }>('/api/spunta/save-batch', {
      method: 'POST',
      body: { ops, events: this.events, ...(opts.patch ? { patch: true } : {}) },
      requestKey: null,
    });
    return res.seq?.[1] ?? 0;
  }
}

async function runSingle(pb: PocketBase, op: WriteOp): Promise<void> {
  const col = pb.collection(op.collection);
  if (op.action === 'create') await col.create(op.data ?? {});
  else if (op.action === 'update') await updateRecord(pb, op.collection, op.id!, op.data ?? {});
  else await col.delete(op.id!);
}

/** The fields of `draft` whose value differs from `before`'s (values compared as JSON). */
function changedFields(before: ConversationRecord, draft: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const b = before as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(draft)) {
    const was = b[k];
    if (v === was) continue;
    if (v !== null && typeof v === 'object' && JSON.stringify(v) === JSON.stringify(was)) continue;
    out[k] = v;
  }
  return out;
}
