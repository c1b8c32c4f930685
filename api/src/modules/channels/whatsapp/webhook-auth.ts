/**
 * Webhook authentication when several numbers are connected. Meta signs each POST with the secret of
 * the app the WABA is subscribed to; several numbers may share one app, and different apps may post to
 * the same URL. A body is accepted when some app's secret matches and that app owns every number (or,
 * lacking a number, every WABA) the body talks about — so one app's secret cannot speak for another's.
 */
import { timingSafeEqual } from 'node:crypto';
import { verifySignature } from './signature.ts';

export interface WebhookApp {
  secret: string;
  phoneNumberIds: Set<string>;
  wabaIds: Set<string>;
}

export function verifyForApps(raw: Uint8Array, header: string | undefined | null, apps: WebhookApp[]): boolean {
  const signer = apps.find((a) => verifySignature(raw, header, a.secret));
  if (!signer) return false;
  // one app (the environment's, or the sandbox's): exactly the single-secret check it always was
  if (apps.length === 1) return true;
  let body: {
    entry?: Array<{ id?: unknown; changes?: Array<{ value?: { metadata?: { phone_number_id?: unknown } } }> }>;
  };
  try {
    body = JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    // signed by a known app but not JSON: recorded, and the writer dead-letters it
    return true;
  }
  for (const entry of Array.isArray(body?.entry) ? body.entry : []) {
    for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
      const pnid = change?.value?.metadata?.phone_number_id;
      if (typeof pnid === 'string' && pnid) {
        const owner = apps.find((a) => a.phoneNumberIds.has(pnid));
        if (owner && owner !== signer) return false;
        continue;
      }
      const waba = String(entry?.id ?? '');
      const owners = apps.filter((a) => a.wabaIds.has(waba));
      if (owners.length && !owners.includes(signer)) return false;
    }
  }
  return true;
}

/** Meta's GET handshake: the token must equal one of the verify tokens in use (constant time each). */
export function verifyTokenMatches(given: string | undefined, tokens: string[]): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  let ok = false;
  for (const t of tokens) {
    const b = Buffer.from(t);
    if (b.length === a.length && b.length > 0 && timingSafeEqual(a, b)) ok = true;
  }
  return ok;
}
