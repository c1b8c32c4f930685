/** One `statuses[]` item → StatusUpdate, with everything Meta tells about the send kept. */
import type { StatusUpdate } from '../channel.types.ts';
import { errorsOf, type Origin } from './parse-inbound.ts';
import { category, compact, id, isRec, num, str, unixSeconds, type Rec } from './json-read.ts';

const STATUSES = new Set<string>(['sent', 'delivered', 'read', 'failed', 'played']);

export function parseStatus(origin: Origin, s: unknown, contacts: Rec[] = []): StatusUpdate | undefined {
  if (!isRec(s)) return undefined;
  const wamid = id(s.id);
  const status = s.status;
  if (!wamid || typeof status !== 'string' || !STATUSES.has(status)) return undefined;
  const update: StatusUpdate = {
    kind: 'status',
    wabaId: origin.wabaId,
    phoneNumberId: origin.phoneNumberId,
    wamid,
    status: status as StatusUpdate['status'],
    timestamp: unixSeconds(s.timestamp),
    recipientId: id(s.recipient_id) ?? '',
    errors: errorsOf(s.errors),
  };
  if (isRec(s.pricing)) {
    const p = s.pricing;
    const pricing = compact({
      billable: typeof p.billable === 'boolean' ? p.billable : undefined,
      pricingModel: str(p.pricing_model),
      type: str(p.type),
      category: category(p.category),
    });
    if (Object.keys(pricing).length > 0) update.pricing = pricing;
  }
  if (isRec(s.conversation)) {
    const c = s.conversation;
    const conversation = compact({
      id: id(c.id),
      expiresAt: num(c.expiration_timestamp),
      originType: isRec(c.origin) ? category(c.origin.type) : undefined,
    });
    if (Object.keys(conversation).length > 0) update.conversation = conversation;
  }
  const opaque = str(s.biz_opaque_callback_data);
  if (opaque) update.biz_opaque_callback_data = opaque.slice(0, 512);
  const recipient = recipientFields(s, contacts);
  if (recipient) update.recipient = recipient;
  return update;
}

/**
 * `recipient_user_id`, `recipient_parent_user_id` (BSUIDs, 2026), group sends' `recipient_type` and
 * `recipient_participant_id`, and the username Meta adds on delivered/read from `contacts[]`.
 */
function recipientFields(s: Rec, contacts: Rec[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('recipient_') && k !== 'recipient_id') {
      const value = str(v);
      if (value) out[k] = value;
    }
  }
  const rid = id(s.recipient_id);
  const ruid = out.recipient_user_id;
  const c = contacts.find((x) => (rid && id(x.wa_id) === rid) || (ruid && id(x.user_id) === ruid));
  if (c) {
    const profile = isRec(c.profile) ? c.profile : {};
    const extra = compact({
      user_id: id(c.user_id),
      parent_user_id: id(c.parent_user_id),
      username: str(profile.username),
      wa_id: id(c.wa_id),
    });
    for (const [k, v] of Object.entries(extra)) if (v && !out[`recipient_${k}`]) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}
