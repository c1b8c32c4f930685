/**
 * A number's health for the manager's home screen: quality with its 30-day trend (from quality_history,
 * which webhooks and the periodic standing read append to), status with Meta's restriction details,
 * throughput, the messaging limit (figures from the send rails' one counter, `ctx.limits`), people
 * contacted in the last 24 h / 7 days (rollups) and what moves it to the next tier (tier-rules.ts).
 */
import type { PocketBase } from '../../lib/pb.ts';
import type { WaNumberRecord } from '../../lib/records.ts';
import { wallClock } from '../calendar/business-calendar.ts';
import { isActive, type AccountRestriction } from '../channels/whatsapp/account-rules.ts';
import { hourOf, HOUR_MS } from './analytics-rules.ts';
import type { AnalyticsService } from './analytics.service.ts';
import { TIER_RULES_SOURCE, tierRule } from './tier-rules.ts';

/** Contract A (branch rails): the send rails' messaging-limit counter on the app context. */
export interface LimitUsage {
  tier: string;
  limit: number | null;
  used: number;
  resets_at: string | null;
}
export interface LimitsCounter {
  usage(numberId: string): Promise<LimitUsage>;
}

export type HistoryEntry = {
  at: string;
  event: string;
  rating?: string;
  from?: string;
  tier?: string;
  status?: string;
};
type NumberRow = WaNumberRecord & {
  account_restriction?: AccountRestriction | null;
  quality_history: HistoryEntry[] | null;
};

const DAY = 86_400_000;

/** The rating in effect at the end of each of the last `days` days (business time zone), oldest first. */
export function qualityTrend(
  history: HistoryEntry[],
  current: string,
  now: number,
  tz: string,
  days = 30,
): Array<{ date: string; rating: string }> {
  const rated = history
    .filter((h) => h.rating)
    .map((h) => ({ at: Date.parse(h.at), rating: h.rating!, from: h.from }))
    .filter((h) => Number.isFinite(h.at))
    .sort((a, b) => a.at - b.at);
  const out: Array<{ date: string; rating: string }> = [];
  for (let i = days - 1; i >= 0; i--) {
    const dayEnd = i === 0 ? now : now - i * DAY;
    const date = wallClock(dayEnd, tz).date;
    // the last change up to that day's end; before the first recorded change, what it changed from (a
    // quality that dropped today was high the days before), else the earliest rating known (the current
    // one when nothing was recorded)
    let rating = rated.length ? rated[0]!.from || rated[0]!.rating : current;
    for (const h of rated) if (h.at <= dayEnd) rating = h.rating;
    if (i === 0) rating = current || rating;
    out.push({ date, rating });
  }
  return out;
}

export function statusDetail(n: NumberRow, now = Date.now()) {
  const r = n.account_restriction;
  return isActive(r, now) && r
    ? { event: r.event, restrictions: r.what, until: r.until ? new Date(r.until * 1000).toISOString() : null, at: r.at }
    : null;
}

export class NumberStatusService {
  constructor(
    private readonly deps: { pb: PocketBase; analytics: AnalyticsService; limits: () => LimitsCounter | undefined },
  ) {}

  async list(now = Date.now()) {
    const rows = await this.deps.pb.collection('wa_numbers').getFullList<NumberRow>({ sort: 'created' });
    return Promise.all(rows.map((n) => this.one(n, now)));
  }

  async one(n: NumberRow, now = Date.now()) {
    const { analytics } = this.deps;
    const tz = await analytics.timezone(n.id);
    const limits = this.deps.limits();
    const [usage, c24, c7] = await Promise.all([
      limits ? limits.usage(n.id) : Promise.resolve(undefined),
      analytics.reach(hourOf(now - 24 * HOUR_MS), now + 1, n.id),
      analytics.reach(hourOf(now - 7 * DAY), now + 1, n.id),
    ]);
    const tier = usage?.tier || n.messaging_limit_tier || '';
    const rule = tierRule(tier);
    return {
      id: n.id,
      display_phone_number: n.display_phone_number,
      verified_name: n.verified_name,
      quality_rating: n.quality_rating ?? '',
      quality_trend: qualityTrend(n.quality_history ?? [], n.quality_rating ?? '', now, tz),
      status: n.status || (statusDetail(n, now) ? 'RESTRICTED' : ''),
      status_detail: statusDetail(n, now),
      throughput: n.throughput ?? '',
      throughput_mps: n.throughput_mps || 80,
      messaging_limit: tier,
      limit: usage ? usage.limit : (rule?.limit ?? null),
      limit_used_24h: usage ? usage.used : null,
      limit_resets_at: usage?.resets_at ?? null,
      contacted_24h: c24,
      contacted_7d: c7,
      next_tier: rule?.next ? { ...rule.next, source: TIER_RULES_SOURCE } : null,
    };
  }
}
