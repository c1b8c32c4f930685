/**
 * The sending engine, on the one scheduler and the one send path:
 *
 * - `campaign.occurrence` (at a time, now, or recurring by cron with its time zone) opens an occurrence: the
 *   occurrence number goes up once per scheduler run (the run's time is kept, so a run repeated after a
 *   crash reopens nothing), and the first slice is scheduled.
 * - `campaign.send` is a slice of about SLICE_MS: it writes the audience as recipient rows a page at a time
 *   (insert-or-ignore on the unique (campaign, occurrence, contact) index, cursor saved after each page),
 *   then hands recipients to `ctx.send.enqueue` as a stream (hand-over.ts) with purpose 'campaign', principal
 *   system('campaign', id) and the client id cmp:<campaign>:<occurrence>:<contact>. The send path's unique
 *   client id makes a recipient handed over twice (a slice repeated after a crash) one message; the outbound
 *   queue sends it once, reconciling a send caught mid-request by biz_opaque_callback_data. Then the slice
 *   schedules the next one. Memory stays bounded: a page or two of recipients and at most `pace` messages waiting
 *   in the outbound queue at a time.
 * - the messaging limit (contract A: 429 `messaging_limit` with retry_after_s) puts everyone not yet handed
 *   over in `waiting_limit` with the time it resumes; the next slice is scheduled for then.
 */
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { pbDate, parsePbDate, type WaNumberRecord } from '../../lib/records.ts';
import type { JobContext, WorkItem } from '../../engine/scheduler/scheduler.ts';
import { nextRunAfter } from '../../engine/scheduler/recurrence.ts';
import type { FieldDefs } from '../contacts/field-defs.ts';
import { audienceFilter, audiencePages, lastInbound } from './audience.ts';
import { exclusionFor } from './campaign-rules.ts';
import { emptyStats, type CampaignRecord } from './campaign.record.ts';
import { buildMessage, categoryOf, countryOf, loadContentContext, type ContentContext } from './content.ts';
import type { RecipientRow, RecipientStore } from './recipient-store.ts';
import type { CampaignStats } from './campaign-stats.ts';
import { HandOver } from './hand-over.ts';
import { feedRate, type FeedSample } from './pacing.ts';
import { newRecordId } from '../../lib/records.ts';
import { updateRecord } from '../../lib/record-update.ts';

/** a slice hands recipients over for about this long, then the next slice continues (a crash costs at most its lease) */
const SLICE_MS = 5_000;
const PAGE = 500;
const AUDIENCE_PAGE = 500;

interface SlicePayload {
  campaign: string;
  occurrence: number;
  seq: number;
}

export interface EngineOptions {
  /** how long a slice writes recipient rows before handing over (default half a slice; tests: 0 = one page) */
  materializeMs?: number;
}

export class CampaignEngine {
  private readonly handOver: HandOver;
  /** per number: its departures counter at the last slice's start, and the rate it was fed at */
  private readonly departures = new Map<string, FeedSample>();

  constructor(
    private readonly ctx: AppContext,
    private readonly deps: { recipients: RecipientStore; defs: FieldDefs; stats: CampaignStats },
    private readonly opts: EngineOptions = {},
  ) {
    this.handOver = new HandOver(ctx, deps);
  }

  register(): void {
    const { scheduler } = this.ctx;
    scheduler.register<{ campaign: string }>('campaign.occurrence', {
      handler: (item, job) => this.openOccurrence(item, job),
      concurrency: 4,
      maxAttempts: 10,
    });
    scheduler.register<SlicePayload>('campaign.send', {
      handler: (item, job) => this.slice(item, job),
      concurrency: 4,
      maxAttempts: 50,
      leaseMs: 12 * SLICE_MS,
      backoff: { baseMs: 1000, maxMs: 30_000 },
    });
  }

  private get pb() {
    return this.ctx.pb;
  }

  private campaign(id: string): Promise<CampaignRecord | undefined> {
    return this.pb
      .collection('campaigns')
      .getOne<CampaignRecord>(id, { requestKey: null })
      .catch((err) => {
        if ((err as { status?: number }).status === 404) return undefined;
        throw err;
      });
  }

  // ---- schedules -------------------------------------------------------------------------------------

  /** Puts the campaign's next run on the scheduler: now, at its time, or on its cron. */
  async plan(c: CampaignRecord, now = false): Promise<void> {
    const { scheduler } = this.ctx;
    const payload = { campaign: c.id };
    const s = c.schedule;
    if (now || !s) {
      await scheduler.schedule({
        kind: 'campaign.occurrence',
        payload,
        dedupeKey: `campaign:${c.id}:now:${scheduler.clock.now()}`,
        principal: `system:campaign:${c.id}`,
      });
    } else if ('at' in s) {
      const at = Date.parse(s.at);
      await scheduler.schedule({
        kind: 'campaign.occurrence',
        payload,
        runAt: at,
        dedupeKey: `campaign:${c.id}:at:${at}`,
        principal: `system:campaign:${c.id}`,
      });
    } else {
      await scheduler.recurring(
        'campaign.occurrence',
        { cron: s.cron, timezone: s.timezone },
        {
          key: `campaign:${c.id}`,
          payload,
          principal: `system:campaign:${c.id}`,
        },
      );
    }
  }

  /** Takes the campaign's future runs off the scheduler (pause, cancel, edit, delete). */
  async unplan(c: CampaignRecord): Promise<void> {
    const keys = [`recurring:campaign:${c.id}`];
    if (c.schedule && 'at' in c.schedule) keys.push(`campaign:${c.id}:at:${Date.parse(c.schedule.at)}`);
    await this.ctx.scheduler.cancel(keys);
  }

  /** The next slice of a running occurrence (resume after a pause, or a limit wait). */
  /**
   * Schedules the next slice (at `at`, else now). `after` is the slice that schedules it: a slice run twice
   * (its lease expired) schedules its follow-up once. Keyed by the slice, not by the time: two follow-ups in
   * the same millisecond (or under a test's stopped clock) are different slices.
   */
  async continue(c: CampaignRecord, at?: number, after?: string): Promise<void> {
    const now = this.ctx.scheduler.clock.now();
    await this.ctx.scheduler.schedule<SlicePayload>({
      kind: 'campaign.send',
      payload: { campaign: c.id, occurrence: c.occurrence, seq: now },
      runAt: at ?? now,
      dedupeKey: `campaign:${c.id}:${c.occurrence}:${after ? `after:${after}` : `slice:${now}`}`,
      principal: `system:campaign:${c.id}`,
    });
  }

  nextRun(c: Pick<CampaignRecord, 'schedule'>, after: number): number | undefined {
    const s = c.schedule;
    if (!s || !('cron' in s)) return undefined;
    const next = nextRunAfter({ cron: s.cron, timezone: s.timezone }, after);
    if (next === undefined || (s.until && next > Date.parse(s.until))) return undefined;
    return next;
  }

  // ---- an occurrence opens ---------------------------------------------------------------------------

  private async openOccurrence(item: WorkItem<{ campaign: string }>, job: JobContext): Promise<void> {
    const c = await this.campaign(item.payload.campaign);
    if (!c || !['scheduled', 'sending', 'draft'].includes(c.state)) return;
    const s = c.schedule;
    const now = job.now();
    if (s && 'cron' in s && s.until && now > Date.parse(s.until)) {
      await this.unplan(c);
      await updateRecord(this.pb, 'campaigns', c.id, {
        state: 'completed',
        completed_at: pbDate(now),
        next_run_at: '',
      });
      return;
    }
    // a recurring run while the previous occurrence is still going: this one is skipped, not stacked
    if (c.state === 'sending' && c.occurrence_run !== item.runAt) return;
    let occurrence = c.occurrence;
    if (c.occurrence_run !== item.runAt) {
      occurrence = (c.occurrence ?? 0) + 1;
      const next = this.nextRun(c, now);
      await updateRecord(this.pb, 'campaigns', c.id, {
        state: 'sending',
        occurrence,
        occurrence_run: item.runAt,
        cursor: '',
        materialized: false,
        resume_at: '',
        error: '',
        started_at: pbDate(now),
        completed_at: '',
        next_run_at: next ? pbDate(next) : '',
        stats: emptyStats(),
      });
    }
    await job.scheduler.schedule<SlicePayload>({
      kind: 'campaign.send',
      payload: { campaign: c.id, occurrence, seq: 0 },
      dedupeKey: `campaign:${c.id}:${occurrence}:slice:0`,
      principal: `system:campaign:${c.id}`,
    });
  }

  // ---- a slice ---------------------------------------------------------------------------------------

  /** What the number is fed per second during this slice (pacing.ts), from what left for Meta meanwhile. */
  private achievable(number: WaNumberRecord): number {
    const now = Date.now();
    const departed = this.ctx.outbound.departed(number.phone_number_id);
    const { fed, sample } = feedRate(this.departures.get(number.id), {
      now,
      departed,
      mps: number.throughput_mps || 80,
      staleMs: 4 * SLICE_MS,
    });
    this.departures.set(number.id, sample);
    return fed;
  }

  private async slice(item: WorkItem<SlicePayload>, job: JobContext): Promise<void> {
    const { campaign: id, occurrence } = item.payload;
    let c = await this.campaign(id);
    if (!c || c.state !== 'sending' || c.occurrence !== occurrence) return;
    const deadline = Date.now() + SLICE_MS;
    const number = await this.pb.collection('wa_numbers').getOne<WaNumberRecord>(c.number, { requestKey: null });
    const content = { template: c.template ?? undefined, text: c.text ?? undefined };
    let cc: ContentContext;
    try {
      cc = await loadContentContext(this.pb, number, content);
    } catch (err) {
      if (err instanceof AppError) return this.fail(c, err.message);
      throw err;
    }
    if (!c.materialized) {
      // The first recipients are handed over while the rest of the audience is still being written: half of
      // each slice writes rows, the other half sends (the rows of a 100,000 audience took ~50 s to write, and
      // nothing left before they all were). Under the messaging limit the slices only write rows.
      const limited = parsePbDate(c.resume_at) > job.now();
      const done = await this.materialize(
        c,
        number,
        cc,
        job,
        limited ? deadline : Date.now() + (this.opts.materializeMs ?? SLICE_MS / 2),
      );
      if (!done) {
        if (limited) return this.next(c, job, item.id);
      } else {
        c = { ...c, materialized: true };
        if (limited) {
          // the rows written since the limit was reached wait for it too
          await this.deps.recipients.wait(id, occurrence, c.resume_at);
          this.deps.stats.touch(id);
          return this.continue(c, parsePbDate(c.resume_at), item.id);
        }
      }
    }
    // about four seconds of sends waiting in the outbound queue: a wave of enqueues under load (about a
    // second) or the gap between two slices never leaves the number idle; a pause still stops it within that
    const fed = this.achievable(number);
    const pace = Math.max(20, fed * 4);
    // below the cap: the sends leave evenly at that pace rather than a batch at once (a slice or two long)
    this.ctx.outbound.pace(
      number.phone_number_id,
      fed < (number.throughput_mps || 80) ? fed : undefined,
      Date.now() + 3 * SLICE_MS,
    );
    const outcome = await this.handOver.run(c, number, {
      pace,
      signal: job.signal,
      deadline,
      now: () => job.now(),
    });
    this.deps.stats.touch(id);
    if (outcome.fatal) return this.pause(c, outcome.fatal);
    if (outcome.retryAt) {
      const at = pbDate(outcome.retryAt);
      await this.deps.recipients.wait(id, occurrence, at);
      await updateRecord(this.pb, 'campaigns', id, { resume_at: at });
      this.deps.stats.touch(id);
      // the rest of the audience is written meanwhile, so the counts are whole while it waits
      return this.continue(c, c.materialized ? outcome.retryAt : job.now(), item.id);
    }
    if (job.signal.aborted) return;
    if (!outcome.exhausted || !c.materialized) {
      const fresh = await this.campaign(id);
      if (!fresh || fresh.state !== 'sending' || fresh.occurrence !== occurrence) return;
      return this.next(c, job, item.id);
    }
    // everything is handed over, or waits for a time not reached yet
    const st = await this.deps.recipients.stats(id, occurrence);
    if (st.unsent > 0) {
      const waiting = await this.pb.collection('campaign_recipients').getList<RecipientRow>(1, 1, {
        filter: this.pb.filter("campaign = {:c} && occurrence = {:o} && state = 'waiting_limit' && message = ''", {
          c: id,
          o: occurrence,
        }),
        sort: 'retry_at',
        fields: 'retry_at',
        skipTotal: true,
        requestKey: null,
      });
      const at = parsePbDate(waiting.items[0]?.retry_at) || job.now() + 1000;
      return this.continue(c, Math.max(at, job.now() + 100), item.id);
    }
    await updateRecord(this.pb, 'campaigns', id, { resume_at: '' });
    await this.deps.stats.refresh(id);
  }

  private next(c: CampaignRecord, job: JobContext, slice: string): Promise<void> {
    return this.continue(c, job.now(), slice);
  }

  private async fail(c: CampaignRecord, error: string): Promise<void> {
    await updateRecord(this.pb, 'campaigns', c.id, { state: 'failed', error: error.slice(0, 2000) });
  }

  private async pause(c: CampaignRecord, error: string): Promise<void> {
    await updateRecord(this.pb, 'campaigns', c.id, { state: 'paused', error: error.slice(0, 2000) });
    this.deps.stats.touch(c.id);
  }

  /** Writes recipient rows for the audience, a page at a time, until done (true) or the slice's time is up. */
  private async materialize(
    c: CampaignRecord,
    number: WaNumberRecord,
    cc: ContentContext,
    job: JobContext,
    deadline: number,
  ): Promise<boolean> {
    const filter = await audienceFilter(this.pb, c.audience, { userId: c.created_by, defs: this.deps.defs });
    const marketing = categoryOf(cc) === 'MARKETING';
    const freeText = !!c.text;
    for await (const page of audiencePages(this.pb, number.id, filter, c.cursor, AUDIENCE_PAGE)) {
      if (job.signal.aborted) return false;
      const inbound = freeText
        ? await lastInbound(
            this.pb,
            page.map((p) => p.id),
          )
        : undefined;
      const now = job.now();
      const rows = page.map((contact) => {
        const built = c.text ? undefined : buildMessage({ template: c.template ?? undefined }, cc, contact);
        const reason = exclusionFor(contact, {
          now,
          marketing,
          freeText,
          lastInboundAt: inbound?.get(contact.id),
          hasLanguage: built ? !(built.ok === false && 'reason' in built) : true,
        });
        return {
          id: newRecordId(),
          campaign: c.id,
          occurrence: c.occurrence,
          contact: contact.id,
          name: (
            contact.name ||
            [contact.first_name, contact.last_name].filter(Boolean).join(' ') ||
            contact.profile_name ||
            ''
          ).slice(0, 300),
          phone: contact.phone ?? '',
          country: countryOf(contact),
          language: built?.ok ? built.language : (contact.language ?? ''),
          state: reason ? ('excluded' as const) : ('queued' as const),
          excluded_reason: reason ?? '',
        };
      });
      await this.deps.recipients.insert(rows);
      const cursor = page[page.length - 1]!.id;
      await updateRecord(this.pb, 'campaigns', c.id, { cursor });
      c.cursor = cursor;
      this.deps.stats.touch(c.id);
      if (Date.now() > deadline) return false;
    }
    await updateRecord(this.pb, 'campaigns', c.id, { materialized: true });
    return true;
  }
}
