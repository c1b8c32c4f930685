/**
 * The number's throughput, shared by every outbound send: a token bucket per business number at its
 * `throughput_mps`, interactive sends (a person's reply, a system confirmation) served before bulk ones
 * (campaigns, automations). A waiter is a queued promise, not a polling loop, so 100,000 campaign sends
 * waiting cost one timer per number.
 *
 * Two rules, both needed:
 * - never more than `mps` grants in any window of WINDOW_MS (a little over a second: Meta counts at its
 *   end, where requests sent exactly 1/mps apart can arrive a few ms closer together) — the hard cap;
 * - grants spaced WINDOW_MS / mps apart, with at most CARRY_MS of catch-up after a late timer or a stall
 *   before the gate — so the cap is spread over the second instead of spent in a burst, and an interactive
 *   send that arrives during a campaign waits for at most one token.
 * CARRY_MS covers what a loaded machine delays a send by: a busy event loop firing a timer late (a GC pause,
 * a burst of webhooks), a store write the send waits on before the wire. Each longer delay loses the turns
 * it slept through for good. At 20 ms that was about 2.5 % of an 80 mps campaign on a loaded 2-core machine;
 * at 100 ms a 100,000-recipient campaign still lost over 3 % (the sends reached 93.7–95.9 % of the cap,
 * at most 97.6 % under the hard cap). Half a second catches up at most half the cap at once, inside the
 * hard cap. The first send of a number catches nothing up, so a campaign does not open with a burst.
 * A 130429 from Meta pauses the number's gate until its Retry-After: the number, not one message, is over.
 */
export const WINDOW_MS = 1025;
const CARRY_MS = 500;

interface NumberGate {
  /** grant times inside the window, oldest first (from `head`) */
  grants: number[];
  head: number;
  nextAt: number;
  pausedUntil: number;
  interactive: Array<() => void>;
  bulk: Array<() => void>;
  timer: NodeJS.Timeout | undefined;
  /** granted and not yet released (only counted with `maxOutstanding`) */
  outstanding: number;
  /** the most grants in any 1,000 ms so far (what the cap promises, measured where it is kept) */
  peak: number;
  /** first grant inside the last 1,000 ms */
  secondHead: number;
  /** since when a send has been waiting without a break (0: none waits) */
  waitingSince: number;
  /** when the next stage was last found full with sends waiting */
  stageFullAt: number;
  lost: SendTimeLost;
}

/**
 * Sending time a gate let pass unused, in ms (each ms is `mps`/1000 sends that never left then):
 * - `late`: a send was waiting and its turn had come, but the gate granted it later than the catch-up
 *   covers (its timer fired late: the event loop was busy);
 * - `starved`: nothing was waiting when its turn came (the stage before the gate was slow, or had nothing;
 *   every pause between sends counts, idle hours too: compare it over a campaign);
 * - `stage`: sends were waiting but the next stage was full (only with `maxOutstanding`).
 */
export interface SendTimeLost {
  late: number;
  starved: number;
  stage: number;
}

export class ThroughputGate {
  private readonly gates = new Map<string, NumberGate>();
  private stopped = false;

  constructor(
    /** messages per second for a number (its throughput_mps, else the default) */
    private readonly rateOf: (phoneNumberId: string) => number,
    private readonly now: () => number = Date.now,
    /**
     * back-pressure: at most this many grants not yet `release`d per number (the sends between this gate
     * and the next stage), so the gate never runs ahead of a slow stage and a later interactive send
     * finds only a few bulk ones ahead of it there
     */
    private readonly maxOutstanding?: (mps: number) => number,
  ) {}

  /** A granted send passed the next stage (only with `maxOutstanding`). */
  release(phoneNumberId: string): void {
    const g = this.gates.get(phoneNumberId);
    if (!g || !this.maxOutstanding) return;
    g.outstanding = Math.max(0, g.outstanding - 1);
    this.pump(phoneNumberId, g);
  }

  /** Resolves when this send may leave. */
  take(phoneNumberId: string, bulk = false): Promise<void> {
    const g = this.gate(phoneNumberId);
    return new Promise<void>((resolve) => {
      g.waitingSince ||= this.now();
      (bulk ? g.bulk : g.interactive).push(resolve);
      this.pump(phoneNumberId, g);
    });
  }

  /** Meta said 130429: nothing more leaves from this number for `ms`. */
  pause(phoneNumberId: string, ms: number): void {
    const g = this.gate(phoneNumberId);
    g.pausedUntil = Math.max(g.pausedUntil, this.now() + ms);
    // the paused time is not caught up after: the number was over the cap
    g.nextAt = Math.max(g.nextAt, g.pausedUntil);
    if (g.timer) {
      clearTimeout(g.timer);
      g.timer = undefined;
    }
    this.pump(phoneNumberId, g);
  }

  /** The rate changed (an admin set throughput_mps): waiters are re-timed at once. */
  changed(phoneNumberId: string): void {
    const g = this.gates.get(phoneNumberId);
    if (!g) return;
    g.nextAt = Math.min(g.nextAt, this.now() + WINDOW_MS / this.rate(phoneNumberId));
    if (g.timer) clearTimeout(g.timer);
    g.timer = undefined;
    this.pump(phoneNumberId, g);
  }

  /** The most sends granted in any 1-second window so far, for a number. */
  peakInOneSecond(phoneNumberId: string): number {
    return this.gates.get(phoneNumberId)?.peak ?? 0;
  }

  /** Sending time this gate let pass unused for a number so far (SendTimeLost). */
  lostTime(phoneNumberId: string): SendTimeLost {
    const l = this.gates.get(phoneNumberId)?.lost;
    return { late: Math.round(l?.late ?? 0), starved: Math.round(l?.starved ?? 0), stage: Math.round(l?.stage ?? 0) };
  }

  /** Sends waiting for a token (interactive, bulk) per number. */
  waiting(phoneNumberId: string): { interactive: number; bulk: number } {
    const g = this.gates.get(phoneNumberId);
    return { interactive: g?.interactive.length ?? 0, bulk: g?.bulk.length ?? 0 };
  }

  stop(): void {
    this.stopped = true;
    for (const g of this.gates.values()) if (g.timer) clearTimeout(g.timer);
  }

  private rate(phoneNumberId: string): number {
    const r = this.rateOf(phoneNumberId);
    return Number.isFinite(r) && r > 0 ? r : 80;
  }

  private gate(phoneNumberId: string): NumberGate {
    let g = this.gates.get(phoneNumberId);
    if (!g) {
      g = {
        grants: [],
        head: 0,
        nextAt: 0,
        pausedUntil: 0,
        interactive: [],
        bulk: [],
        timer: undefined,
        outstanding: 0,
        peak: 0,
        secondHead: 0,
        waitingSince: 0,
        stageFullAt: 0,
        lost: { late: 0, starved: 0, stage: 0 },
      };
      this.gates.set(phoneNumberId, g);
    }
    return g;
  }

  private pump(phoneNumberId: string, g: NumberGate): void {
    if (g.timer || this.stopped) return;
    for (;;) {
      if (!g.interactive.length && !g.bulk.length) {
        g.waitingSince = 0;
        return;
      }
      const now = this.now();
      const mps = this.rate(phoneNumberId);
      // a full next stage calls release(), which pumps again
      if (this.maxOutstanding && g.outstanding >= this.maxOutstanding(mps)) {
        g.stageFullAt = now;
        return;
      }
      while (g.head < g.grants.length && g.grants[g.head]! <= now - WINDOW_MS) g.head++;
      if (g.head > 256 && g.head * 2 > g.grants.length) {
        g.grants = g.grants.slice(g.head);
        g.secondHead = Math.max(0, g.secondHead - g.head);
        g.head = 0;
      }
      const inWindow = g.grants.length - g.head;
      // the oldest grant that must leave the window before one more fits (several when the rate was lowered)
      const blocker = inWindow >= mps ? g.grants[g.grants.length - Math.floor(mps)]! + WINDOW_MS : 0;
      const wait = Math.max(g.pausedUntil, g.nextAt, blocker) - now;
      if (wait > 0) {
        g.timer = setTimeout(() => {
          g.timer = undefined;
          this.pump(phoneNumberId, g);
        }, Math.ceil(wait));
        return;
      }
      this.account(g, now);
      const next = g.interactive.shift() ?? g.bulk.shift()!;
      g.grants.push(now);
      g.secondHead = Math.max(g.secondHead, g.head);
      while (g.grants[g.secondHead]! <= now - 1000) g.secondHead++;
      g.peak = Math.max(g.peak, g.grants.length - g.secondHead);
      // the first send of a number starts the count: nothing to catch up before it
      g.nextAt = (g.nextAt ? Math.max(g.nextAt, now - CARRY_MS) : now) + WINDOW_MS / mps;
      if (this.maxOutstanding) g.outstanding++;
      next();
    }
  }

  /** Before a grant at `now`: the turn time the catch-up below is about to drop, and why it went unused. */
  private account(g: NumberGate, now: number): void {
    const from = g.nextAt;
    const dropped = now - CARRY_MS - from;
    if (g.nextAt && dropped > 0) {
      // nothing waited until a send came; after that, a full stage if one held the gate since its turn
      const idle = Math.min(dropped, Math.max(0, g.waitingSince - from));
      g.lost.starved += idle;
      if (g.stageFullAt >= from) g.lost.stage += dropped - idle;
      else g.lost.late += dropped - idle;
    }
  }
}
