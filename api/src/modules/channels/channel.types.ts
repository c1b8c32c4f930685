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
  | 'unsupported';

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

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
 * - system: { body, kind, newWaId? }
 * - unsupported: { originalType, errors: ChannelError[] }
 * - request_welcome: {}
 */
export type NormalisedPayload = Record<string, unknown>;

export interface InboundMessage {
  kind: 'message';
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  wamid: string;
  /** sender wa_id (digits, no +) */
  from: string;
  /** profile name from value.contacts, if any */
  profileName?: string;
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
}

export interface AccountUpdate {
  kind: 'account_update';
  wabaId: string;
  event: string;
  raw: Record<string, unknown>;
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
  | AccountUpdate
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
