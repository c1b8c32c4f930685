/**
 * Campaign statistics from durable facts. A consumer of the domain events (its own checkpoint) moves
 * recipient rows forward on `message.status` and marks replies and quick-reply taps on `message.received`
 * (the customer answered within 3 days); the totals are then read from the counts SQLite keeps beside the
 * rows (triggers of migration 1763701807: exact, in the transaction of every change; an event handled twice
 * after a crash changes nothing) and written on the campaign, which the UI watches over realtime. Reading is
 * coalesced (at most every REFRESH_MS while busy). The same pass closes an occurrence once nothing is left to
 * send.
 */
import type { AppContext } from '../../lib/context.ts';
import type { Consumer } from '../../engine/events/consumers.ts';
import type { StoredEvent } from '../../engine/events/domain-events.ts';
import { pbDate } from '../../lib/records.ts';
import { EXCLUSION_REASONS, REPLY_WINDOW_MS, type ExclusionReason } from './campaign-rules.ts';
import { emptyStats, type CampaignRecord } from './campaign.record.ts';
import type { Stats } from './campaigns.schema.ts';
import type { RawStats, RecipientStore, StatusItem } from './recipient-store.ts';
import { updateRecord } from '../../lib/record-update.ts';

const REFRESH_MS = 400;
/** counting takes at most about a tenth of the time while a campaign is busy */
const COST_SHARE = 10;
const MAX_WAIT_MS = 5_000;
const TRACKED = new Set(['sent', 'delivered', 'read', 'failed']);

export function statsFrom(raw: RawStats): Stats {
  const s = emptyStats();
  for (const r of raw.states) {
    s.audience += r.n;
    if (r.state === 'excluded') {
      const reason = (EXCLUSION_REASONS as readonly string[]).includes(r.reason)
        ? (r.reason as ExclusionReason)
        : 'deleted';
      s.excluded[reason] += r.n;
    } else if (r.state in s && r.state !== 'audience') {
      (s as unknown as Record<string, number>)[r.state]! += r.n;
    }
  }
  s.replied = raw.replied;
  for (const b of raw.buttons) s.buttons[b.button] = b.n;
  return s;
}

export class CampaignStats implements Consumer {
  readonly name = 'campaigns';
  readonly names = ['message.status', 'message.received'] as const;
  private statuses: StatusItem[] = [];
  private replies: Array<{ contact: string; at: string; since: string; until: string; button: string }> = [];
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  /** what the last count took (ms): the next waits COST_SHARE times as long */
  private lastCostMs = 0;
  /** called when an occurrence has nothing left to send (the engine plans a recurring campaign's next run) */
  onOccurrenceDone: ((c: CampaignRecord) => Promise<void>) | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly recipients: RecipientStore,
  ) {}

  async handle(e: StoredEvent): Promise<void> {
    if (e.name === 'message.status') {
      const d = e.data as StoredEvent<'message.status'>['data'];
      if (!e.message || !TRACKED.has(d.status)) return;
      this.statuses.push({
        message: e.message,
        status: d.status as StatusItem['status'],
        at: pbDate(e.at),
        ...(d.status === 'failed' ? { error_code: d.errorCode ?? 0 } : {}),
      });
    } else if (e.name === 'message.received' && e.contact) {
      const d = e.data as StoredEvent<'message.received'>['data'];
      const tap = d.type === 'button' || d.type === 'interactive';
      this.replies.push({
        contact: e.contact,
        at: pbDate(e.at),
        since: pbDate(e.at - REPLY_WINDOW_MS),
        // WhatsApp's timestamp has whole seconds: a reply in the same second as the send is still after it
        until: pbDate(e.at + 1000),
        button: tap ? (d.preview ?? '').slice(0, 200) : '',
      });
    }
  }

  async afterBatch(): Promise<void> {
    const statuses = this.statuses.splice(0);
    const replies = this.replies.splice(0);
    if (statuses.some((s) => s.status === 'failed')) await this.withErrorText(statuses);
    const touched = [...(await this.recipients.status(statuses)), ...(await this.recipients.replied(replies))];
    for (const id of touched) this.touch(id);
  }

  /** Meta's text for failed messages (the event carries only the code). */
  private async withErrorText(items: StatusItem[]): Promise<void> {
    const failed = items.filter((s) => s.status === 'failed');
    const { pb } = this.ctx;
    for (let i = 0; i < failed.length; i += 100) {
      const part = failed.slice(i, i + 100);
      const params: Record<string, string> = {};
      const ors = part.map((s, j) => {
        params[`m${j}`] = s.message;
        return `id = {:m${j}}`;
      });
      const rows = await pb
        .collection('messages')
        .getFullList<{ id: string; error_title: string; error_code: number }>({
          filter: pb.filter(ors.join(' || '), params),
          fields: 'id,error_title,error_code',
          requestKey: null,
        });
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const s of part) {
        const m = byId.get(s.message);
        if (m) {
          s.error_text = m.error_title;
          s.error_code = s.error_code || m.error_code;
        }
      }
    }
  }

  /**
   * Counts again soon (coalesced). The wait grows with what the last pass cost (COST_SHARE), so a slow store
   * is not asked back to back: when the counts were taken from the rows, a pass at 100,000 recipients took
   * longer than REFRESH_MS and made the store's CPU per message grow with the audience (bench:campaign).
   */
  touch(id: string): void {
    this.dirty.add(id);
    this.timer ??= setTimeout(
      () => {
        this.timer = undefined;
        const ids = [...this.dirty];
        this.dirty.clear();
        this.running = this.running.then(async () => {
          const t0 = performance.now();
          for (const c of ids)
            await this.refresh(c).catch((err) => this.ctx.log.warn('campaign stats', { c, err: String(err) }));
          this.lastCostMs = performance.now() - t0;
        });
      },
      Math.min(MAX_WAIT_MS, Math.max(REFRESH_MS, this.lastCostMs * COST_SHARE)),
    );
  }

  /** Counts a campaign's current occurrence now, writes it, and closes the occurrence when it is over. */
  async refresh(id: string): Promise<void> {
    const { pb } = this.ctx;
    const c = await pb
      .collection('campaigns')
      .getOne<CampaignRecord>(id, { requestKey: null })
      .catch(() => undefined);
    if (!c) return;
    const raw = await this.recipients.stats(id, c.occurrence);
    const stats = statsFrom(raw);
    const over = c.state === 'sending' && c.materialized && stats.queued === 0 && stats.waiting_limit === 0;
    const patch: Record<string, unknown> = { stats };
    if (over) {
      patch.resume_at = '';
      if (c.next_run_at) patch.state = 'scheduled';
      else {
        patch.state = 'completed';
        patch.completed_at = pbDate(Date.now());
      }
    }
    await updateRecord(pb, 'campaigns', id, patch);
    if (over) await this.onOccurrenceDone?.({ ...c, ...(patch as Partial<CampaignRecord>) });
  }

  /** Nothing waiting to be counted (tests). */
  async idle(): Promise<void> {
    while (this.timer || this.dirty.size) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        const ids = [...this.dirty];
        this.dirty.clear();
        this.running = this.running.then(async () => {
          for (const c of ids) await this.refresh(c).catch(() => undefined);
        });
      }
      await this.running;
    }
    await this.running;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
