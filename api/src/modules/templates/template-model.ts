/**
 * A template row as the studio sees it (one language of a template; translations share waba_id and name),
 * the history kept on it, and Meta's edit limits.
 */
import type { TemplateRecord } from '../../lib/records.ts';
import type { ParamMapping, TplComponent } from './template-placeholders.ts';

export interface HistoryEntry {
  at: string;
  kind: 'created' | 'submitted' | 'status' | 'category' | 'quality' | 'edited' | 'deleted';
  from?: string;
  to?: string;
  reason?: string;
  detail?: string;
  by?: string;
}

export interface StudioTemplate extends TemplateRecord {
  draft_components: TplComponent[] | null;
  examples: Record<string, string> | null;
  mapping: ParamMapping | null;
  default_language: string;
  rejection_recommendation: string;
  status_detail: string;
  history: HistoryEntry[] | null;
  /** ISO times of edits sent to Meta while the template was APPROVED (the ones Meta limits) */
  edit_log: string[] | null;
  submitted_at: string;
  deleted_at: string;
  last_error: string;
  created_by: string;
  header_sample: string;
  header_media: Record<string, { id: string; at: string }> | null;
}

/** Local states before Meta knows the template; the rest are Meta's own. */
export const LOCAL_STATES = ['DRAFT', 'SUBMITTED'] as const;
/** Where Meta accepts `POST /{template-id}`. */
export const EDITABLE_AT_META = ['APPROVED', 'REJECTED', 'PAUSED'] as const;

export const HISTORY_MAX = 100;
export const DAY_MS = 24 * 3600 * 1000;
export const NAME_BLOCK_MS = 30 * DAY_MS;

export function withHistory(
  t: Pick<StudioTemplate, 'history'>,
  ...entries: Array<Omit<HistoryEntry, 'at'> & { at?: string }>
): HistoryEntry[] {
  const now = new Date().toISOString();
  return [...(t.history ?? []), ...entries.map((e) => ({ at: now, ...e }))].slice(-HISTORY_MAX);
}

/**
 * Meta lets an approved template be edited once per 24 hours and 10 times per 30 days; rejected and paused
 * ones without limit. Returns when the next edit is allowed, or undefined if it is allowed now.
 */
export function nextEditAllowedAt(
  status: string,
  editLog: readonly string[] | null,
  now = Date.now(),
): number | undefined {
  if (status !== 'APPROVED') return undefined;
  const times = (editLog ?? [])
    .map((s) => Date.parse(s))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const lastDay = times.filter((t) => t > now - DAY_MS);
  const lastMonth = times.filter((t) => t > now - 30 * DAY_MS);
  const waits: number[] = [];
  if (lastDay.length >= 1) waits.push(lastDay[0]! + DAY_MS);
  if (lastMonth.length >= 10) waits.push(lastMonth[lastMonth.length - 10]! + 30 * DAY_MS);
  return waits.length ? Math.max(...waits) : undefined;
}
