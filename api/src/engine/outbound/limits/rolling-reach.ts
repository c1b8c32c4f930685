/**
 * The customers one scope (a WABA) has reached with business-initiated messages in a moving window
 * (24 h): each customer once, with the time of their latest counted send, so they leave the count 24 h
 * after it. Every operation is O(1) amortised: a map by customer, a FIFO of (customer, time) entries
 * whose stale ones (the customer was counted again later, or released) are skipped when they reach the
 * head, and a map from message id to customer so a message Meta refused can give its place back. Pure
 * (the caller passes the time).
 */
interface Reach {
  at: number;
  messages: Set<string>;
}

export class RollingReach {
  private readonly byCustomer = new Map<string, Reach>();
  private readonly byMessage = new Map<string, string>();
  private fifo: Array<{ customer: string; at: number }> = [];
  private head = 0;

  constructor(readonly windowMs = 24 * 3600_000) {}

  /** Whether the customer is already counted at `now` (a send to them costs nothing more). */
  has(customer: string, now: number): boolean {
    this.expire(now);
    return this.byCustomer.has(customer);
  }

  /** Unique customers counted at `now`. */
  used(now: number): number {
    this.expire(now);
    return this.byCustomer.size;
  }

  /** When the customer counted longest ago leaves the window (undefined when nobody is counted). */
  nextRelease(now: number): number | undefined {
    this.expire(now);
    const first = this.fifo[this.head];
    return first ? first.at + this.windowMs : undefined;
  }

  /** Counts `customer` at `at` because of `messageId` (again: their 24 h start over from this send). */
  add(customer: string, messageId: string, at: number): void {
    const r = this.byCustomer.get(customer);
    if (r) {
      r.messages.add(messageId);
      if (at <= r.at) {
        this.byMessage.set(messageId, customer);
        return;
      }
      r.at = at;
    } else {
      this.byCustomer.set(customer, { at, messages: new Set([messageId]) });
    }
    this.byMessage.set(messageId, customer);
    this.fifo.push({ customer, at });
  }

  /** A provisional id (a send not stored yet) becomes the stored message's id. */
  rename(from: string, to: string): void {
    const customer = this.byMessage.get(from);
    if (customer === undefined) return;
    this.byMessage.delete(from);
    this.byMessage.set(to, customer);
    const r = this.byCustomer.get(customer);
    if (r?.messages.delete(from)) r.messages.add(to);
  }

  /**
   * The message did not reach the customer (Meta refused it, or it was never stored): when it was the
   * only counted message to them, they leave the count. Returns whether the count changed.
   */
  release(messageId: string): boolean {
    const customer = this.byMessage.get(messageId);
    if (customer === undefined) return false;
    this.byMessage.delete(messageId);
    const r = this.byCustomer.get(customer);
    if (!r) return false;
    r.messages.delete(messageId);
    if (r.messages.size) return false;
    this.byCustomer.delete(customer);
    this.skipStale();
    return true;
  }

  private expire(now: number): void {
    for (;;) {
      this.skipStale();
      const first = this.fifo[this.head];
      if (!first || first.at + this.windowMs > now) break;
      const r = this.byCustomer.get(first.customer)!;
      for (const m of r.messages) this.byMessage.delete(m);
      this.byCustomer.delete(first.customer);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.head = 0;
    }
  }

  /** Entries whose customer was counted again later (or released) say nothing any more. */
  private skipStale(): void {
    for (;;) {
      const first = this.fifo[this.head];
      if (!first || this.byCustomer.get(first.customer)?.at === first.at) return;
      this.head++;
    }
  }
}
