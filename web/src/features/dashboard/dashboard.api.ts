/**
 * The dashboard's reads, shaped as contract C of the analytics API (api/src/modules/numbers/
 * numbers-status.routes.ts, reports and analytics routes): numbers with their WhatsApp standing, the
 * monthly report, the messages series and team performance. CSV downloads ask the same routes with
 * `Accept: text/csv`, so a file always holds exactly what the screen shows.
 */
import { api, ApiError, qs } from '../../lib/api.ts';
import { refreshSession, $session } from '../../stores/session.ts';
import { saveBlob } from '../contacts/crm.api.ts';

const V1 = '/api/v1';

export type QualityRating = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN' | '';

export interface NumberStatus {
  id: string;
  display_phone_number: string;
  verified_name: string;
  quality_rating: QualityRating;
  /** the last 30 days, one entry per day (oldest first) */
  quality_trend: Array<{ date: string; rating: QualityRating }>;
  /** Meta's phone status: CONNECTED, FLAGGED, RESTRICTED, … */
  status: string;
  /** Meta's restriction / flag detail, when there is one */
  status_detail?: string | null;
  /** STANDARD | HIGH */
  throughput: string;
  throughput_mps: number;
  /** Meta's tier string: TIER_250, TIER_2K, … */
  messaging_limit: string;
  /** unique customers per rolling 24 h; null = unlimited */
  limit: number | null;
  limit_used_24h: number;
  contacted_24h: number;
  contacted_7d: number;
  next_tier: { tier: string; rule: string } | null;
}

export interface ReportFigures {
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

export interface MonthlyReport extends ReportFigures {
  month: string;
  previous: ReportFigures;
}

export const BUCKETS = ['minute', 'hour', 'day', 'month', 'quarter', 'year'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface MessagesSeries {
  bucket: Bucket;
  timezone: string;
  series: Array<{ t: string; inbound: number; outbound: number }>;
}

/** seconds, counted on the clock (raw) and within business hours only */
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

export interface TeamPerformance {
  from: string;
  to: string;
  /** absent for operators: they see their own row only */
  team?: Perf | null;
  operators: Array<Perf & { user: string; name: string }>;
  /** [weekday 0 = Monday … 6][hour 0…23] conversations */
  heatmap?: number[][] | null;
}

export interface Alert {
  id: string;
  kind: 'quality_drop' | 'limit_80' | 'limit_100' | 'flagged' | 'restricted' | 'template_paused' | 'automation_paused';
  number: string;
  key: string;
  data: Record<string, unknown> | null;
  dismissed_by?: string[];
  created: string;
}

export interface RangeQuery {
  from: string;
  to: string;
  number?: string | undefined;
}

export const dashboardApi = {
  numbers: () => api<{ items: NumberStatus[] }>(`${V1}/numbers`).then((r) => r.items),
  monthly: (month: string, number?: string) => api<MonthlyReport>(`${V1}/reports/monthly${qs({ month, number })}`),
  messages: (q: RangeQuery & { bucket: Bucket }) => api<MessagesSeries>(`${V1}/analytics/messages${qs({ ...q })}`),
  team: (q: RangeQuery) => api<TeamPerformance>(`${V1}/analytics/team${qs({ ...q })}`),
  alerts: () => api<{ items: Alert[] }>(`${V1}/alerts`).then((r) => r.items),
  dismiss: (id: string) => api(`${V1}/alerts/${encodeURIComponent(id)}/dismiss`, { method: 'POST' }),
};

/** Saves what a route answers as CSV (`Accept: text/csv`) under `filename`. */
export async function downloadCsv(path: string, filename: string): Promise<void> {
  const send = () => {
    const token = $session.get()?.token;
    return fetch(path, { headers: { accept: 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  };
  let res: Response;
  try {
    res = await send();
    if (res.status === 401 && (await refreshSession())) res = await send();
  } catch {
    throw new ApiError('network', 0, 'Network error: check your connection');
  }
  if (!res.ok) {
    const e = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    throw new ApiError(e?.error?.code ?? `http_${res.status}`, res.status, e?.error?.message ?? res.statusText);
  }
  saveBlob(await res.blob(), filename);
}

export const csvPaths = {
  monthly: (month: string, number?: string) => `${V1}/reports/monthly${qs({ month, number })}`,
  messages: (q: RangeQuery & { bucket: Bucket }) => `${V1}/analytics/messages${qs({ ...q })}`,
  team: (q: RangeQuery) => `${V1}/analytics/team${qs({ ...q })}`,
};
