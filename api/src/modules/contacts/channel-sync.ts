/**
 * Contact changes WhatsApp reports outside chats:
 * - user_preferences: the customer stopped / resumed marketing messages in WhatsApp ("Offers and
 *   announcements"). Recorded exactly like STOP and Meta's 131050 — a consent history row with method
 *   `whatsapp_preference`, scope marketing — and only when it changes something (Meta redelivers).
 * - smb_app_state_sync: the business added or edited the customer in the WhatsApp Business app's address
 *   book (coexistence): the name they gave is applied; a removal from that address book deletes nothing here.
 */
import type { ContactSync, UserPreference } from '../channels/channel.types.ts';
import type { AppContext } from '../../lib/context.ts';
import {
  newRecordId,
  parsePbDate,
  type ContactRecord,
  type ConversationRecord,
  type WaNumberRecord,
} from '../../lib/records.ts';
import { conversationTitle } from '../inbox/ingest.ts';
import type { ContactsService } from './contacts.service.ts';
import { updateRecord } from '../../lib/record-update.ts';

export const WHATSAPP_PREFERENCE = 'whatsapp_preference';

async function numberOf(ctx: AppContext, phoneNumberId: string): Promise<WaNumberRecord | undefined> {
  const { pb } = ctx;
  return (
    await pb
      .collection('wa_numbers')
      .getFullList<WaNumberRecord>({ filter: pb.filter('phone_number_id = {:p}', { p: phoneNumberId }) })
  )[0];
}

async function findContact(
  ctx: AppContext,
  numberId: string,
  waId: string,
  userId?: string,
): Promise<ContactRecord | undefined> {
  const { pb } = ctx;
  const filter = waId
    ? pb.filter('wa_number = {:n} && wa_id = {:w}', { n: numberId, w: waId })
    : pb.filter('wa_number = {:n} && user_id = {:u}', { n: numberId, u: userId ?? '' });
  return (await pb.collection('contacts').getList<ContactRecord>(1, 1, { filter })).items[0];
}

/** A contact the customer or the business app told us about before any chat: created as the inbox would. */
async function ensureContact(
  ctx: AppContext,
  n: WaNumberRecord,
  waId: string,
  userId?: string,
  name?: string,
): Promise<ContactRecord> {
  const existing = await findContact(ctx, n.id, waId, userId);
  if (existing) return existing;
  return ctx.pb.collection('contacts').create<ContactRecord>({
    id: newRecordId(),
    wa_number: n.id,
    phone: waId ? `+${waId}` : '',
    wa_id: waId,
    user_id: userId ?? '',
    name: name ?? '',
  });
}

export async function applyUserPreference(
  ctx: AppContext,
  contacts: ContactsService,
  u: UserPreference,
): Promise<'applied' | 'unchanged' | 'ignored'> {
  if (u.category !== 'marketing_messages' || (u.value !== 'stop' && u.value !== 'resume')) return 'ignored';
  const n = await numberOf(ctx, u.phoneNumberId);
  if (!n) return 'ignored';
  const c = await ensureContact(ctx, n, u.waId, u.userId);
  const at = u.timestamp * 1000;
  // an older preference delivered late must not undo a newer decision
  const latest = Math.max(parsePbDate(c.opted_in_at ?? ''), parsePbDate(c.opted_out_at ?? ''));
  if (at < latest) return 'unchanged';
  const optedOut = !!c.opted_out_at && c.marketing_allowed === false;
  if (u.value === 'stop' && optedOut && c.consent_method === WHATSAPP_PREFERENCE) return 'unchanged';
  if (u.value === 'resume' && c.marketing_allowed === true && c.consent_method === WHATSAPP_PREFERENCE)
    return 'unchanged';
  await contacts.consent(
    c.id,
    {
      kind: u.value === 'stop' ? 'opt_out' : 'opt_in',
      method: WHATSAPP_PREFERENCE,
      source: u.detail.slice(0, 200) || `WhatsApp: ${u.value}`,
      scope: 'marketing',
      at: new Date(at).toISOString(),
    },
    { kind: 'whatsapp' },
  );
  return 'applied';
}

export async function applyContactSync(ctx: AppContext, u: ContactSync): Promise<'applied' | 'unchanged' | 'ignored'> {
  if (u.action !== 'add') return 'ignored';
  const n = await numberOf(ctx, u.phoneNumberId);
  if (!n) return 'ignored';
  const name = (u.fullName ?? u.firstName ?? '').trim().slice(0, 200);
  const c = await ensureContact(ctx, n, u.phone, u.userId, name);
  const patch: Partial<ContactRecord> = {};
  if (name && c.name !== name) patch.name = name;
  if (u.firstName && !c.first_name) patch.first_name = u.firstName.slice(0, 100);
  if (!Object.keys(patch).length) return 'unchanged';
  const updated = await updateRecord<ContactRecord>(ctx.pb, 'contacts', c.id, patch);
  const conv = (
    await ctx.pb
      .collection('conversations')
      .getList<ConversationRecord>(1, 1, { filter: ctx.pb.filter('contact = {:c}', { c: c.id }) })
  ).items[0];
  // queued behind the webhook chunk being applied (this runs inside the writer's turn, so never awaited here)
  if (conv)
    void ctx.writer
      .renameConversation(conv.id, conversationTitle(updated), updated)
      .catch((err) => ctx.log.warn('chat title not refreshed', { err: String(err) }));
  return 'applied';
}
