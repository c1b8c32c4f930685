import { GraphError } from './errors.ts';

/**
 * Meta's two send-side limits.
 * - Throughput: messages per second per business number (the number's own cap: `throughputMps`, else 1,000
 *   for a HIGH throughput level, else the sandbox default of 80), counted in a sliding 1 s window → 130429.
 * - Pair rate: ~1 message per window to the same user, where short bursts borrow from the future. Modelled
 *   as a token bucket holding `burst` tokens that refills one token per window → 131056.
 * Only accepted sends consume capacity, so a rejected call never makes the next one fail. Per number it
 * keeps what a test needs to check a sender's pacing: sends accepted, 130429s answered, and the most sends
 * accepted in any 1-second window.
 */
export interface ThroughputStats {
  mps: number;
  accepted: number;
  refused: number;
  maxInOneSecond: number;
  /** ms epoch of the first and last accepted send (0 before any) */
  firstAt: number;
  lastAt: number;
}

export class RateLimits {
  private readonly sends = new Map<string, number[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly counters = new Map<string, ThroughputStats>();

  constructor(
    private readonly cfg: { mps: number; pairWindowMs: number; pairBurst: number },
    private readonly now: () => number,
    /** the number's own cap, when it has one */
    private readonly mpsOf: (phoneNumberId: string) => number | undefined = () => undefined,
  ) {}

  mps(phoneNumberId: string): number {
    return this.mpsOf(phoneNumberId) ?? this.cfg.mps;
  }

  /** Throws the error Meta would give, without consuming anything. */
  check(phoneNumberId: string, waId: string): void {
    const now = this.now();
    const recent = this.recentSends(phoneNumberId, now);
    if (recent.length >= this.mps(phoneNumberId)) {
      this.stats(phoneNumberId).refused++;
      const retryAfterSec = Math.max(1, Math.ceil((recent[0]! + 1000 - now) / 1000));
      throw new GraphError(130429, undefined, { retryAfterSec });
    }
    if (this.tokens(phoneNumberId, waId, now) < 1) throw new GraphError(131056);
  }

  consume(phoneNumberId: string, waId: string): void {
    const now = this.now();
    const recent = this.recentSends(phoneNumberId, now);
    recent.push(now);
    const st = this.stats(phoneNumberId);
    st.accepted++;
    if (!st.firstAt) st.firstAt = now;
    st.lastAt = now;
    st.maxInOneSecond = Math.max(st.maxInOneSecond, recent.length);
    const key = `${phoneNumberId}:${waId}`;
    this.buckets.set(key, { tokens: this.tokens(phoneNumberId, waId, now) - 1, at: now });
  }

  /** What a number's sender did so far (since the last reset). */
  stats(phoneNumberId: string): ThroughputStats {
    let s = this.counters.get(phoneNumberId);
    if (!s)
      this.counters.set(
        phoneNumberId,
        (s = { mps: 0, accepted: 0, refused: 0, maxInOneSecond: 0, firstAt: 0, lastAt: 0 }),
      );
    s.mps = this.mps(phoneNumberId);
    return s;
  }

  reset(): void {
    this.sends.clear();
    this.buckets.clear();
    this.counters.clear();
  }

  private recentSends(phoneNumberId: string, now: number): number[] {
    let list = this.sends.get(phoneNumberId);
    if (!list) this.sends.set(phoneNumberId, (list = []));
    let drop = 0;
    while (drop < list.length && list[drop]! <= now - 1000) drop++;
    if (drop) list.splice(0, drop);
    return list;
  }

  private tokens(phoneNumberId: string, waId: string, now: number): number {
    const b = this.buckets.get(`${phoneNumberId}:${waId}`);
    if (!b) return this.cfg.pairBurst;
    const refill = this.cfg.pairWindowMs > 0 ? (now - b.at) / this.cfg.pairWindowMs : Infinity;
    return Math.min(this.cfg.pairBurst, b.tokens + refill);
  }
}
