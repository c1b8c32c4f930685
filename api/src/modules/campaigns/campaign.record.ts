/** The stored campaign row and its public view (contract B). */
import type { BaseRecord } from '../../lib/records.ts';
import { EXCLUSION_REASONS, type CampaignState } from './campaign-rules.ts';
import type { CampaignView, CreateBody, Stats } from './campaigns.schema.ts';

export interface CampaignRecord extends BaseRecord {
  name: string;
  state: CampaignState;
  number: string;
  template: CreateBody['template'] | null;
  text: CreateBody['text'] | null;
  audience: CreateBody['audience'];
  schedule: CreateBody['schedule'] | null;
  next_run_at: string;
  occurrence: number;
  occurrence_run: number;
  cursor: string;
  materialized: boolean;
  resume_at: string;
  started_at: string;
  completed_at: string;
  estimate: CampaignView['estimate'];
  stats: Stats | null;
  error: string;
  created_by: string;
}

export function emptyStats(): Stats {
  return {
    audience: 0,
    excluded: Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Stats['excluded'],
    queued: 0,
    waiting_limit: 0,
    sent: 0,
    delivered: 0,
    read: 0,
    replied: 0,
    failed: 0,
    cancelled: 0,
    buttons: {},
  };
}

/** PocketBase "2025-09-01 10:00:00.000Z" → ISO; '' stays ''. */
export const iso = (d: string | undefined) => (d ? d.replace(' ', 'T') : '');

export function campaignView(r: CampaignRecord): CampaignView {
  return {
    id: r.id,
    name: r.name,
    state: r.state,
    number: r.number,
    template: r.template ?? null,
    text: r.text ?? null,
    audience: r.audience ?? {},
    schedule: r.schedule ?? null,
    next_run_at: iso(r.next_run_at),
    occurrence: r.occurrence ?? 0,
    resume_at: iso(r.resume_at),
    estimate: r.estimate ?? null,
    stats: { ...emptyStats(), ...(r.stats ?? {}) },
    error: r.error ?? '',
    created: iso(r.created),
    updated: iso(r.updated),
  };
}
