/**
 * Turns parsed webhook updates into a WritePlan: contacts and conversations found or created, inbound
 * messages stored once (wamid de-duplication), reactions applied to their target, statuses applied
 * monotonically or parked until their wamid is known.
 */
import type { InboundMessage, StatusUpdate, WebhookUpdate } from '../channels/channel.types.ts';
import { applyChange, asStandalone, echoRow, loadChangeTargets, type ChangeTarget } from './ingest-changes.ts';
import { EarlyEdits, mergeEarlyEdits, type EarlyEdit } from './ingest-early-edits.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { rowsWhereAnyOf } from '../../lib/pb-any-of.ts';
import {
  newRecordId,
  orderedRecordId,
  parsePbDate,
  pbDate,
  type ContactRecord,
  type ConversationRecord,
  type WaNumberRecord,
} from '../../lib/records.ts';
import type { InboxCache, MessageRef } from './inbox-cache.ts';
import { nextStatus } from './status-rules.ts';
import { statusDetailsPatch } from './status-details.ts';
import type { WritePlan } from './write-plan.ts';
import type { EventBus } from '../../../../realtime/src/event-bus.ts';
import { customerActor, systemActor, type ActorRef } from '../../engine/events/domain-events.ts';

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);
/** Meta's customer-service window: 24 hours after the customer's last message */
export const SERVICE_WINDOW_MS = 24 * 60 * 60_000;

export interface MediaJob {
  messageId: string;
  mediaId: string;
  mimeType: string;
  type: string;
  filename?: string;
  /** the number that received it: its app's token reads the media */
  phoneNumberId?: string;
}

export interface IngestDeps {
  pb: PocketBase;
  cache: InboxCache;
  /** not used for domain events any more (they are written with the plan); kept for other notices */
  bus?: EventBus;
  onMedia: (job: MediaJob) => void;
}

export function conversationTitle(
  contact: Pick<ContactRecord, 'name' | 'profile_name' | 'phone' | 'username' | 'user_id'>,
): string {
  return contact.name || contact.profile_name || contact.phone || contact.username || contact.user_id || '';
}

/** Cache-key prefix of a business-scoped user id; wa_ids are digits, so the two never collide. */
export const BSUID_KEY = 'bsuid:';

export interface SenderIds {
  userId?: string | undefined;
  parentUserId?: string | undefined;
  username?: string | undefined;
}

/** The keys a sender may be known by (phone and/or BSUID), for prefetchContacts. */
export function senderKeys(m: Pick<InboundMessage, 'from' | 'fromUserId'>): string[] {
  return [m.from, m.fromUserId ? `${BSUID_KEY}${m.fromUserId}` : ''].filter(Boolean);
}

function cacheContact(cache: InboxCache, c: ContactRecord): void {
  if (c.wa_id) cache.contacts.set(`${c.wa_number}:${c.wa_id}`, c);
  if (c.user_id) cache.contacts.set(`${c.wa_number}:${BSUID_KEY}${c.user_id}`, c);
}

/** What this message tells us that the contact row does not know yet. */
function identityPatch(
  c: ContactRecord,
  waId: string,
  profileName: string | undefined,
  ids: SenderIds,
): Partial<ContactRecord> {
  const patch: Partial<ContactRecord> = {};
  if (profileName && profileName !== c.profile_name) patch.profile_name = profileName;
  // BSUIDs are stable per portfolio but regenerated when the user changes number: the newest wins.
  if (ids.userId && ids.userId !== c.user_id) patch.user_id = ids.userId;
  if (ids.parentUserId && ids.parentUserId !== c.parent_user_id) patch.parent_user_id = ids.parentUserId;
  if (ids.username && ids.username !== c.username) patch.username = ids.username;
  if (waId && !c.wa_id && !c.phone) {
    patch.wa_id = waId;
    patch.phone = `+${waId}`;
  }
  return patch;
}

export class Ingestor {
  /** rows that this chunk's edits and revokes apply to (loaded per chunk by prefetchChangeTargets) */
  private targets = new Map<string, ChangeTarget>();
  /** edits stored before their original, by the original's wamid */
  private readonly early = new EarlyEdits();

  constructor(private readonly deps: IngestDeps) {}

  async prefetchChangeTargets(updates: WebhookUpdate[]): Promise<void> {
    this.targets = await loadChangeTargets(this.deps.pb, updates);
    await this.early.prefetch(this.deps.pb, updates);
  }

  async number(phoneNumberId: string): Promise<WaNumberRecord | undefined> {
    const { cache, pb } = this.deps;
    let n = cache.numbersByPnid.get(phoneNumberId);
    if (!n) {
      const list = await pb
        .collection('wa_numbers')
        .getFullList<WaNumberRecord>({ filter: pb.filter('phone_number_id = {:p}', { p: phoneNumberId }) });
      if (list[0]) cache.putNumber(list[0]);
      n = list[0];
    }
    return n;
  }

  /** Loads into the cache every message (by wamid) this chunk refers to and is not cached yet. */
  async prefetchMessages(wamids: string[]): Promise<void> {
    const { cache, pb } = this.deps;
    const missing = [...new Set(wamids.filter((w) => w && !cache.messagesByWamid.has(w)))];
    if (!missing.length) return;
    const rows = await rowsWhereAnyOf<{
      id: string;
      wamid: string;
      conversation: string;
      status: MessageRef['status'];
      direction: 'in' | 'out';
      reactions: MessageRef['reactions'] | null;
      status_details?: Record<string, unknown> | null;
    }>(pb, 'messages', 'wamid', missing);
    for (const r of rows) {
      cache.messagesByWamid.set(r.wamid, {
        id: r.id,
        conversation: r.conversation,
        status: r.status,
        direction: r.direction,
        reactions: r.reactions ?? [],
        details: r.status_details ?? null,
      });
    }
  }

  /**
   * Our own messages named by biz_opaque_callback_data in statuses whose wamid is not known: a send
   * interrupted by a crash (or whose answer was lost) learns its wamid from its first status.
   */
  async prefetchCallbacks(statuses: StatusUpdate[]): Promise<Map<string, MessageRef & { wamid: string }>> {
    const { cache, pb } = this.deps;
    const ids = [
      ...new Set(
        statuses
          .filter(
            (s) =>
              s.biz_opaque_callback_data &&
              /^[a-z0-9]{15}$/.test(s.biz_opaque_callback_data) &&
              !cache.messagesByWamid.has(s.wamid),
          )
          .map((s) => s.biz_opaque_callback_data!),
      ),
    ];
    const out = new Map<string, MessageRef & { wamid: string }>();
    if (!ids.length) return out;
    const rows = await rowsWhereAnyOf<{
      id: string;
      wamid: string;
      conversation: string;
      status: MessageRef['status'];
      direction: 'in' | 'out';
      reactions: MessageRef['reactions'] | null;
    }>(pb, 'messages', 'id', ids, {
      extra: "direction = 'out'",
    });
    for (const r of rows)
      out.set(r.id, {
        id: r.id,
        wamid: r.wamid,
        conversation: r.conversation,
        status: r.status,
        direction: r.direction,
        reactions: r.reactions ?? [],
      });
    return out;
  }

  /**
   * Loads contacts and their conversations for the senders in this chunk. Keys are wa_ids, or
   * `bsuid:<user id>` for business-scoped user ids (see senderKeys), so a customer is found by either.
   */
  async prefetchContacts(numberId: string, keys: string[]): Promise<void> {
    const { cache, pb } = this.deps;
    const missing = [...new Set(keys.filter((k) => k && !cache.contacts.has(`${numberId}:${k}`)))];
    if (!missing.length) return;
    const waIds = missing.filter((k) => !k.startsWith(BSUID_KEY));
    const userIds = missing.filter((k) => k.startsWith(BSUID_KEY)).map((k) => k.slice(BSUID_KEY.length));
    const scope = pb.filter('wa_number = {:n}', { n: numberId });
    const contacts = [
      ...(await rowsWhereAnyOf<ContactRecord>(pb, 'contacts', 'wa_id', waIds, { extra: scope })),
      ...(await rowsWhereAnyOf<ContactRecord>(pb, 'contacts', 'user_id', userIds, { extra: scope })),
    ];
    for (const c of contacts) cacheContact(cache, c);
    const needConv = [...new Set(contacts.filter((c) => !cache.conversationsByContact.has(c.id)).map((c) => c.id))];
    if (!needConv.length) return;
    const convs = await rowsWhereAnyOf<ConversationRecord>(pb, 'conversations', 'contact', needConv);
    for (const c of convs) cache.putConversation(c);
  }

  /**
   * The conversation for (number, customer), created in the plan when new. Drafts are shared within a
   * plan so several messages of one chunk update the same row once.
   */
  conversationFor(
    plan: WritePlan,
    number: WaNumberRecord,
    waId: string,
    profileName?: string,
    ids: SenderIds = {},
    actor: ActorRef = customerActor(waId || ids.userId || ''),
  ): { draft: ConversationRecord; contact: ContactRecord; isNew: boolean } {
    const { cache } = this.deps;
    const phoneKey = waId ? `${number.id}:${waId}` : '';
    const userKey = ids.userId ? `${number.id}:${BSUID_KEY}${ids.userId}` : '';
    // contacts this plan already created or changed come first: a new sender's second message must not create them twice
    const byPhone = phoneKey ? (plan.contacts.get(phoneKey) ?? cache.contacts.get(phoneKey)) : undefined;
    const byUser = userKey ? (plan.contacts.get(userKey) ?? cache.contacts.get(userKey)) : undefined;
    let contact = byPhone ?? byUser;
    const remember = (c: ContactRecord) => {
      if (phoneKey) plan.contacts.set(phoneKey, c);
      if (userKey) plan.contacts.set(userKey, c);
    };
    const now = pbDate(Date.now());
    if (!contact) {
      contact = {
        id: newRecordId(),
        wa_number: number.id,
        phone: waId ? `+${waId}` : '',
        wa_id: waId,
        profile_name: profileName ?? '',
        name: '',
        language: '',
        notes: '',
        created: now,
        updated: now,
        user_id: ids.userId ?? '',
        parent_user_id: ids.parentUserId ?? '',
        username: ids.username ?? '',
      };
      const c = contact;
      plan.create('contacts', {
        id: c.id,
        wa_number: c.wa_number,
        phone: c.phone,
        wa_id: c.wa_id,
        profile_name: c.profile_name,
        user_id: c.user_id,
        parent_user_id: c.parent_user_id,
        username: c.username,
      });
      remember(c);
      plan.emit('contact.created', actor, { contact: c.id }, { method: 'whatsapp' });
      plan.onCommit(() => cacheContact(cache, c));
    } else {
      // Two rows for one person (phone row and BSUID row, both older than this message): the phone row wins
      // and the BSUID stays where it is rather than break the unique key.
      const patch = identityPatch(
        contact,
        waId,
        profileName,
        byPhone && byUser && byPhone.id !== byUser.id ? { ...ids, userId: undefined } : ids,
      );
      if (Object.keys(patch).length) {
        const updated = { ...contact, ...patch };
        plan.update('contacts', contact.id, patch);
        plan.emit('contact.updated', actor, { contact: contact.id }, { fields: Object.keys(patch) });
        remember(updated);
        plan.onCommit(() => cacheContact(cache, updated));
        contact = updated;
      }
    }
    const existing = [...plan.conversations.values()].find((d) => d.draft.contact === contact!.id);
    if (existing) return { draft: existing.draft, contact, isNew: existing.isNew };
    const cached = cache.conversationsByContact.get(contact.id);
    const isNew = !cached;
    const draft: ConversationRecord = cached
      ? { ...cached }
      : {
          id: newRecordId(),
          wa_number: number.id,
          contact: contact.id,
          assignee: '',
          status: 'open',
          unread_count: 0,
          contact_name: '',
          contact_phone: contact.phone,
          contact_user_id: '',
          contact_username: '',
          last_message_preview: '',
          last_message_at: '',
          last_message_direction: '',
          last_message_status: '',
          last_message_id: '',
          last_inbound_at: '',
          created: now,
          updated: now,
        };
    draft.contact_name = conversationTitle(contact);
    // a username-only customer may later share a phone (and a phone contact gain a BSUID): follow both
    draft.contact_phone = contact.phone;
    draft.contact_user_id = contact.user_id ?? '';
    draft.contact_username = contact.username ?? '';
    plan.conversations.set(draft.id, { draft, isNew });
    if (isNew)
      plan.emit(
        'conversation.created',
        actor,
        { conversation: draft.id, contact: contact.id },
        { waNumber: number.id },
      );
    plan.onCommit(() => cache.putConversation(draft));
    return { draft, contact, isNew };
  }

  /** Adds an inbound message (or reaction) to the plan. Returns false when it is a duplicate. */
  inbound(plan: WritePlan, number: WaNumberRecord, m: InboundMessage, seenInPlan: Set<string>): boolean {
    const { cache, onMedia } = this.deps;
    if (seenInPlan.has(m.wamid) || cache.messagesByWamid.has(m.wamid)) return false;
    seenInPlan.add(m.wamid);
    if (m.type === 'edit' || m.type === 'revoke') {
      const r = applyChange({ cache, plan, targets: this.targets }, m);
      if (r !== 'no_target') return r === 'applied';
      m = asStandalone(m);
    }
    if (m.echo) return this.echo(plan, number, m);
    const { draft, contact, isNew } = this.conversationFor(plan, number, m.from, m.profileName, {
      userId: m.fromUserId,
      parentUserId: m.fromParentUserId,
      username: m.username,
    });
    const ts = m.timestamp * 1000;
    const at = pbDate(ts);
    const prevInbound = parsePbDate(draft.last_inbound_at);
    const actor = customerActor(m.from || m.fromUserId || '');
    // a new customer-service window opens with the first message after 24 hours of silence
    if (!prevInbound || ts - prevInbound >= SERVICE_WINDOW_MS) draft.window_opened_at = at;
    else if (!draft.window_opened_at) draft.window_opened_at = draft.last_inbound_at; // chats older than the field
    if (ts > prevInbound) draft.last_inbound_at = at;
    if (draft.status === 'closed' && !isNew)
      plan.emit('conversation.reopened', actor, { conversation: draft.id, contact: contact.id }, {});
    draft.status = 'open';

    if (m.type === 'reaction') {
      const targetWamid = String(m.payload.messageId ?? '');
      const target = plan.messagesByWamid.get(targetWamid) ?? cache.messagesByWamid.get(targetWamid);
      if (target) {
        const emoji = String(m.payload.emoji ?? '');
        const reactions = target.reactions.filter((r) => r.by !== 'customer');
        if (emoji) reactions.push({ by: 'customer', emoji, at });
        plan.update('messages', target.id, { reactions });
        plan.onCommit(() => {
          target.reactions = reactions;
          cache.messagesByWamid.set(m.wamid, { ...target, id: target.id });
        });
        if (ts + 999 >= parsePbDate(draft.last_message_at)) draft.last_message_preview = m.preview;
        return true;
      }
      // Unknown target (e.g. a message sent from another app): keep it as its own row so nothing is lost.
    }

    const id = orderedRecordId();
    const editOf = typeof m.context?.editOf === 'string' ? m.context.editOf : '';
    const handle = editOf ? { merged: false } : undefined;
    const merged = this.mergeEarly(plan, draft, m, id, at);
    const shown = merged ?? { type: m.type, payload: m.payload, preview: m.preview };
    // media Meta itself could not fetch from the sender carries `errors`: nothing to download, shown as failed
    const failedAtMeta = Array.isArray(m.payload.errors) && m.payload.errors.length > 0;
    const mediaId = (m.payload.media as { id?: unknown } | undefined)?.id;
    const isMedia = MEDIA_TYPES.has(m.type) && typeof mediaId === 'string' && mediaId !== '' && !failedAtMeta;
    plan.create('messages', {
      id,
      conversation: draft.id,
      direction: 'in',
      type: shown.type,
      payload: shown.payload,
      preview: shown.preview,
      wamid: m.wamid,
      status: 'received',
      timestamp: at,
      reply_to: m.context?.replyTo ?? '',
      ...(merged ? { edited_at: merged.edited_at, edits: merged.edits } : {}),
      ...(editOf ? { edit_of: editOf } : {}),
      context:
        m.context || m.referral ? { ...(m.context ?? {}), ...(m.referral ? { referral: m.referral } : {}) } : null,
      media_status: isMedia ? 'pending' : MEDIA_TYPES.has(m.type) && failedAtMeta ? 'failed' : 'none',
    });
    // WhatsApp timestamps are whole seconds and ours carry milliseconds: a reply within the same second
    // as our last message is newer, not older.
    if (ts + 999 >= parsePbDate(draft.last_message_at)) {
      draft.last_message_at = ts >= parsePbDate(draft.last_message_at) ? at : draft.last_message_at;
      draft.last_message_preview = shown.preview;
      draft.last_message_direction = 'in';
      draft.last_message_status = 'received';
      draft.last_message_id = id;
    }
    draft.unread_count = (draft.unread_count || 0) + 1;
    const ref: MessageRef = { id, conversation: draft.id, status: 'received', direction: 'in', reactions: [] };
    plan.messagesByWamid.set(m.wamid, ref);
    if (editOf)
      this.early.remember({
        id,
        wamid: m.wamid,
        edit_of: editOf,
        conversation: draft.id,
        type: m.type,
        payload: m.payload,
        preview: m.preview,
        timestamp: at,
        handle: handle!,
      });
    // a later edit in this same delivery applies to this row (it is not in the store yet)
    else if (!this.targets.has(m.wamid)) {
      this.targets.set(m.wamid, {
        id,
        wamid: m.wamid,
        conversation: draft.id,
        type: shown.type,
        payload: shown.payload,
        preview: shown.preview,
        timestamp: at,
        edited_at: merged?.edited_at ?? '',
        deleted_at: '',
        edits: merged?.edits ?? null,
      });
    }
    plan.emit(
      'message.received',
      actor,
      { conversation: draft.id, contact: contact.id, message: id },
      {
        type: m.type,
        preview: shown.preview,
        newConversation: isNew,
        sentAt: ts,
        windowOpenedAt: parsePbDate(draft.window_opened_at) || ts,
        assignee: draft.assignee ?? '',
        title: draft.contact_name || draft.contact_phone || draft.contact_username || '',
        waNumber: number.id,
      },
      ts,
    );
    plan.onCommit(() => {
      if (handle?.merged) return; // merged into its original in this same delivery: the row is gone
      cache.messagesByWamid.set(m.wamid, ref);
      if (isMedia) {
        const media = m.payload.media as { id: string; mimeType: string; filename?: string };
        onMedia({
          messageId: id,
          mediaId: media.id,
          mimeType: media.mimeType,
          type: m.type,
          phoneNumberId: m.phoneNumberId,
          ...(media.filename ? { filename: media.filename } : {}),
        });
      }
    });
    return true;
  }

  /**
   * Edits of this message that arrived before it: applied to it (see ingest-early-edits.ts), their rows
   * removed, and the chat's last message and unread count no longer count them.
   */
  private mergeEarly(plan: WritePlan, draft: ConversationRecord, m: InboundMessage, id: string, at: string) {
    const pending: EarlyEdit[] = this.early.take(m.wamid);
    if (!pending.length) return undefined;
    const merged = mergeEarlyEdits({ type: m.type, payload: m.payload, preview: m.preview, timestamp: at }, pending);
    for (const e of pending) {
      plan.delete('messages', e.id);
      plan.messagesByWamid.delete(e.wamid);
      if (e.handle) e.handle.merged = true;
      else plan.onCommit(() => this.deps.cache.messagesByWamid.delete(e.wamid));
      if (e.conversation !== draft.id) continue;
      if (draft.unread_count > 0) draft.unread_count -= 1;
      if (draft.last_message_id === e.id) {
        draft.last_message_id = id;
        draft.last_message_preview = merged.preview;
      }
    }
    return merged;
  }

  /** A message the business wrote in the WhatsApp Business app on this number: outbound, from "WhatsApp app". */
  private echo(plan: WritePlan, number: WaNumberRecord, m: InboundMessage): boolean {
    const { cache, onMedia } = this.deps;
    const app = systemActor('whatsapp_app');
    const { draft, contact } = this.conversationFor(
      plan,
      number,
      m.from,
      undefined,
      { userId: m.fromUserId, parentUserId: m.fromParentUserId },
      app,
    );
    const row = echoRow(m, draft.id);
    plan.create('messages', row.data);
    plan.emit(
      'message.created',
      app,
      { conversation: draft.id, contact: contact.id, message: row.id },
      { type: m.type, preview: m.preview, purpose: '' },
      m.timestamp * 1000,
    );
    const ts = m.timestamp * 1000;
    if (ts + 999 >= parsePbDate(draft.last_message_at)) {
      draft.last_message_at = ts >= parsePbDate(draft.last_message_at) ? pbDate(ts) : draft.last_message_at;
      draft.last_message_preview = m.preview;
      draft.last_message_direction = 'out';
      draft.last_message_status = 'sent';
      draft.last_message_id = row.id;
    }
    plan.onCommit(() => {
      cache.messagesByWamid.set(m.wamid, {
        id: row.id,
        conversation: draft.id,
        status: 'sent',
        direction: 'out',
        reactions: [],
      });
      if (row.isMedia) {
        const media = m.payload.media as { id: string; mimeType: string; filename?: string };
        onMedia({
          messageId: row.id,
          mediaId: media.id,
          mimeType: media.mimeType,
          type: m.type,
          phoneNumberId: m.phoneNumberId,
          ...(media.filename ? { filename: media.filename } : {}),
        });
      }
    });
    return true;
  }

  /**
   * Applies a status to a known message — known by wamid, or by our own id echoed in
   * biz_opaque_callback_data (then the message also gets its wamid) — or parks it in pending_statuses.
   */
  status(
    plan: WritePlan,
    s: StatusUpdate,
    pendingInPlan: Map<string, MessageRef>,
    byCallback = new Map<string, MessageRef & { wamid: string }>(),
  ): void {
    const { cache } = this.deps;
    let ref = pendingInPlan.get(s.wamid) ?? cache.messagesByWamid.get(s.wamid);
    let claimed = false;
    if (!ref && s.biz_opaque_callback_data) {
      const c = byCallback.get(s.biz_opaque_callback_data);
      // a message that already has another wamid was sent twice: this status is not about the row's copy
      if (c && (!c.wamid || c.wamid === s.wamid)) {
        c.wamid = s.wamid;
        ref = c;
        claimed = true;
      }
    }
    if (!ref) {
      plan.create('pending_statuses', { wamid: s.wamid, update: s });
      return;
    }
    const claim = claimed ? { wamid: s.wamid, sending_at: '', next_attempt_at: '' } : {};
    const next = nextStatus(ref.status, s.status);
    const details = statusDetailsPatch(s, ref.details);
    const withDetails: MessageRef = details?.status_details
      ? { ...ref, details: details.status_details as Record<string, unknown> }
      : ref;
    if (!next) {
      // an overtaken status moves nothing forward, but what it says about pricing and the recipient is
      // kept, and a claimed message learns its wamid
      if (details || claimed) {
        pendingInPlan.set(s.wamid, withDetails);
        plan.update('messages', ref.id, { ...details, ...claim });
        plan.onCommit(() => cache.messagesByWamid.set(s.wamid, withDetails));
      }
      return;
    }
    const updated: MessageRef = { ...withDetails, status: next };
    pendingInPlan.set(s.wamid, updated);
    plan.update('messages', ref.id, { ...statusPatch(next, s), ...details, ...claim });
    const conv = plan.conversations.get(ref.conversation)?.draft ?? cache.conversationsById.get(ref.conversation);
    if (conv && conv.last_message_id === ref.id) {
      const draft = { ...conv, last_message_status: next };
      plan.conversations.set(draft.id, { draft, isNew: plan.conversations.get(draft.id)?.isNew ?? false });
      plan.onCommit(() => cache.putConversation(draft));
    }
    plan.emit(
      'message.status',
      systemActor('whatsapp'),
      { conversation: ref.conversation, message: ref.id },
      {
        status: next,
        from: ref.status,
        ...(s.errors[0] ? { errorCode: s.errors[0].code } : {}),
      },
      s.timestamp * 1000,
    );
    plan.onCommit(() => cache.messagesByWamid.set(s.wamid, updated));
  }
}

export function statusPatch(
  next: string,
  s: Pick<StatusUpdate, 'timestamp' | 'errors'> & Partial<StatusUpdate>,
): Record<string, unknown> {
  const at = pbDate(s.timestamp * 1000);
  const patch: Record<string, unknown> = { status: next };
  if (next === 'sent') patch.sent_at = at;
  if (next === 'delivered') patch.delivered_at = at;
  if (next === 'read') patch.read_at = at;
  if (next === 'failed') {
    const e = s.errors[0];
    patch.failed_at = at;
    patch.error_code = e?.code ?? 0;
    patch.error_title = e?.title ?? 'Failed';
    patch.error_details = e?.details ?? e?.message ?? '';
  }
  // parked statuses applied on markAccepted carry their pricing and recipient details too
  return { ...patch, ...statusDetailsPatch(s) };
}
