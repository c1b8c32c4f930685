import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex>` as Meta sends it in X-Hub-Signature-256, computed over the raw body bytes. */
export function signPayload(raw: Uint8Array | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

/** Constant-time check of X-Hub-Signature-256 against the raw bytes (never re-serialised JSON). */
export function verifySignature(raw: Uint8Array, header: string | undefined | null, appSecret: string): boolean {
  if (!header || !appSecret) return false;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  const given = Buffer.from(m[1]!.toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
