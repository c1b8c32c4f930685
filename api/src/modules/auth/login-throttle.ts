/**
 * Slows password guessing on every sign-in path: after `maxFailures` wrong passwords for one account, or
 * `maxFailuresPerAddress` from one client address, within `lockMs`, further attempts are refused for
 * `lockMs` (429 + Retry-After) — even with the right password, so guessing cannot go on in the dark.
 * A successful sign-in clears the account's count. In memory: one process serves all sign-ins.
 */
import { AppError } from '../../lib/errors.ts';

interface Counter {
  failures: number;
  since: number;
  lockedUntil: number;
}

export interface LoginThrottleOptions {
  maxFailures: number;
  maxFailuresPerAddress: number;
  lockMs: number;
  now?: () => number;
}

const MAX_KEYS = 100_000;

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();
  private readonly now: () => number;

  constructor(private readonly opts: LoginThrottleOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Throws 429 rate_limited (with Retry-After) while the account or the address is locked. */
  check(account: string, address: string): void {
    const wait = Math.max(this.lockedFor(`a:${account.toLowerCase()}`), this.lockedFor(`ip:${address}`));
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new AppError(
        'rate_limited',
        429,
        `Too many failed sign-in attempts: try again in ${seconds} s`,
        { retryAfterSeconds: seconds },
        { 'retry-after': String(seconds) },
      );
    }
  }

  failed(account: string, address: string): void {
    this.count(`a:${account.toLowerCase()}`, this.opts.maxFailures);
    this.count(`ip:${address}`, this.opts.maxFailuresPerAddress);
  }

  succeeded(account: string): void {
    this.counters.delete(`a:${account.toLowerCase()}`);
  }

  private lockedFor(key: string): number {
    const c = this.counters.get(key);
    return c ? c.lockedUntil - this.now() : 0;
  }

  private count(key: string, max: number): void {
    const now = this.now();
    let c = this.counters.get(key);
    if (!c || (now - c.since > this.opts.lockMs && c.lockedUntil <= now))
      c = { failures: 0, since: now, lockedUntil: 0 };
    c.failures++;
    if (c.failures >= max) c.lockedUntil = now + this.opts.lockMs;
    this.counters.delete(key); // re-insert: the map's order is the eviction order
    this.counters.set(key, c);
    if (this.counters.size > MAX_KEYS) this.counters.delete(this.counters.keys().next().value!);
  }
}
