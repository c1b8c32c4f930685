import { randomBytes, randomInt } from 'node:crypto';

/** wa_id: digits only, as Meta reports it (no '+', spaces, dashes). */
export function toWaId(phone: string): string {
  return String(phone).replace(/\D/g, '');
}

/**
 * A wamid shaped like Meta's: "wamid." + base64 of a small protobuf-ish blob that embeds the wa_id and a
 * random hex id. Spunta must treat it as opaque; looking real catches code that assumes a format.
 */
export function newWamid(waId: string): string {
  const phone = Buffer.from(waId, 'ascii');
  const rnd = Buffer.from(randomBytes(10).toString('hex').toUpperCase(), 'ascii');
  const blob = Buffer.concat([
    Buffer.from([0x1c, 0x18, phone.length]),
    phone,
    Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, rnd.length]),
    rnd,
    Buffer.from([0x00]),
  ]);
  return `wamid.${blob.toString('base64')}`;
}

/** Graph object ids are numeric strings; kept below 2^53 because webhooks carry some of them as numbers. */
export function newNumericId(): string {
  // randomInt's range is limited to 2^48, so build the 15 digits from two draws
  return `${randomInt(100_000, 999_999)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

export function newFbTraceId(): string {
  return randomBytes(8).toString('base64').replace(/[+/=]/g, '').slice(0, 11).padEnd(11, 'A');
}

/**
 * Meta serialises webhook bodies with non-ASCII characters as \uXXXX escapes and '/' as '\/', and signs
 * those bytes. Doing the same makes a receiver that re-serialises parsed JSON fail signature checks here
 * exactly as it would in production.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

export function jitter([min, max]: [number, number]): number {
  const lo = Math.max(0, Math.min(min, max));
  const hi = Math.max(lo, Math.max(min, max));
  return lo + Math.random() * (hi - lo);
}

export function toRange(ms: number | [number, number]): [number, number] {
  return typeof ms === 'number' ? [ms, ms] : [ms[0], ms[1]];
}

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Fisher–Yates; guarantees a different order than the input when it has 2+ elements. */
export function shuffleNotIdentity<T>(items: T[]): T[] {
  const out = items.slice();
  if (out.length < 2) return out;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  if (out.every((x, i) => x === items[i])) out.reverse();
  return out;
}

/** Timers that can all be cancelled at close(), so a closed sandbox never fires another webhook. */
export class TimerSet {
  private readonly handles = new Map<ReturnType<typeof setTimeout>, (() => void) | undefined>();
  closed = false;

  after(ms: number, fn: () => void): void {
    if (this.closed) return;
    const h = setTimeout(
      () => {
        this.handles.delete(h);
        if (!this.closed) fn();
      },
      Math.max(0, ms),
    );
    this.handles.set(h, undefined);
  }

  /** resolves after ms, or at once when the set is (or gets) closed */
  sleep(ms: number): Promise<void> {
    if (this.closed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const h = setTimeout(() => {
        this.handles.delete(h);
        resolve();
      }, ms);
      this.handles.set(h, resolve);
    });
  }

  close(): void {
    this.closed = true;
    for (const [h, wake] of this.handles) {
      clearTimeout(h);
      wake?.();
    }
    this.handles.clear();
  }
}
