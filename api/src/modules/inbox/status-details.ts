/**
 * What a status webhook says about a send besides its progress: pricing (flat columns, so the monthly
 * report counts templates per category and free vs paid with plain filters), the conversation (absent
 * from v24), the echoed biz_opaque_callback_data and the recipient's ids (BSUID era, groups). Kept even
 * when the status itself does not move the message forward (a late `sent` after `read` still carries
 * the pricing). Pure, beside its test.
 */
import type { StatusUpdate } from '../channels/channel.types.ts';

type Details = Pick<StatusUpdate, 'pricing' | 'conversation' | 'biz_opaque_callback_data' | 'recipient'>;

export function statusDetailsPatch(
  s: Details,
  prev?: Record<string, unknown> | null,
): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  const p = s.pricing;
  if (p) {
    if (p.billable !== undefined) patch.billable = p.billable;
    if (p.pricingModel) patch.pricing_model = p.pricingModel;
    if (p.type) patch.pricing_type = p.type;
    if (p.category) patch.pricing_category = p.category;
  }
  if (s.biz_opaque_callback_data) patch.biz_opaque_callback_data = s.biz_opaque_callback_data;
  if (s.conversation || s.recipient) {
    const before = prev ?? {};
    const merged: Record<string, unknown> = { ...before };
    // `sent` brings the expiry, later statuses repeat the id without it: merge rather than replace
    if (s.conversation)
      merged.conversation = { ...((before.conversation as object | undefined) ?? {}), ...s.conversation };
    if (s.recipient) merged.recipient = { ...((before.recipient as object | undefined) ?? {}), ...s.recipient };
    if (JSON.stringify(merged) !== JSON.stringify(before)) patch.status_details = merged;
  }
  return Object.keys(patch).length ? patch : undefined;
}
