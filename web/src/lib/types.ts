/** Shapes of what the web app reads from /api and /pb (see pb_migrations/ and the OpenAPI document). */

export type Role = 'admin' | 'manager' | 'operator' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  see_unassigned: boolean;
  language: string;
}

/** A team member as any signed-in user sees them (email only for oneself, `active` from /pb or /api/v1/users). */
export interface TeamMember {
  id: string;
  name: string;
  email?: string;
  role: Role;
  active: boolean;
  see_unassigned: boolean;
}

/** `unknown` (an interrupted send being reconciled) is shown as pending, like queued */
export type DeliveryStatus = 'queued' | 'unknown' | 'sent' | 'delivered' | 'read' | 'failed';
export type MessageStatus = 'received' | DeliveryStatus;

export interface Conversation {
  id: string;
  wa_number: string;
  contact: string;
  assignee: string;
  /** who made the last assignment change (a team member id, or empty) */
  assigned_by?: string;
  status: 'open' | 'closed';
  unread_count: number;
  contact_name: string;
  contact_phone: string;
  /** business-scoped user id: the address of a customer without a phone */
  contact_user_id?: string;
  contact_username?: string;
  last_message_preview: string;
  last_message_at: string;
  last_message_direction: '' | 'in' | 'out';
  last_message_status: string;
  last_message_id: string;
  last_inbound_at: string;
  created: string;
  updated: string;
}

export interface Reaction {
  by: 'customer' | 'business';
  emoji: string;
  at: string;
}

export interface Message {
  id: string;
  conversation: string;
  direction: 'in' | 'out';
  type: string;
  payload: Record<string, unknown> | null;
  preview: string;
  wamid: string;
  client_id: string;
  status: MessageStatus;
  error_code: number;
  error_title: string;
  error_details: string;
  timestamp: string;
  sender: string;
  reply_to: string;
  context: Record<string, unknown> | null;
  reactions: Reaction[] | null;
  media: string;
  media_status: '' | 'none' | 'pending' | 'ready' | 'failed';
  /** edits and revokes (the versions an edit replaced are in `edits`, oldest first) */
  edited_at?: string;
  edits?: Array<{ at: string; by: string; type: string; payload: Record<string, unknown>; preview: string }> | null;
  deleted_at?: string;
  /** 'whatsapp_app' = written in the WhatsApp Business app on this number */
  origin?: string;
  /** why an outbound message was sent: '' an operator, 'out_of_hours' / 'consent' automatic replies */
  purpose?: string;
  collectionId?: string;
  collectionName?: string;
  created?: string;
  updated?: string;
}

export interface Contact {
  id: string;
  wa_number: string;
  phone: string;
  wa_id: string;
  profile_name: string;
  name: string;
  language: string;
  notes: string;
  tags: string[];
  lists: string[];
}

export interface Tag {
  id: string;
  name: string;
  color: string;
}

export interface ContactList {
  id: string;
  name: string;
}

export interface TemplateComponent {
  type: string;
  format?: string;
  text?: string;
  buttons?: Array<{ type: string; text: string; url?: string; phone_number?: string }>;
  example?: Record<string, unknown>;
}

export interface Template {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  parameter_format?: string;
  /** the WhatsApp Business Account it belongs to (each number sends its own account's templates) */
  waba_id?: string;
  /** the translation sent when a contact's language and country match none (templates studio) */
  default_language?: string;
  components: TemplateComponent[] | null;
  rejected_reason: string;
  /** where each parameter's value comes from (templates studio): a contact field or a fixed value */
  mapping?: Record<
    string,
    { source: 'field'; field: string; fallback?: string } | { source: 'value'; value: string }
  > | null;
}

export interface QuickReply {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  created_by: string;
}

export interface Presence {
  id: string;
  conversation: string;
  user: string;
  user_name: string;
  state: 'viewing' | 'typing';
  updated: string;
}

export interface Page<T> {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: T[];
}
