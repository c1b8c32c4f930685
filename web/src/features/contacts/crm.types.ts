/** Shapes of the contacts CRM API (api/src/modules/contacts, /api/openapi.json). */

export type FieldType = 'text' | 'number' | 'date' | 'datetime' | 'boolean';

export interface CrmContact {
  id: string;
  phone: string;
  wa_id: string;
  profile_name: string;
  name: string;
  first_name: string;
  last_name: string;
  email: string;
  language: string;
  country: string;
  phone_valid: boolean;
  owner: string;
  notes: string;
  fields: Record<string, unknown>;
  tags: string[];
  lists: string[];
  marketing_allowed: boolean;
  opted_in_at: string;
  opted_out_at: string;
  consent_method?: string;
  consent_source?: string;
  blocked: boolean;
  deleted_at: string;
  last_contacted_at: string;
  import_job?: string;
  created: string;
  updated: string;
}

export interface FieldDef {
  id: string;
  key: string;
  label: string;
  type: FieldType;
  on_contact: boolean;
  required: boolean;
}

export interface CrmTag {
  id: string;
  name: string;
  color: string;
}

export interface CrmList {
  id: string;
  name: string;
  description: string;
  members?: number;
}

export type JobState = 'draft' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  type: string;
  state: JobState;
  progress: { done: number; total: number } | null;
  params: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  error: string;
}

export interface SavedView {
  id: string;
  name: string;
  filter: unknown;
  owner: string;
  shared: boolean;
}

export interface Consent {
  id: string;
  kind: 'opt_in' | 'opt_out';
  method: string;
  source: string;
  scope: 'marketing' | 'utility' | 'all';
  at: string;
  by: string;
  note: string;
}

export interface ActivityItem {
  kind: string;
  at: string;
  data: Record<string, unknown>;
  by: string;
  actor: string;
}

export interface BulkResult {
  matched?: number;
  changed?: number;
  job?: Job;
}

export interface CsvFormat {
  encoding: 'utf8' | 'latin1';
  delimiter: string;
  sepLine: boolean;
}

export interface UploadResult {
  job: Job;
  format: CsvFormat;
  header: string[];
  preview: string[][];
  rows: number;
  suggested_mapping: string[];
}

export interface Analysis {
  rows: number;
  importable: number;
  would_create: number;
  would_update: number;
  skipped: Record<string, number>;
  warnings: Record<string, number>;
  issues: Array<{ row: number; reason: string; value: string }>;
  unmapped_required: string[];
}

export interface ImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  skipped_by_reason: Record<string, number>;
  warnings_by_reason: Record<string, number>;
}
