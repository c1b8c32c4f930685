/** Shapes of the PocketBase records the server reads and writes (see pb_migrations/). */
import type { Locale } from '../../../web/src/i18n/locales.ts';
import type { DeliveryStatus, MessageType } from '../modules/channels/channel.types.ts';

export type Role = 'admin' | 'manager' | 'operator' | 'viewer';

export interface BaseRecord {
  id: string;
  created: string;
  updated: string;
}

export interface UserRecord extends BaseRecord {
  email: string;
  name: string;
  role: Role;
  active: boolean;
  see_unassigned: boolean;
  language: '' | Locale;
  notify_muted?: boolean;
  dnd_from?: string;
  dnd_to?: string;
  timezone?: string;
}

export interface WaNumberRecord extends BaseRecord {
  phone_number_id: string;
  display_phone_number: string;
  waba_id: string;
  verified_name: string;
  quality_rating: '' | 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
  messaging_limit_tier: string;
  status: string;
  quality_history: Array<{
    at: string;
    event: string;
    rating?: string;
    from?: string;
    tier?: string;
    status?: string;
  }> | null;
  mode: 'meta' | 'sandbox';
  /** Meta's throughput.level (STANDARD / HIGH), read by number-standing.ts */
  throughput?: string;
  standing_read_at?: string;
  /** the number's send cap in messages/s (0 or absent: Meta's default, 80); shared by every outbound send */
  throughput_mps?: number;
}

export interface ContactRecord extends BaseRecord {
  wa_number: string;
  /** E.164, or '' for a username-only customer known by BSUID alone */
  phone: string;
  wa_id: string;
  /** business-scoped user id (2026), unique per number when present */
  user_id?: string;
  parent_user_id?: string;
  username?: string;
  profile_name: string;
  name: string;
  language: string;
  notes: string;
  tags?: string[];
  lists?: string[];
  // CRM fields (pb_migrations/17637002*); optional because the inbox creates contacts without them
  first_name?: string;
  last_name?: string;
  email?: string;
  country?: string;
  phone_valid?: boolean;
  owner?: string;
  fields?: Record<string, unknown> | null;
  last_contacted_at?: string;
  opted_in_at?: string;
  opted_out_at?: string;
  marketing_allowed?: boolean;
  consent_method?: string;
  consent_source?: string;
  blocked?: boolean;
  blocked_at?: string;
  /** Meta refused a marketing template with 131049 at this time: no marketing for 24 h */
  marketing_refused_at?: string;
  /** Meta answered 131026 (cannot receive WhatsApp) at this time */
  undeliverable_at?: string;
  deleted_at?: string;
  import_job?: string;
}

export type FieldType = 'text' | 'number' | 'date' | 'datetime' | 'boolean';

export interface ContactFieldRecord extends BaseRecord {
  key: string;
  label: string;
  type: FieldType;
  on_contact: boolean;
  required: boolean;
}

export interface TagRecord extends BaseRecord {
  name: string;
  color: string;
}

export interface ListRecord extends BaseRecord {
  name: string;
  description: string;
}

export type JobState = 'draft' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobRecord extends BaseRecord {
  type: string;
  state: JobState;
  progress: { done: number; total: number } | null;
  params: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  error: string;
  created_by: string;
  file: string;
  started_at: string;
  finished_at: string;
}

export interface ConversationRecord extends BaseRecord {
  wa_number: string;
  contact: string;
  assignee: string;
  assigned_by?: string;
  status: 'open' | 'closed';
  unread_count: number;
  contact_name: string;
  contact_phone: string;
  /** the customer's BSUID: replies go there (Meta's `recipient`) when there is no phone */
  contact_user_id?: string;
  contact_username?: string;
  last_message_preview: string;
  last_message_at: string;
  last_message_direction: '' | 'in' | 'out';
  last_message_status: string;
  last_message_id: string;
  last_inbound_at: string;
  /** when the current customer-service window opened (first inbound after 24 h of silence) */
  window_opened_at?: string;
}

export type MessageStatus = 'received' | DeliveryStatus;

export interface MessageRecord extends BaseRecord {
  conversation: string;
  direction: 'in' | 'out';
  /** `note`: internal, never sent; `system`: an event in the chat's timeline (assignment), never sent */
  type: MessageType | 'note' | 'system';
  payload: Record<string, unknown>;
  preview: string;
  wamid: string;
  client_id: string;
  status: MessageStatus;
  error_code: number;
  error_title: string;
  error_details: string;
  timestamp: string;
  sent_at: string;
  delivered_at: string;
  read_at: string;
  failed_at: string;
  sender: string;
  reply_to: string;
  context: Record<string, unknown> | null;
  reactions: Array<{ by: 'customer' | 'business'; emoji: string; at: string; userId?: string }> | null;
  media: string;
  media_status: '' | 'none' | 'pending' | 'ready' | 'failed';
  attempts: number;
  sending_at: string;
  /** until when transient send errors are retried (set at the first attempt) */
  send_deadline?: string;
  next_attempt_at: string;
  // channel fidelity (pb_migrations/1763701002): edits, revokes, where it was written, status details
  edited_at?: string;
  edits?: MessageVersion[] | null;
  deleted_at?: string;
  /** '' = Spunta or the customer; 'whatsapp_app' = written in the WhatsApp Business app (coexistence) */
  origin?: string;
  billable?: boolean;
  pricing_model?: string;
  pricing_type?: string;
  pricing_category?: string;
  biz_opaque_callback_data?: string;
  status_details?: Record<string, unknown> | null;
  /** why it was sent (engine/outbound): reply, template, system, consent, automation, campaign */
  purpose?: string;
}

/** A version of a message that a later edit replaced (`by` = the edit's wamid, for idempotence). */
export interface MessageVersion {
  at: string;
  by: string;
  type: string;
  payload: Record<string, unknown>;
  preview: string;
}

export interface TemplateRecord extends BaseRecord {
  waba_id: string;
  meta_id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  parameter_format: string;
  components: unknown[] | null;
  quality_score: string;
  rejected_reason: string;
  synced_at: string;
}

/** PocketBase stores dates as "YYYY-MM-DD HH:MM:SS.sssZ"; ISO strings are accepted on write. */
export function pbDate(d: Date | number): string {
  return new Date(d).toISOString().replace('T', ' ');
}

export function parsePbDate(s: string | undefined | null): number {
  if (!s) return 0;
  return Date.parse(s.replace(' ', 'T'));
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** PocketBase-compatible record id, generated client-side so one batch can create linked records. */
export function newRecordId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(15));
  let out = '';
  for (const b of bytes) out += ID_ALPHABET[b % 36];
  return out;
}

let lastTick = 0;

/**
 * A record id that sorts by when it was made (in this process): 10 base-36 characters of milliseconds ×
 * 1296 + a counter, then 5 random ones. Messages get these: a chat pages by (created, id), and messages
 * written in one batch share their `created` millisecond — a random id put a burst out of order.
 */
export function orderedRecordId(now = Date.now()): string {
  lastTick = Math.max(lastTick + 1, now * 1296);
  const head = lastTick.toString(36).padStart(10, '0').slice(-10);
  return head + newRecordId().slice(0, 5);
}
