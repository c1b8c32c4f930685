/**
 * The scheduler's (and its handlers') idea of "now". Production uses the system clock; tests — and a
 * sandbox demo — use a ManualClock and move it forward, so a job due tomorrow runs in a millisecond.
 * Only "what is due" follows this clock: real waiting (polling, network timeouts) stays real.
 */
export interface Clock {
  now(): number;
  /** called after the clock jumps, so a sleeping scheduler looks again at once */
  onJump?(listener: () => void): () => void;
}

export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  private t: number;
  private readonly listeners = new Set<() => void>();
  /** real time at construction, when the clock also runs on its own */
  private readonly since: number | undefined;

  /**
   * `ticking`: between jumps the clock also runs at real speed, as time does in production — a job that
   * fails and is retried after a back-off runs again by itself (a stopped clock would hold it for ever).
   */
  constructor(start: number | Date | string = Date.now(), opts: { ticking?: boolean } = {}) {
    this.t = typeof start === 'number' ? start : new Date(start).getTime();
    this.since = opts.ticking ? Date.now() : undefined;
  }

  now(): number {
    return this.since === undefined ? this.t : this.t + (Date.now() - this.since);
  }

  /** Moves time forward by ms (or to an instant) and wakes whoever sleeps on this clock. */
  advance(ms: number): number {
    this.t += ms;
    for (const l of [...this.listeners]) l();
    return this.now();
  }

  set(at: number | Date | string): number {
    const to = typeof at === 'number' ? at : new Date(at).getTime();
    return this.advance(to - this.now());
  }

  onJump(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
