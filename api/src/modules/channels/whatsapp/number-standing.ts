/**
 * Reads each number's standing from Meta — messaging limit (`whatsapp_business_manager_messaging_limit`; the
 * `messaging_limit_tier` field is deprecated), quality rating, status and throughput — at start and every few
 * hours (one recurring scheduler row, `recurring:numbers.standing`). Webhooks move these too
 * (account-events.ts), but Meta sends none for some changes and a missed webhook would leave the row stale.
 */
import type { EventBus } from '../../../../../realtime/src/event-bus.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { PocketBase } from '../../../lib/pb.ts';
import { pbDate, type WaNumberRecord } from '../../../lib/records.ts';
import type { Scheduler } from '../../../engine/scheduler/scheduler.ts';
import type { GraphClient } from './graph-client.ts';
import { updateRecord } from '../../../lib/record-update.ts';

export const NUMBER_STANDING = 'numbers.standing';
export const STANDING_FIELDS = 'quality_rating,status,throughput,whatsapp_business_manager_messaging_limit';
const RATINGS = new Set(['GREEN', 'YELLOW', 'RED', 'UNKNOWN']);

export interface Standing {
  tier?: string;
  quality?: WaNumberRecord['quality_rating'];
  status?: string;
  throughput?: string;
}

const text = (v: unknown, max = 40): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined;

/** Meta's answer as a standing; tolerant of an integer limit (some portfolios report one) and unknown values. */
export function standingOf(info: Record<string, unknown>): Standing {
  const raw = info.whatsapp_business_manager_messaging_limit;
  const tier = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : text(raw);
  const rating = text(info.quality_rating)?.toUpperCase();
  const tp = info.throughput as { level?: unknown } | undefined;
  const out: Standing = {};
  if (tier) out.tier = tier;
  if (rating && RATINGS.has(rating)) out.quality = rating as Standing['quality'];
  const status = text(info.status);
  if (status) out.status = status;
  const level = text(tp?.level);
  if (level) out.throughput = level;
  return out;
}

/** How long what a webhook said outranks a read of the number's fields that disagrees with it. */
export const WEBHOOK_WINS_MS = 6 * 3_600_000;

type HistoryRow = NonNullable<WaNumberRecord['quality_history']>[number];

/**
 * Meta's fields lag its webhooks: read right after a FLAGGED or DOWNGRADE webhook (which is when we read,
 * to learn what the webhook did not say), `quality_rating` and the limit can still show the old values.
 * A read must not undo a webhook of the last few hours; after that (or once they agree) the read counts.
 */
export function withoutStaleReads(s: Standing, history: readonly HistoryRow[], now = Date.now()): Standing {
  const out = { ...s };
  const recent = history.filter((h) => h.event !== 'READ_FROM_META' && now - Date.parse(h.at) < WEBHOOK_WINS_MS);
  const lastRating = recent.findLast((h) => h.rating)?.rating;
  const lastTier = recent.findLast((h) => h.tier)?.tier;
  if (lastRating && out.quality && out.quality !== lastRating) delete out.quality;
  if (lastTier && out.tier && out.tier !== lastTier) delete out.tier;
  return out;
}

export class NumberStanding {
  constructor(private readonly deps: { pb: PocketBase; graph: GraphClient; bus: EventBus; log: Logger }) {}

  async start(scheduler: Scheduler, everyHours = 6): Promise<void> {
    scheduler.register(NUMBER_STANDING, {
      concurrency: 1,
      maxAttempts: 1,
      leaseMs: 5 * 60_000,
      handler: async () => void (await this.refreshAll()),
    });
    await scheduler.recurring(
      NUMBER_STANDING,
      { everyMs: everyHours * 3_600_000 },
      { runNow: true, principal: 'system:numbers' },
    );
  }

  /** One failing number (token revoked, Meta down) does not stop the others; returns the numbers read. */
  async refreshAll(): Promise<number> {
    const rows = await this.deps.pb.collection('wa_numbers').getFullList<WaNumberRecord>({ sort: 'created' });
    let n = 0;
    for (const row of rows) {
      try {
        await this.refresh(row);
        n++;
      } catch (err) {
        this.deps.log.warn('number standing read failed', { phoneNumberId: row.phone_number_id, err: String(err) });
      }
    }
    return n;
  }

  async refresh(row: WaNumberRecord): Promise<Standing> {
    const { pb, graph, bus } = this.deps;
    const s = withoutStaleReads(
      standingOf(await graph.getPhoneNumber(row.phone_number_id, STANDING_FIELDS)),
      row.quality_history ?? [],
    );
    const patch: Record<string, unknown> = { standing_read_at: pbDate(Date.now()) };
    if (s.tier) patch.messaging_limit_tier = s.tier;
    if (s.quality) patch.quality_rating = s.quality;
    if (s.status) patch.status = s.status;
    if (s.throughput) patch.throughput = s.throughput;
    const tierChanged = !!s.tier && s.tier !== row.messaging_limit_tier;
    const qualityChanged = !!s.quality && s.quality !== row.quality_rating;
    // a status change (FLAGGED, RESTRICTED…) is kept in the history too: the dashboard's alerts are keyed on it
    const statusChanged = !!s.status && !!row.status && s.status !== row.status;
    if (tierChanged || qualityChanged || statusChanged) {
      // the history shows what Meta reported when it changed, webhook or not
      patch.quality_history = [
        ...(row.quality_history ?? []),
        {
          at: new Date().toISOString(),
          event: 'READ_FROM_META',
          ...(s.quality ? { rating: s.quality } : {}),
          ...(qualityChanged && row.quality_rating ? { from: row.quality_rating } : {}),
          ...(s.tier ? { tier: s.tier } : {}),
          ...(statusChanged ? { status: s.status } : {}),
        },
      ].slice(-200);
    }
    await updateRecord(pb, 'wa_numbers', row.id, patch);
    if (tierChanged || qualityChanged || statusChanged) {
      bus.publish('number.quality', {
        actor: { kind: 'system', name: 'whatsapp' },
        phoneNumberId: row.phone_number_id,
        event: 'READ_FROM_META',
        ...(s.quality ? { qualityRating: s.quality } : {}),
        ...(s.tier ? { tier: s.tier } : {}),
      });
    }
    return s;
  }
}
