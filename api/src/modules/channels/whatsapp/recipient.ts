/**
 * Where a reply goes. Meta (2026): `to` takes a phone number, `recipient` a business-scoped user id
 * (BSUID); with both, `to` wins, and Meta recommends the phone whenever it is known. Inside Spunta an
 * outbound body keeps one address in `to` — the phone, or the BSUID of a username-only customer — and
 * the Graph client puts a BSUID where Meta wants it.
 */
import type { OutboundBody } from '../channel.types.ts';
import { BSUID_SHAPE } from './outbound.schema.ts';

export function isBsuid(address: string): boolean {
  return BSUID_SHAPE.test(address);
}

/** The address of a chat's customer: the phone when known, else the BSUID. */
export function replyAddress(conv: { contact_phone: string; contact_user_id?: string | undefined }): string {
  return conv.contact_phone || conv.contact_user_id || '';
}

/** Meta's request body for an outbound body: a BSUID in `to` moves to `recipient`. */
export function graphAddressing(body: OutboundBody): Record<string, unknown> {
  if (!isBsuid(body.to)) return body;
  const { to, ...rest } = body;
  return { ...rest, recipient: to };
}
