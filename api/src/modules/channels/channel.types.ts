/**
 * The channel seam. The inbox only ever sees these shapes; WhatsApp Cloud is one adapter that
 * produces and consumes them. Field names follow the normalised message stored in PocketBase
 * (`messages.payload`), which the web app renders.
 */

export type MessageType =
  | 'text'
  | 'image'
  | 'video'
  | 'audio'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contacts'
  | 'interactive'
  | 'button'
  | 'reaction'
  | 'order'
  | 'system'
  | 'template'
  | 'request_welcome'
  | 'unsupported'
  /** the customer edited an earlier message (coexistence numbers): applied to the original, never stored alone */
  | 'edit'
  /** the customer deleted an earlier message for everyone: applied to the original */
  | 'revoke';

/** `unknown`: the send request was interrupted; waiting for a status webhook that names the message */
export type DeliveryStatus = 'queued' | 'unknown' | 'sent' | 'delivered' | 'read' | 'failed';

export interface ChannelError {
  code: number;
  title: string;
  message?: string;
  details?: string;
}

export interface MessageContext {
  /** wamid of the message this one replies to */
  replyTo?: string;
  /** wa_id of the author of the quoted message */
  replyFrom?: string;
  forwarded?: boolean;
  frequentlyForwarded?: boolean;
  referredProduct?: { catalogId: string; productRetailerId: string };
  /** an edit whose original message Spunta never stored: the original's wamid */
  editOf?: string;
}

export interface Referral {
  sourceUrl?: string;
  sourceId?: string;
  sourceType?: string;
  body?: string;
  headline?: string;
  mediaType?: string;
  imageUrl?: string;
  videoUrl?: string;
  thumbnailUrl?: string;
  ctwaClid?: string;
  welcomeMessage?: unknown;
}

export interface MediaRef {
  /** Meta media id (to be fetched with GET /{media-id} within minutes) */
  id: string;
  mimeType: string;
  sha256?: string;
  filename?: string;
  caption?: string;
  /** audio: true for voice notes */
  voice?: boolean;
  /** sticker */
  animated?: boolean;
}

/**
 * Type-specific normalised body. Always a plain JSON object; keys by type:
 * - text: { body }
 * - image|video|audio|document|sticker: { media: MediaRef }  (+ caption duplicated as `caption`)
 * - location: { latitude:number, longitude:number, name?, address?, url? }
 * - contacts: { contacts: Array<{ name:string, phones:Array<{phone:string, waId?:string, type?:string}>,
 *                emails:string[], org?:string, urls:string[], birthday?:string }> }
 * - interactive: { kind:'button_reply'|'list_reply'|'nfm_reply', id?, title?, description?, name?, body?, response?:unknown }
 * - button: { text, payload }
 * - reaction: { messageId, emoji }  (emoji '' = reaction removed)
 * - order: { catalogId, items:Array<{productRetailerId, quantity:number, itemPrice:number, currency}>, text? }
 * - system: { body, kind, newWaId?, newUserId?, identity? }
 * - unsupported: { originalType, errors: ChannelError[] }
 * - request_welcome: {}
 * - edit: { messageId (the original wamid), type, payload, preview, context? } — the new version
 * - revoke: { messageId }
 * Media of any type may carry `errors` when Meta could not fetch it from the sender (no media id then).
 */
export type NormalisedPayload = Record<string, unknown>;

export interface InboundMessage {
  kind: 'message';
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  wamid: string;
  /** sender wa_id (digits, no +); '' for a username-only customer known by BSUID alone */
  from: string;
  /** business-scoped user id (2026): `from_user_id`, or `contacts[].user_id` */
  fromUserId?: string;
  /** parent BSUID shared across a managed business's portfolios */
  fromParentUserId?: string;
  /** the customer's WhatsApp username, when they adopted one */
  username?: string;
  /** profile name from value.contacts, if any */
  profileName?: string;
  /**
   * smb_message_echoes: a message the business wrote in the WhatsApp Business app on this number
   * (coexistence). `from` is then the customer it was sent to.
   */
  echo?: boolean;
  /** unix seconds */
  timestamp: number;
  type: MessageType;
  payload: NormalisedPayload;
  /** one-line human text for previews and search: body, caption, button title, "📍 Location", … */
  preview: string;
  context?: MessageContext;
  referral?: Referral;
}

export interface StatusUpdate {
  kind: 'status';
  wabaId: string;
  phoneNumberId: string;
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed' | 'played';
  timestamp: number;
  recipientId: string;
  errors: ChannelError[];
  pricing?: { billable?: boolean; pricingModel?: string; type?: string; category?: string };
  conversation?: { id?: string; expiresAt?: number; originType?: string };
  /** echoed from the send that produced this message (≤ 512 chars): our own message id for our sends */
  biz_opaque_callback_data?: string;
  /** BSUID-era and group recipient fields, as Meta named them (recipient_user_id, recipient_type, …) */
  recipient?: Record<string, string>;
}

export interface TemplateStatusUpdate {
  kind: 'template_status';
  wabaId: string;
  templateId: string;
  name: string;
  language: string;
  event: string;
  reason?: string;
  category?: string;
  /** REJECTED: Meta's reason and what to change */
  rejectionInfo?: { reason?: string; recommendation?: string };
  /** PAUSED / DISABLED / UNPAUSE details: FIRST_PAUSE, SECOND_PAUSE, RATE_LIMITING_PAUSE, … */
  otherInfo?: { title?: string; description?: string };
}

/** template_category_update: an impending change (correctCategory + when) or a completed one (previous → new). */
export interface TemplateCategoryUpdate {
  kind: 'template_category';
  wabaId: string;
  templateId: string;
  name: string;
  language: string;
  previousCategory?: string;
  newCategory?: string;
  correctCategory?: string;
  /** unix seconds when an impending change takes effect */
  effectiveAt?: number;
}

/** message_template_components_update: the template's approved components as Meta now holds them. */
export interface TemplateComponentsUpdate {
  kind: 'template_components';
  wabaId: string;
  templateId: string;
  name: string;
  language: string;
  raw: Record<string, unknown>;
}

export interface TemplateQualityUpdate {
  kind: 'template_quality';
  wabaId: string;
  templateId: string;
  name: string;
  language: string;
  previousScore?: string;
  newScore: string;
}

export interface PhoneQualityUpdate {
  kind: 'phone_quality';
  wabaId: string;
  displayPhoneNumber: string;
  event: string;
  currentLimit?: string;
  oldLimit?: string;
  /** 2026 shape: the portfolio's limit, a TIER_* string (Meta's own example shows an integer: kept as its digits) */
  maxDailyConversations?: string;
}

/**
 * Account-level notices kept whole and surfaced: account_update (bans, restrictions, violations,
 * disconnections, volume tiers), account_alerts, business_capability_update.
 */
export interface AccountNotice {
  kind: 'account_notice';
  wabaId: string;
  field: string;
  event: string;
  /** the number it concerns, when Meta names one (digits) */
  phoneNumber?: string;
  /** business_capability_update: max_daily_conversations_per_business, normalised to TIER_* or digits */
  tier?: string;
  raw: Record<string, unknown>;
}

/** user_preferences: the customer stopped or resumed marketing messages. */
export interface UserPreference {
  kind: 'user_preference';
  wabaId: string;
  phoneNumberId: string;
  waId: string;
  userId?: string;
  category: string;
  /** 'stop' | 'resume' */
  value: string;
  detail: string;
  timestamp: number;
}

/** smb_app_state_sync: a contact added/edited (`add`) or removed in the WhatsApp Business app's address book. */
export interface ContactSync {
  kind: 'contact_sync';
  wabaId: string;
  phoneNumberId: string;
  action: string;
  phone: string;
  userId?: string;
  fullName?: string;
  firstName?: string;
  timestamp: number;
}

/** value.errors[] with no messages (app-level problems) */
export interface ChannelProblem {
  kind: 'problem';
  wabaId: string;
  phoneNumberId?: string;
  errors: ChannelError[];
}

/** A change Spunta does not understand; kept so nothing is silently lost. */
export interface UnknownChange {
  kind: 'unknown';
  wabaId: string;
  field: string;
  raw: unknown;
}

export type WebhookUpdate =
  | InboundMessage
  | StatusUpdate
  | TemplateStatusUpdate
  | TemplateQualityUpdate
  | PhoneQualityUpdate
  | AccountNotice
  | TemplateCategoryUpdate
  | TemplateComponentsUpdate
  | UserPreference
  | ContactSync
  | ChannelProblem
  | UnknownChange;

/** Outbound: the Meta-like body accepted by POST /api/v1/messages (minus messaging_product). */
export type OutboundBody = Record<string, unknown> & { to: string; type: string };

export interface SendResult {
  wamid: string;
  waId?: string;
}

/** A failure from the provider, classified so the sender knows whether to retry. */
export class ChannelSendError extends Error {
  constructor(
    readonly error: ChannelError,
    readonly retryable: boolean,
    /** ms to wait before retrying, from Retry-After when the provider gave one */
    readonly retryAfterMs?: number,
    readonly httpStatus?: number,
    /** no answer after the request may have reached the provider: it may have taken the message */
    readonly maybeDelivered = false,
  ) {
    super(`(#${error.code}) ${error.title}${error.details ? `: ${error.details}` : ''}`);
    this.name = 'ChannelSendError';
  }
}

export interface ChannelAdapter {
  readonly name: string;
  /** Verify the raw webhook bytes against the signature header. */
  verifySignature(raw: Uint8Array, signatureHeader: string | undefined): boolean;
  /** Never throws: anything not understood becomes an `unsupported` message or an `unknown` change. */
  parseWebhook(body: unknown): WebhookUpdate[];
  send(phoneNumberId: string, body: OutboundBody): Promise<SendResult>;
  markRead(phoneNumberId: string, wamid: string): Promise<void>;
}
