/**
 * The campaigns API as the web sees it (contract B, /api/v1/campaigns). Hand-written from the contract while
 * the server side is built in parallel; replace with the server's schema types once they exist.
 */

export type CampaignState = 'draft' | 'scheduled' | 'sending' | 'paused' | 'completed' | 'cancelled' | 'failed';

export const EXCLUSION_REASONS = [
  'opted_out',
  'blocked',
  'deleted',
  'invalid_phone',
  'undeliverable',
  'marketing_refused',
  'window_closed',
  'no_language',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const RECIPIENT_STATES = ['excluded', 'queued', 'waiting_limit', 'sent', 'delivered', 'read', 'failed'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export interface CampaignTemplate {
  name: string;
  language?: string;
  /** parameter → value; values may hold `{{contact.first_name|fallback}}` expressions */
  params?: Record<string, string>;
  header?: { link: string };
}

export interface CampaignText {
  body: string;
  buttons?: string[];
}

export interface CampaignAudience {
  lists?: string[];
  tags?: string[];
  view?: string;
  filter?: Record<string, unknown>;
}

export type CampaignSchedule = { at: string } | { cron: string; timezone: string; until?: string };

export interface CampaignBody {
  name?: string;
  number?: string;
  template?: CampaignTemplate;
  text?: CampaignText;
  audience: CampaignAudience;
  schedule?: CampaignSchedule;
}

export interface CampaignStats {
  audience: number;
  excluded: Partial<Record<ExclusionReason, number>>;
  queued: number;
  waiting_limit: number;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  failed: number;
  buttons: Record<string, number>;
}

export interface Estimate {
  duration_s: number;
  cost: { currency: string; amount: number } | null;
}

export interface Campaign {
  id: string;
  name: string;
  state: CampaignState;
  number: string;
  template: CampaignTemplate | null;
  text: CampaignText | null;
  audience: CampaignAudience;
  schedule: CampaignSchedule | null;
  next_run_at: string | null;
  occurrence: number;
  resume_at: string | null;
  estimate: Estimate | null;
  stats: CampaignStats;
  created: string;
  updated: string;
}

export interface PreviewSample {
  contact_id: string;
  name: string;
  phone: string;
  language: string;
  preview: string;
}

export interface CampaignPreview {
  audience: number;
  excluded: Partial<Record<ExclusionReason, number>>;
  sample: PreviewSample[];
  estimate: Estimate;
}

export interface Recipient {
  contact_id: string;
  name: string;
  phone: string;
  language: string;
  state: RecipientState;
  excluded_reason: string;
  error_code: string | number | null;
  error_text: string;
  sent_at: string | null;
  delivered_at: string | null;
  read_at: string | null;
  replied_at: string | null;
  button: string;
}

export interface RecipientPage {
  items: Recipient[];
  page: number;
  perPage: number;
  total: number;
}
