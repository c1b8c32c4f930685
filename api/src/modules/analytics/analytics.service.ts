/**
 * The dashboard's figures, answered from the rollups only (a few SQL aggregates through
 * pb_hooks/analytics.pb.js) — never from the messages table. Periods are in the business time zone
 * (the number's business hours, else the global ones).
 */
import { TZDate, tzOffset } from '@date-fns/tz';
import { AppError } from '../../lib/errors.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { wallClock, WEEKDAYS } from '../calendar/business-calendar.ts';
import { emptyCounters, HOUR_MS, MINUTE_MS, type Counters } from './analytics-rules.ts';
import type { BusinessCalendars } from './business-calendars.ts';
import { MINUTES_RETENTION_MS } from './analytics.consumer.ts';

export type Bucket = 'minute' | 'hour' | 'day' | 'month' | 'quarter' | 'year';
export const MAX_POINTS = 5000;

type Row = Counters & { agent: string; hour: number };

export interface Duration {
  raw: number | null;
  business: number | null;
}
export interface Perf {
  conversations: number;
  messages_sent: number;
  first_response_s: Duration;
  avg_response_s: Duration;
  resolution_s: Duration;
}

export interface MonthFigures {
  people_contacted: number;
  conversations: number;
  messages_exchanged: number;
  templates_sent: number;
  templates_by_category: { marketing: number; utility: number; authentication: number };
  free_messages_sent: number;
  messages_received: number;
  sent: number;
  delivered: number;
  read: number;
}

/** the mean of durations summed in ms, in seconds with one decimal */
const mean = (sumMs: number, n: number) => (n ? Math.round(sumMs / n / 100) / 10 : null);

/** Perf of one operator (their rows) or of the team (every row; conversations = cycles opened). */
export function perfOf(c: Counters, team: boolean): Perf {
  return {
    conversations: team ? c.opened : c.handled,
    messages_sent: c.human_out,
    first_response_s: { raw: mean(c.first_raw, c.first_n), business: mean(c.first_biz, c.first_n) },
    avg_response_s: { raw: mean(c.resp_raw, c.resp_n), business: mean(c.resp_biz, c.resp_n) },
    resolution_s: { raw: mean(c.resol_raw, c.resol_n), business: mean(c.resol_biz, c.resol_n) },
  };
}

export function addCounters(into: Counters, c: Counters): Counters {
  for (const k of Object.keys(into) as Array<keyof Counters>) into[k] += Number(c[k]) || 0;
  return into;
}

/** Local start of a bucket containing `t`, and the next one (epoch ms), in a time zone. */
export function bucketBounds(t: number, bucket: Bucket, tz: string): [number, number] {
  if (bucket === 'minute') {
    const s = Math.floor(t / MINUTE_MS) * MINUTE_MS;
    return [s, s + MINUTE_MS];
  }
  if (bucket === 'hour') {
    const s = Math.floor(t / HOUR_MS) * HOUR_MS;
    return [s, s + HOUR_MS];
  }
  const d = new TZDate(t, tz);
  const y = d.getFullYear();
  const m = d.getMonth();
  const at = (yy: number, mm: number, dd: number) => new TZDate(yy, mm, dd, 0, 0, 0, tz).getTime();
  switch (bucket) {
    case 'day':
      return [at(y, m, d.getDate()), at(y, m, d.getDate() + 1)];
    case 'month':
      return [at(y, m, 1), at(y, m + 1, 1)];
    case 'quarter': {
      const q = m - (m % 3);
      return [at(y, q, 1), at(y, q + 3, 1)];
    }
    case 'year':
      return [at(y, 0, 1), at(y + 1, 0, 1)];
  }
}

/** A bucket's key for an instant, cheaper than its bounds: the local date text cut to the bucket. */
export function bucketKey(bucket: Bucket, tz: string): (t: number) => string | number {
  if (bucket === 'minute') return (t) => Math.floor(t / MINUTE_MS);
  if (bucket === 'hour') return (t) => Math.floor(t / HOUR_MS);
  return (t) => {
    const d = new Date(t + tzOffset(tz, new Date(t)) * MINUTE_MS).toISOString();
    if (bucket === 'day') return d.slice(0, 10);
    if (bucket === 'month') return d.slice(0, 7);
    if (bucket === 'year') return d.slice(0, 4);
    return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3)}`;
  };
}

/** "YYYY-MM" → [start, end) of that month in a time zone. */
export function monthBounds(month: string, tz: string): [number, number] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return [new TZDate(y, m - 1, 1, 0, 0, 0, tz).getTime(), new TZDate(y, m, 1, 0, 0, 0, tz).getTime()];
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** how long a settled month's figures are reused */
const SETTLED_TTL_MS = 10 * 60_000;
/** a month's people contacted no longer change this long after it ended (the consumer lags by seconds) */
const REACH_FINAL_AFTER_MS = 60 * 60_000;
/** people contacted in the month in progress: counted again at most this often */
const LIVE_REACH_TTL_MS = 60_000;

export class AnalyticsService {
  private readonly settled = new Map<string, { at: number; figures: MonthFigures }>();
  private readonly finalReach = new Map<string, { at: number; n: number }>();

  constructor(private readonly deps: { pb: PocketBase; calendars: BusinessCalendars }) {}

  private sum(body: Record<string, unknown>): Promise<{ rows: Row[] }> {
    return this.deps.pb.send('/api/spunta/analytics/sum', { method: 'POST', body, requestKey: null });
  }

  async timezone(number?: string): Promise<string> {
    return (await this.deps.calendars.of(number ?? '')).timezone;
  }

  /** Distinct contacts sent a message in [from, to) (hour granularity). */
  async reach(from: number, to: number, number?: string): Promise<number> {
    const r = await this.deps.pb.send<{ n: number }>('/api/spunta/analytics/sum', {
      method: 'POST',
      body: { table: 'reach', from, to, number: number ?? '' },
      requestKey: null,
    });
    return r.n;
  }

  async totals(from: number, to: number, number?: string): Promise<Counters> {
    const { rows } = await this.sum({ from, to, number: number ?? '' });
    return addCounters(emptyCounters(), rows[0] ?? emptyCounters());
  }

  async monthFigures(month: string, number?: string): Promise<MonthFigures> {
    const tz = await this.timezone(number);
    const [from, to] = monthBounds(month, tz);
    // a month over for more than a day barely changes (a late status at most): its figures are kept a while
    const settled = to < Date.now() - 86_400_000;
    const key = `${month}|${number ?? ''}|${tz}`;
    const hit = settled ? this.settled.get(key) : undefined;
    if (hit && Date.now() - hit.at < SETTLED_TTL_MS) return hit.figures;
    const figures = await this.computeMonth(from, to, number);
    if (settled) this.settled.set(key, { at: Date.now(), figures });
    return figures;
  }

  private async computeMonth(from: number, to: number, number?: string): Promise<MonthFigures> {
    const [c, people] = await Promise.all([this.totals(from, to, number), this.monthReach(from, to, number)]);
    return {
      people_contacted: people,
      conversations: c.windows,
      messages_exchanged: c.inbound + c.sent,
      templates_sent: c.templates,
      templates_by_category: {
        marketing: c.tpl_marketing,
        utility: c.tpl_utility,
        authentication: c.tpl_authentication,
      },
      free_messages_sent: c.free,
      messages_received: c.inbound,
      sent: c.sent,
      delivered: c.delivered,
      read: c.read,
    };
  }

  /**
   * People contacted in a month: the one figure of the report that is a COUNT(DISTINCT) (about 150 ms for
   * a month of a million-message store, the rest are sums of hour rows). People are counted when a message
   * is sent, so once a month has been over for an hour the count is final and reused (for SETTLED_TTL_MS,
   * so a rebuild shows), while its other figures still follow late statuses. The month in progress is
   * counted at most once every LIVE_REACH_TTL_MS (on its last day that is a whole month's count).
   */
  private async monthReach(from: number, to: number, number?: string): Promise<number> {
    const final = to <= Date.now() - REACH_FINAL_AFTER_MS;
    const key = `${from}|${to}|${number ?? ''}`;
    const hit = this.finalReach.get(key);
    if (hit && Date.now() - hit.at < (final ? SETTLED_TTL_MS : LIVE_REACH_TTL_MS)) return hit.n;
    const n = await this.reach(from, to, number);
    this.finalReach.set(key, { at: Date.now(), n });
    return n;
  }

  async monthly(month: string, number?: string) {
    const [current, previous] = await Promise.all([
      this.monthFigures(month, number),
      this.monthFigures(previousMonth(month), number),
    ]);
    return { month, ...current, previous: { month: previousMonth(month), ...previous } };
  }

  async messages(bucket: Bucket, from: number, to: number, number?: string) {
    const timezone = await this.timezone(number);
    if (!(to > from)) throw new AppError('invalid_range', 400, '`to` must be after `from`');
    if (bucket === 'minute' && from < Date.now() - MINUTES_RETENTION_MS)
      throw new AppError('invalid_range', 400, 'Minute buckets cover the last 8 days only; use hour or day', {
        oldest: new Date(Date.now() - MINUTES_RETENTION_MS).toISOString(),
      });
    const starts: number[] = [];
    let [s] = bucketBounds(from, bucket, timezone);
    while (s < to) {
      starts.push(s);
      if (starts.length > MAX_POINTS)
        throw new AppError('range_too_large', 400, `More than ${MAX_POINTS} points: choose a larger bucket`, {
          max_points: MAX_POINTS,
        });
      s = bucketBounds(s, bucket, timezone)[1];
    }
    const lo = starts[0] ?? from;
    const keyOf = bucketKey(bucket, timezone);
    const index = new Map(starts.map((t, i) => [keyOf(t), i]));
    const series = starts.map((t) => ({ t: new Date(t).toISOString(), inbound: 0, outbound: 0 }));
    const put = (t: number, inbound: number, outbound: number) => {
      const i = index.get(keyOf(t));
      if (i === undefined) return;
      series[i]!.inbound += inbound;
      series[i]!.outbound += outbound;
    };
    if (bucket === 'minute') {
      const r = await this.deps.pb.send<{ rows: Array<{ minute: number; inbound: number; outbound: number }> }>(
        '/api/spunta/analytics/sum',
        { method: 'POST', body: { table: 'minutes', from: lo, to, number: number ?? '' }, requestKey: null },
      );
      for (const x of r.rows) put(x.minute, x.inbound, x.outbound);
    } else {
      const { rows } = await this.sum({
        from: lo,
        to,
        number: number ?? '',
        group: 'hour',
        fields: ['inbound', 'outbound'],
      });
      for (const x of rows) put(x.hour, x.inbound, x.outbound);
    }
    return { bucket, timezone, series };
  }

  /** Sums per agent, and per hour for the heatmap (customer-service sessions started, local weekday × hour). */
  async team(from: number, to: number, number?: string) {
    if (!(to > from)) throw new AppError('invalid_range', 400, '`to` must be after `from`');
    const timezone = await this.timezone(number);
    const [byAgent, byHour] = await Promise.all([
      this.sum({ from, to, number: number ?? '', group: 'agent' }),
      this.sum({ from, to, number: number ?? '', group: 'hour', fields: ['windows'] }),
    ]);
    const heatmap = WEEKDAYS.map(() => new Array<number>(24).fill(0));
    for (const r of byHour.rows) {
      const w = wallClock(r.hour, timezone);
      heatmap[WEEKDAYS.indexOf(w.weekday)]![Number(w.time.slice(0, 2))]! += r.windows;
    }
    const agents = new Map(byAgent.rows.map((r) => [r.agent, addCounters(emptyCounters(), r)]));
    const team = [...agents.values()].reduce((a, c) => addCounters(a, c), emptyCounters());
    return { timezone, agents, team, heatmap };
  }
}
