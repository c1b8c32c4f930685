/**
 * Public types of the Sandbox, a stand-in for Meta's Graph API (WhatsApp Cloud API) that speaks the exact
 * wire protocol. Product code never imports these: it only knows a Graph base URL.
 */
import type { Hono } from 'hono';

export type QualityRating = 'GREEN' | 'YELLOW' | 'RED';

export interface SandboxNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  verifiedName: string;
  qualityRating?: QualityRating;
  /** what `whatsapp_business_manager_messaging_limit` answers: TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED */
  messagingLimitTier?: string;
  /** CONNECTED (default), FLAGGED, RESTRICTED, … as Meta's phone number `status` */
  status?: string;
  /** Meta's `throughput.level`: STANDARD (default, 80 mps) or HIGH (1,000 mps) */
  throughputLevel?: 'STANDARD' | 'HIGH';
  /** the number's own throughput cap in messages/s (default: 1,000 for HIGH, else the sandbox's throughputMps) */
  throughputMps?: number;
  /**
   * A number of another Meta app: its own Bearer token (the shared one is refused for it, as Meta refuses a
   * token without permission on the object) and its own app secret for its webhooks. Default: the shared ones.
   */
  accessToken?: string;
  appSecret?: string;
}

export interface SandboxOptions {
  /** where signed webhooks are POSTed (Spunta's /webhooks/whatsapp) */
  webhookUrl: string | (() => string);
  /** HMAC key for X-Hub-Signature-256 */
  appSecret: string;
  /** Bearer token Graph calls must carry (else 401, code 190) */
  accessToken: string;
  numbers: SandboxNumber[];
  /** absolute URL where this sandbox app is reachable, e.g. http://127.0.0.1:8080/sandbox */
  publicBaseUrl: string | (() => string);
  /** default 'v23.0'; Graph routes live under /graph/{apiVersion} (any vNN.N is accepted too) */
  apiVersion?: string;
  /** jitter range between sent→delivered→read webhooks, default [150, 600] */
  statusDelayMs?: [number, number];
  /** default true: business messages progress to read automatically */
  autoRead?: boolean;
  /** per number, default 80 → 130429 above it */
  throughputMps?: number;
  /** default 6000 */
  pairRateWindowMs?: number;
  /** messages allowed to one customer inside pairRateWindowMs before 131056, default 10 */
  pairBurst?: number;
  /** default 3000: PENDING → APPROVED/REJECTED + status webhook */
  templateReviewMs?: number;
  /** optional JSON persistence of sandbox state; loaded on create, saved debounced */
  dataFile?: string;
  /** where media bytes are stored (default: in memory, lost on restart) */
  mediaDir?: string;
  /** default true: a few APPROVED templates in Italian and English */
  seedTemplates?: boolean;
  log?: (msg: string, extra?: unknown) => void;
  /** clock in ms (default Date.now); lets tests move past the 24 h window */
  now?: () => number;
  /**
   * the clock of the messaging limit's rolling 24 h only (default `now`): the server passes its scheduler's
   * clock, so a fast-forwarded day frees the tier in "Meta" as it does in Spunta's own count
   */
  limitNow?: () => number;
  /** webhook retry back-off: first delay and cap in ms, default [1000, 60000] */
  webhookRetryMs?: [number, number];
  /**
   * Meta actually accepts free-form messages outside the 24 h window and fails them afterwards with a
   * `failed` status carrying 131047. Default false: answer synchronously with the 131047 error instead.
   */
  reengagementAsStatus?: boolean;
}

/** A Meta error to inject: code plus optional overrides of what the sandbox would say. */
export interface MetaErrorSpec {
  code: number;
  details?: string;
  title?: string;
  httpStatus?: number;
  /** only for synchronous errors: sent as Retry-After (seconds) */
  retryAfterSec?: number;
}

export interface FaultState {
  /** total copies of every webhook POST (1 = normal) */
  duplicateWebhooks: number;
  /** post each message's status webhooks in a shuffled (never the natural) order */
  reorderStatuses: boolean;
  /** extra delay before every webhook POST, uniform in [min, max] */
  webhookDelayMs: [number, number];
  /** post sent/delivered(/read) webhooks before the send call returns */
  statusesBeforeResponse: boolean;
  /** each queued error is consumed by one send call, which then fails synchronously */
  failNext: MetaErrorSpec[];
  /** each queued error is consumed by one accepted send, which then goes sent → failed */
  failAfterSend: MetaErrorSpec[];
  /** until this time (ms epoch, 0 = off) every send fails with the next of stormCodes, in turn */
  stormUntil: number;
  stormCodes: number[];
  /** each entry is consumed by one send call, whose answer is held `ms`; accept=false: never recorded, then 503 */
  slowResponses: Array<{ ms: number; accept: boolean }>;
  /** each queued error is consumed by one media lookup (GET /{media-id}), which then fails */
  failMediaLookups: MetaErrorSpec[];
  /**
   * wa_id → the error every send to that customer gets (until cleared): answered at once (`as: 'response'`,
   * the default for 130429 / 131056) or accepted and then failed by a status webhook (`as: 'status'`, the
   * default otherwise — how Meta reports 131049, 131050 and 131026)
   */
  recipients: Record<string, MetaErrorSpec & { as: 'response' | 'status' }>;
}

/** Body of POST /control/faults; every field optional. */
export interface FaultPatch {
  duplicateWebhooks?: number;
  reorderStatuses?: boolean;
  webhookDelayMs?: number | [number, number];
  statusesBeforeResponse?: boolean;
  failNext?: { count?: number } & MetaErrorSpec;
  /** wa_id → error for every send to that customer; null clears it */
  recipients?: Record<string, ({ as?: 'response' | 'status' } & MetaErrorSpec) | null>;
  failAfterSend?: { count?: number } & Partial<MetaErrorSpec>;
  /** fail one already-sent message now */
  failMessage?: { wamid: string } & Partial<MetaErrorSpec>;
  /** a storm of transient errors for `ms` (codes in turn; default 130429, 131000, 131016, 131056) */
  storm?: { ms: number; codes?: number[] };
  /** the next `count` send answers are held `ms` (accept=false: the request is lost, nothing is sent) */
  slowResponses?: { count?: number; ms: number; accept?: boolean };
}

export interface FaultControls {
  /** every webhook is POSTed `copies` times in total (1 restores normal delivery) */
  duplicateWebhooks(copies: number): void;
  reorderStatuses(on?: boolean): void;
  delayWebhooks(ms: number | [number, number]): void;
  /** the next `count` send calls fail with this Meta error (130429 gets Retry-After) */
  failNextSends(count: number, error: number | MetaErrorSpec): void;
  statusesBeforeResponse(on?: boolean): void;
  /** the next `count` accepted sends get `sent` then `failed` with this error (default 131026) */
  failAfterSend(count: number, error?: number | MetaErrorSpec): void;
  /** emit a `failed` status for an already-sent business message; false if the wamid is unknown */
  failMessage(wamid: string, error?: number | MetaErrorSpec): Promise<boolean>;
  /** for `ms` from now every send fails with a transient error (429 with Retry-After, 500, 503, pair rate) */
  storm(ms: number, codes?: number[]): void;
  /** the next `count` send answers are held `ms`; with accept=false the message is never taken (a lost request) */
  slowResponses(count: number, ms: number, accept?: boolean): void;
  /** the next `count` media lookups (GET /{media-id}) fail with this Meta error (e.g. a 500 while Meta is down) */
  failMediaLookups(count: number, error: number | MetaErrorSpec): void;
  /** every send to this customer fails with this error (null: sends to them work again) */
  failRecipient(waId: string, error: ({ as?: 'response' | 'status' } & MetaErrorSpec) | number | null): void;
  /** apply a JSON patch (same as POST /control/faults) and return the new state */
  apply(patch: FaultPatch): FaultState;
  state(): FaultState;
  reset(): void;
}

export interface CustomerMediaInput {
  /** an existing sandbox media id (e.g. from POST /customer/media) */
  id?: string;
  /** the bytes, or base64 of them when sent as JSON */
  data?: string | Uint8Array;
  mimeType?: string;
  filename?: string;
}

export interface CustomerContextInput {
  /** wamid being replied to (quoted) */
  replyTo?: string;
  forwarded?: boolean;
  frequentlyForwarded?: boolean;
  referredProduct?: { catalogId: string; productRetailerId: string };
}

export interface CustomerMessageBase {
  /** customer phone; '+', spaces and dashes are stripped to get the wa_id */
  from: string;
  /** profile name; default: the last one used for this customer */
  name?: string;
  /** a WhatsApp username; kept for later messages of this customer */
  username?: string;
  /** the customer adopted a username and hides their phone: webhooks carry only the BSUID */
  hidePhone?: boolean;
  /** business number written to; default the first configured number */
  phoneNumberId?: string;
  /** unix seconds, to backdate a message (default now) */
  timestamp?: number;
  context?: CustomerContextInput;
  /** click-to-WhatsApp ad referral, passed through as Meta's object */
  referral?: Record<string, unknown>;
}

export type CustomerMessageBody =
  | { type: 'text'; text: string }
  | { type: 'image' | 'video' | 'document'; media: CustomerMediaInput; caption?: string }
  | { type: 'audio'; media: CustomerMediaInput; voice?: boolean }
  | { type: 'sticker'; media: CustomerMediaInput; animated?: boolean }
  | {
      type: 'location';
      location: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
    }
  | { type: 'contacts'; contacts: Array<Record<string, unknown>> }
  | { type: 'button_reply'; id: string; title: string }
  | { type: 'list_reply'; id: string; title: string; description?: string }
  | { type: 'nfm_reply'; name?: string; body?: string; responseJson: string | Record<string, unknown> }
  | { type: 'button'; text: string; payload?: string }
  | { type: 'reaction'; messageId: string; emoji?: string }
  | {
      type: 'order';
      catalogId: string;
      items: Array<{ productRetailerId: string; quantity: number; itemPrice: number; currency: string }>;
      text?: string;
    }
  | { type: 'system'; newWaId: string; body?: string }
  | { type: 'unsupported' }
  | { type: 'request_welcome' }
  /** escape hatch: merged over {from, id, timestamp}; type must be set in `message` */
  | { type: 'raw'; message: Record<string, unknown> };

export type CustomerMessageInput = CustomerMessageBase & CustomerMessageBody;

/**
 * Latest state of a message (message items) or the state reported (status items).
 * Inbound messages go pending → delivered (business webhook answered 200) → read (business marked read).
 */
export type SandboxMessageStatus = 'pending' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

export interface MetaStatusError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href?: string;
}

/** A template message resolved to what the customer's phone shows. */
export interface RenderedTemplate {
  name: string;
  language: string;
  header?: { format: string; text?: string; mediaId?: string; link?: string };
  body: string;
  footer?: string;
  buttons: Array<{ type: string; text: string; payload?: string; url?: string; phone?: string }>;
}

export interface SandboxChatItem {
  /** increases across the whole sandbox; the order of events */
  seq: number;
  kind: 'message' | 'status';
  /** inbound = customer → business */
  direction: 'inbound' | 'outbound';
  phoneNumberId: string;
  waId: string;
  wamid: string;
  /** unix seconds */
  timestamp: number;
  status: SandboxMessageStatus;
  /** message items: the Meta type */
  type?: string;
  /** inbound: the exact webhook `messages[]` object; outbound: the Graph request body as accepted */
  message?: Record<string, unknown>;
  /** outbound templates: the text the customer sees */
  rendered?: RenderedTemplate;
  errors?: MetaStatusError[];
}

export interface SandboxCustomer {
  waId: string;
  name: string;
  /** WhatsApp username (2026); with hidePhone the business sees only the BSUID, never the phone */
  username?: string;
  hidePhone?: boolean;
  /** per business number: unix ms of the customer's last message (opens the 24 h window) */
  lastInboundAt: Record<string, number>;
  lastActivityAt: number;
}

export interface Sandbox {
  /** mount with parent.route('/sandbox', sandbox.app) or serve standalone */
  app: Hono;
  faults: FaultControls;
  /** a customer writes to the business; resolves after the first webhook delivery attempt */
  customerSend(input: CustomerMessageInput): Promise<{ wamid: string }>;
  /** the customer opens the chat: business messages not yet read get `read` statuses */
  customerRead(waId: string, phoneNumberId?: string): Promise<number>;
  /** everything exchanged with that customer (both directions + statuses), in seq order */
  history(waId: string): SandboxChatItem[];
  /** POST any other webhook change (e.g. phone_number_quality_update) signed, in Meta's envelope */
  emitWebhook(field: string, value: Record<string, unknown>, wabaId?: string): Promise<void>;
  /** stop timers, flush pending webhooks/persistence */
  close(): Promise<void>;
}
