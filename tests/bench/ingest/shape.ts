/**
 * What the pre-populated store looks like, shared by the SQL that writes it (store-sql.ts) and the load
 * generator that writes to its customers and sends statuses for its messages (generator.ts): the same
 * formulas on both sides, so neither has to read the other's million rows.
 *
 * Messages are numbered i = 0 … M-1 and laid out chat by chat: chat c holds messages k = 0 … n-1 (the
 * first M mod V chats one more than the others), even k from the customer, odd k our replies — except that
 * in every third chat the customer wrote last (its last message is theirs whatever k).
 */

export interface StoreSize {
  messages: number;
  contacts: number;
  conversations: number;
}

/** contact j: +39 330 000 0000 + j (12-digit wa_id); contacts 0 … V-1 have a chat, the others are CRM-only */
export const storeWaId = (j: number): string => `39${3_300_000_000 + j}`;
export const storeContactId = (j: number): string => `bc${String(j).padStart(13, '0')}`;
export const storeConversationId = (c: number): string => `bv${String(c).padStart(13, '0')}`;
export const storeMessageId = (i: number): string => `bm${String(i).padStart(13, '0')}`;
/** real length (61 characters, as Meta's): batched lookups must fit PocketBase's filter limits */
export const WAMID_HEAD = 'wamid.HBgMQkVOQ0g';
export const WAMID_TAIL = 'FQIAERgSMEJFTkNIU1RPUkUA';
export const storeWamid = (i: number): string => `${WAMID_HEAD}${String(i).padStart(20, '0')}${WAMID_TAIL}`;

/** chat c and position k of message i (see the layout above) */
export function messageCoords(i: number, s: StoreSize): { c: number; k: number; n: number } {
  const K = Math.floor(s.messages / s.conversations);
  const R = s.messages % s.conversations;
  const big = R * (K + 1);
  if (i < big) return { c: Math.floor(i / (K + 1)), k: i % (K + 1), n: K + 1 };
  const j = i - big;
  return { c: R + Math.floor(j / K), k: j % K, n: K };
}

export const isOutbound = (c: number, k: number, n: number): boolean => k % 2 === 1 && !(k === n - 1 && c % 3 === 0);

/** One of our replies in the store, at or near message i (a status webhook's target). */
export function storeOutbound(i: number, s: StoreSize): { i: number; c: number } {
  const { c, k, n } = messageCoords(i, s);
  for (const d of [0, 1, -1, -2, -3]) if (k + d >= 0 && k + d < n && isOutbound(c, k + d, n)) return { i: i + d, c };
  throw new Error(`no reply of ours near message ${i}`);
}

/** wall-clock milliseconds with sub-millisecond precision, comparable between the bench's processes */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * A live inbound message names its stage, its sequence number and the moment the schedule said it was due,
 * at the start of its text; observers read it back from the realtime record (message preview or chat preview).
 */
export const marker = (stage: number, seq: number, due: number): string => `[b${stage}.${seq}.${due.toFixed(1)}]`;
const MARKER = /^\[b(\d+)\.(\d+)\.(\d+(?:\.\d+)?)\]/;
export function parseMarker(text: unknown): { stage: number; seq: number; due: number } | undefined {
  if (typeof text !== 'string') return undefined;
  const m = MARKER.exec(text);
  return m ? { stage: Number(m[1]), seq: Number(m[2]), due: Number(m[3]) } : undefined;
}

/** The first 10 characters of a message id Spunta creates at `ms` (api/src/lib/records.ts orderedRecordId). */
export const orderedIdPrefix = (ms: number): string =>
  (Math.floor(ms) * 1296).toString(36).padStart(10, '0').slice(-10);

export const percentile = (xs: ArrayLike<number>, p: number): number => {
  if (!xs.length) return Number.NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
