/**
 * Group commit for the writer's hot little writes. Calls that arrive while the writer is busy wait
 * together and are done by ONE writer task, which takes whatever has gathered when it starts (up to
 * `max`; the rest goes to the next task). Each caller still gets its own answer: if the batch fails
 * for a reason of its own (a refused record), every call is done again alone, so the bad one fails
 * and the others land — the transaction of the batch wrote nothing. A failure every call would share
 * (the store is unavailable) fails them all at once: the callers retry.
 */
type Pending<I, R> = { item: I; resolve: (r: R) => void; reject: (e: unknown) => void };

export class Coalescer<I, R = void> {
  private pending: Pending<I, R>[] = [];
  private scheduled = false;
  /** writer tasks run, and calls done by them (tests read these) */
  batches = 0;
  calls = 0;

  constructor(
    private readonly opts: {
      /** runs fn as one writer task */
      schedule: (fn: () => Promise<void>) => Promise<void>;
      /** does all the items in one go (one transaction) and answers each (in order), or throws */
      run: (items: I[]) => Promise<R[] | undefined>;
      /** errors that say nothing about the items (no point in trying them one by one) */
      shared: (err: unknown) => boolean;
      max?: number;
    },
  ) {}

  add(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.arm();
    });
  }

  private arm(): void {
    if (this.scheduled || this.pending.length === 0) return;
    this.scheduled = true;
    // flush never throws: each call's outcome goes to its own promise
    void this.opts.schedule(() => this.flush()).catch(() => undefined);
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, this.opts.max ?? 100);
    this.scheduled = false;
    // what is left over, and whatever arrives while this batch is written, goes in the next task
    this.arm();
    if (batch.length === 0) return;
    this.batches++;
    this.calls += batch.length;
    try {
      const out = await this.opts.run(batch.map((p) => p.item));
      batch.forEach((p, i) => {
        p.resolve((out ? out[i] : undefined) as R);
      });
    } catch (err) {
      if (batch.length === 1 || this.opts.shared(err)) {
        for (const p of batch) p.reject(err);
        return;
      }
      for (const p of batch) {
        try {
          const out = await this.opts.run([p.item]);
          p.resolve((out ? out[0] : undefined) as R);
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }
}
