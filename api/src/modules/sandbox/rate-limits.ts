import { GraphError } from './errors.ts';

/**
 * Meta's two send-side limits.
 * - Throughput: messages per second per business number, counted in a sliding 1 s window → 130429.
 * - Pair rate: ~1 message per window to the same user, where short bursts borrow from the future. Modelled
 *   as a token bucket holding `burst` tokens that refills one token per window → 131056.
 * Only accepted sends consume capacity, so a rejected call never makes the next one fail.
 */
export class RateLimits {
  private readonly sends = new Map<string, number[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly cfg: { mps: number; pairWindowMs: number; pairBurst: number },
    private readonly now: () => number,
  ) {}

  /** Throws the error Meta would give, without consuming anything. */
  check(phoneNumberId: string, waId: string): void {
    const now = this.now();
    const recent = this.recentSends(phoneNumberId, now);
    if (recent.length >= this.cfg.mps) {
      const retryAfterSec = Math.max(1, Math.ceil((recent[0]! + 1000 - now) / 1000));
      throw new GraphError(130429, undefined, { retryAfterSec });
    }
    if (this.tokens(phoneNumberId, waId, now) < 1) throw new GraphError(131056);
  }

  consume(phoneNumberId: string, waId: string): void {
    const now = this.now();
    this.recentSends(phoneNumberId, now).push(now);
    const key = `${phoneNumberId}:${waId}`;
    this.buckets.set(key, { tokens: this.tokens(phoneNumberId, waId, now) - 1, at: now });
  }

  reset(): void {
    this.sends.clear();
    this.buckets.clear();
  }

  private recentSends(phoneNumberId: string, now: number): number[] {
    let list = this.sends.get(phoneNumberId);
    if (!list) this.sends.set(phoneNumberId, (list = []));
    while (list.length && list[0]! <= now - 1000) list.shift();
    return list;
  }

  private tokens(phoneNumberId: string, waId: string, now: number): number {
    const b = this.buckets.get(`${phoneNumberId}:${waId}`);
    if (!b) return this.cfg.pairBurst;
    const refill = this.cfg.pairWindowMs > 0 ? (now - b.at) / this.cfg.pairWindowMs : Infinity;
    return Math.min(this.cfg.pairBurst, b.tokens + refill);
  }
}
