/**
 * Messages that change other messages, and messages written elsewhere on our number:
 * - `edit`: the customer (or the business, in the WhatsApp Business app) edited an earlier message. The
 *   original row takes the new version; the versions it replaced are kept in `edits`, oldest first.
 * - `revoke`: deleted for everyone. The row is marked `deleted_at` and shows "This message was deleted";
 *   what it said stays in the row (it was received and may already have been acted upon), out of previews.
 * - echoes (smb_message_echoes): the business wrote from the WhatsApp Business app on the same number;
 *   stored as an outbound message with origin `whatsapp_app`.
 * Applying is idempotent (Meta redelivers): an edit is recognised by its own wamid in `edits`, a revoke
 * by `deleted_at`, an echo by its wamid like any message.
 */
import type { InboundMessage, WebhookUpdate } from '../channels/channel.types.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { rowsWhereAnyOf } from '../../lib/pb-any-of.ts';
import {
  orderedRecordId,
  parsePbDate,
  pbDate,
  type ConversationRecord,
  type MessageVersion,
} from '../../lib/records.ts';
import type { InboxCache } from './inbox-cache.ts';
import type { WritePlan } from './write-plan.ts';

export const REVOKED_PREVIEW = '🚫 This message was deleted';
const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** The row an edit or revoke applies to, with what it needs to keep history. */
export interface ChangeTarget {
  id: string;
  wamid: string;
  conversation: string;
  type: string;
  payload: Record<string, unknown>;
  preview: string;
  timestamp: string;
  edited_at: string;
  deleted_at: string;
  edits: MessageVersion[] | null;
}

/** The wamid a message update refers to (reaction, edit, revoke), so the writer can load its target. */
export function referencedWamid(u: WebhookUpdate): string | undefined {
  if (u.kind !== 'message') return undefined;
  if (u.type !== 'reaction' && u.type !== 'edit' && u.type !== 'revoke') return undefined;
  const id = u.payload.messageId;
  return typeof id === 'string' && id ? id : undefined;
}

export async function loadChangeTargets(pb: PocketBase, updates: WebhookUpdate[]): Promise<Map<string, ChangeTarget>> {
  const wamids = [
    ...new Set(
      updates
        .filter((u) => u.kind === 'message' && (u.type === 'edit' || u.type === 'revoke'))
        .map(referencedWamid)
        .filter((w): w is string => !!w),
    ),
  ];
  const out = new Map<string, ChangeTarget>();
  const rows = await rowsWhereAnyOf<ChangeTarget>(pb, 'messages', 'wamid', wamids, {
    fields: 'id,wamid,conversation,type,payload,preview,timestamp,edited_at,deleted_at,edits',
  });
  for (const r of rows) out.set(r.wamid, r);
  return out;
}

interface ChangeDeps {
  cache: InboxCache;
  plan: WritePlan;
  targets: Map<string, ChangeTarget>;
}

/** Applies an edit or revoke to its target. Returns false when there is no target (the caller stores it). */
export function applyChange(d: ChangeDeps, m: InboundMessage): 'applied' | 'duplicate' | 'no_target' {
  const originalWamid = String(m.payload.messageId ?? '');
  const target = d.targets.get(originalWamid);
  if (!target) return 'no_target';
  const at = pbDate(m.timestamp * 1000);
  const edits = [...(target.edits ?? [])];
  if (edits.some((e) => e.by === m.wamid)) return 'duplicate';
  let patch: Record<string, unknown>;
  let next: ChangeTarget;
  if (m.type === 'revoke') {
    if (target.deleted_at) return 'duplicate';
    patch = { deleted_at: at, preview: REVOKED_PREVIEW };
    next = { ...target, deleted_at: at, preview: REVOKED_PREVIEW };
  } else {
    const v = m.payload as { type?: string; payload?: Record<string, unknown>; preview?: string };
    const version: MessageVersion = {
      at,
      by: m.wamid,
      type: v.type ?? target.type,
      payload: v.payload ?? {},
      preview: v.preview ?? '',
    };
    const currentAt = parsePbDate(target.edited_at) || parsePbDate(target.timestamp);
    if (m.timestamp * 1000 >= currentAt) {
      // the new version goes on top; the one it replaces joins the history
      edits.push({
        at: target.edited_at || target.timestamp,
        by: m.wamid,
        type: target.type,
        payload: target.payload,
        preview: target.preview,
      });
      const keepsType = version.type === target.type || version.type === 'unsupported' ? target.type : version.type;
      patch = { payload: version.payload, type: keepsType, edited_at: at, edits };
      if (!target.deleted_at) patch.preview = version.preview;
      next = {
        ...target,
        payload: version.payload,
        type: keepsType,
        edited_at: at,
        edits,
        preview: target.deleted_at ? target.preview : version.preview,
      };
    } else {
      // an older edit delivered late belongs in the history, not on top
      edits.push(version);
      edits.sort((a, b) => parsePbDate(a.at) - parsePbDate(b.at));
      patch = { edits };
      next = { ...target, edits };
    }
  }
  d.plan.update('messages', target.id, patch);
  d.targets.set(originalWamid, next);
  const conv =
    d.plan.conversations.get(target.conversation)?.draft ?? d.cache.conversationsById.get(target.conversation);
  if (conv && conv.last_message_id === target.id && typeof patch.preview === 'string') {
    const draft: ConversationRecord = { ...conv, last_message_preview: patch.preview };
    d.plan.conversations.set(draft.id, { draft, isNew: d.plan.conversations.get(draft.id)?.isNew ?? false });
    d.plan.onCommit(() => d.cache.putConversation(draft));
  }
  return 'applied';
}

/** An edit whose original we never stored: kept as a message of its own, marked as an edit of that wamid. */
export function asStandalone(m: InboundMessage): InboundMessage {
  if (m.type !== 'edit') return m;
  const v = m.payload as { type?: InboundMessage['type']; payload?: Record<string, unknown>; preview?: string };
  return {
    ...m,
    type: v.type ?? 'unsupported',
    payload: v.payload ?? {},
    preview: v.preview ?? m.preview,
    context: { ...(m.context ?? {}), editOf: String(m.payload.messageId ?? '') },
  };
}

/** The row of a message the business wrote in the WhatsApp Business app (an echo). */
export function echoRow(
  m: InboundMessage,
  conversationId: string,
): { id: string; data: Record<string, unknown>; isMedia: boolean } {
  const id = orderedRecordId();
  const at = pbDate(m.timestamp * 1000);
  const isMedia =
    MEDIA_TYPES.has(m.type) &&
    typeof (m.payload.media as { id?: unknown } | undefined)?.id === 'string' &&
    !!(m.payload.media as { id: string }).id;
  return {
    id,
    isMedia,
    data: {
      id,
      conversation: conversationId,
      direction: 'out',
      type: m.type,
      payload: m.payload,
      preview: m.preview,
      wamid: m.wamid,
      status: 'sent',
      timestamp: at,
      sent_at: at,
      sender: '',
      origin: 'whatsapp_app',
      reply_to: m.context?.replyTo ?? '',
      context: m.context ? { ...m.context } : null,
      media_status: isMedia ? 'pending' : 'none',
    },
  };
}
