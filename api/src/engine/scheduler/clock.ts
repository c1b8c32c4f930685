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

  constructor(start: number | Date | string = Date.now()) {
    this.t = typeof start === 'number' ? start : new Date(start).getTime();
  }

  now(): number {
    return this.t;
  }

  /** Moves time forward by ms (or to an instant) and wakes whoever sleeps on this clock. */
  advance(ms: number): number {
    this.t += ms;
    for (const l of [...this.listeners]) l();
    return this.t;
  }

  set(at: number | Date | string): number {
    const to = typeof at === 'number' ? at : new Date(at).getTime();
    return this.advance(to - this.t);
  }

  onJump(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
