/**
 * One stage of bench:ingest: the generator posts `count` deliveries at `rate`/s from `startAt`; meanwhile every
 * 500 ms the bench reads how many inbound messages the store holds that were created since the stage began
 * (StoredSince), the writer's queue (GET /api/health) and how far the journal's checkpoint is behind. The stage ends when the generator has every answer and the journal is
 * drained (in-flight chunks included), then once the observers have gone quiet.
 *
 * Processing is the writer's sustained drain rate: inbound messages stored per second over the time the journal
 * was behind (not bounded by the schedule when the stage offers more than Spunta takes).
 */
import type { ChildProcess } from 'node:child_process';
import type { StageOrder, StageResult } from './generator.ts';
import { journalBehind } from './journal.ts';
import type { Observer } from './observers.ts';
import { epochNow, orderedIdPrefix, percentile } from './shape.ts';
import type { DirectPb } from './store.ts';
import type { PeakRss } from './report.ts';
import type { Role } from './store.ts';

export interface StageSpec {
  label: string;
  /** deliveries per second (half of them inbound messages) */
  rate: number;
  count: number;
}

export interface Pct {
  n: number;
  p50: number;
  p99: number;
}

export interface StageStats {
  spec: StageSpec;
  gen: StageResult;
  stored: number;
  /** inbound messages stored per second while the journal was behind */
  processed: number;
  busyS: number;
  /** the writer kept up: drained within max(1 s, a tenth of the stage) of the last due delivery (processed ≈ offered: not a capacity) */
  keptUp: boolean;
  queuePeak: number;
  /** last due delivery → journal drained, s (-1: not drained before the timeout) */
  drainLagS: number;
  realtime: Pct;
  byRole: Record<Role, Pct>;
  openChat: Pct & { expected: number };
  perClient: Array<{ email: string; role: Role } & Pct & { chat: number; expected: number }>;
  rss: Record<string, number>;
  /** the bench's own count (two requests to PocketBase), mean ms per poll */
  countMs: number;
  deadLetters: number;
}

/**
 * Inbound messages stored since a stage began, counted incrementally. Message ids are time-ordered
 * (orderedRecordId: shape.ts orderedIdPrefix) and inbound ones are assigned by the one writer, which plans a
 * chunk only after the previous one committed: the committed inbound messages are always every id up to some
 * id. So each poll reads the newest inbound id, then counts the inbound rows between the previous poll's
 * newest and it — exact, at a cost proportional to what arrived since the last poll, not to the whole stage.
 */
class StoredSince {
  private total = 0;
  constructor(
    private readonly db: DirectPb,
    private boundary: string,
  ) {}
  async read(): Promise<number> {
    const newest = await this.db.get<{ items: Array<{ id: string }> }>(
      `/api/collections/messages/records?perPage=1&skipTotal=1&sort=-id&fields=id&filter=${encodeURIComponent(`id > '${this.boundary}' && direction = 'in'`)}`,
    );
    const top = newest.items[0]?.id;
    if (!top) return this.total;
    this.total += await this.db.count('messages', `id > '${this.boundary}' && id <= '${top}' && direction = 'in'`);
    this.boundary = top;
    return this.total;
  }
}

const pct = (xs: number[]): Pct => ({ n: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99) });

export async function runStage(o: {
  stage: number;
  spec: StageSpec;
  url: string;
  dataDir: string;
  db: DirectPb;
  gen: ChildProcess;
  observers: Observer[];
  rss: PeakRss;
  drainTimeoutS: number;
}): Promise<StageStats> {
  const { stage, spec, url, dataDir, db, gen, observers, rss } = o;
  const startAt = epochNow() + 300;
  const counter = new StoredSince(db, orderedIdPrefix(startAt - 100));
  const samples: Array<{ t: number; stored: number; behind: number; queue: number }> = [];
  let countMs = 0;
  let deadLetters = 0;
  let result: StageResult | undefined;
  const done = new Promise<StageResult>((res) => {
    const on = (m: { type: string; result?: StageResult }) => {
      if (m.type === 'done' && m.result?.stage === stage) {
        gen.off('message', on);
        res(m.result);
      }
    };
    gen.on('message', on);
  });
  void done.then((r) => (result = r));
  for (const ob of observers) ob.reset();
  rss.start();
  const order: StageOrder = { stage, rate: spec.rate, count: spec.count, startAt };
  gen.send({ type: 'stage', order });
  const deadline = startAt + (spec.count / spec.rate) * 1000 + o.drainTimeoutS * 1000;
  let drainedAt = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    const stored = await counter.read();
    const t = epochNow();
    countMs += performance.now() - t0;
    const health = (await (await fetch(`${url}/api/health`)).json()) as {
      channel: { webhook_backlog: number; dead_letters: number };
    };
    deadLetters = health.channel.dead_letters;
    const behind = journalBehind(dataDir);
    samples.push({ t, stored, behind, queue: health.channel.webhook_backlog });
    // every acknowledged delivery is in the journal before its answer: the generator has them all and the
    // checkpoint is at the journal's end → everything is committed (or dead-lettered)
    if (result && behind === 0) {
      drainedAt = t;
      break;
    }
    if (t > deadline) {
      process.stdout.write(`  stage ${spec.label}: not drained after ${o.drainTimeoutS} s; moving on\n`);
      break;
    }
  }
  // the drain was seen after the last count: count once more
  const final = drainedAt > 0 ? { stored: await counter.read(), t: epochNow() } : samples.at(-1)!;
  const gr = result ?? (await done);
  // realtime: wait until no observer has been shown anything for 1.5 s (at most 30 s)
  const quietFrom = epochNow();
  while (epochNow() - quietFrom < 30_000) {
    const last = Math.max(0, ...observers.map((ob) => ob.lastEventAt));
    if (epochNow() - last > 1500) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const peaks = rss.stop();

  const stored = final.stored;
  const busy = samples.filter((s) => s.behind > 0);
  const first = busy[0];
  const last = busy.at(-1);
  const busyS = first && last ? (last.t - first.t) / 1000 : 0;
  const endAt = drainedAt > 0 ? drainedAt : samples.at(-1)!.t;
  const drainLagS = drainedAt > 0 ? (drainedAt - gr.lastDue) / 1000 : -1;
  const offerS = (gr.lastDue - startAt) / 1000;
  // kept up: drained within a second (or a tenth of the stage) of the last due delivery
  const keptUp = drainLagS >= 0 && drainLagS < Math.max(1, offerS / 10);
  // otherwise the drain rate: from the first poll that found the journal behind to the last (or the drain)
  const to = drainedAt > 0 ? final : last;
  const processed =
    !keptUp && first && to && to.t - first.t >= 1000
      ? ((to.stored - first.stored) * 1000) / (to.t - first.t)
      : stored / Math.max(0.001, (endAt - startAt) / 1000);

  const roles: Role[] = ['operator', 'manager', 'admin'];
  const byRole = Object.fromEntries(
    roles.map((r) => [r, pct(observers.filter((ob) => ob.role === r).flatMap((ob) => ob.samples(stage).first))]),
  ) as Record<Role, Pct>;
  const chat = observers.flatMap((ob) => ob.samples(stage).chat);
  return {
    spec,
    gen: gr,
    stored,
    processed,
    busyS,
    keptUp,
    queuePeak: Math.max(...samples.map((s) => s.queue)),
    drainLagS,
    realtime: pct(observers.flatMap((ob) => ob.samples(stage).first)),
    byRole,
    openChat: { ...pct(chat), expected: gr.openAcked.reduce((a, b) => a + b, 0) },
    perClient: observers.map((ob, i) => ({
      email: ob.user.email,
      role: ob.role,
      ...pct(ob.samples(stage).first),
      chat: ob.samples(stage).chat.length,
      expected: gr.openAcked[i] ?? 0,
    })),
    rss: peaks,
    countMs: countMs / samples.length,
    deadLetters,
  };
}
