/**
 * The campaign's pure rules, shared by the engine, the preview and (through the API) the screens: who is
 * left out and why, placeholder values with fallbacks, the deterministic client id that makes a send
 * happen once per (campaign, occurrence, contact), the estimates and the state machine. No I/O here.
 */
import { contactFieldValue, type ContactValues } from '../templates/template-placeholders.ts';

export const EXCLUSION_REASONS = [
  'deleted',
  'blocked',
  'invalid_phone',
  'opted_out',
  'undeliverable',
  'marketing_refused',
  'window_closed',
  'no_language',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const RECIPIENT_STATES = [
  'excluded',
  'queued',
  'waiting_limit',
  'sent',
  'delivered',
  'read',
  'failed',
  'cancelled',
] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export const CAMPAIGN_STATES = ['draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled', 'failed'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

const HOUR_MS = 3600_000;
/** Meta's per-user marketing limit (131049): no marketing template to that customer for a day */
export const MARKETING_REFUSED_MS = 24 * HOUR_MS;
/** 131026: the phone could not receive WhatsApp; skipped for 30 days unless the customer writes */
export const UNDELIVERABLE_MS = 30 * 24 * HOUR_MS;
/** the customer-service window */
export const WINDOW_MS = 24 * HOUR_MS;
/** "replied" = the customer answered within 3 days of the campaign's message */
export const REPLY_WINDOW_MS = 3 * 24 * HOUR_MS;

export interface AudienceContact extends ContactValues {
  id: string;
  wa_id?: string;
  language?: string;
  country?: string;
  deleted_at?: string;
  blocked?: boolean;
  phone_valid?: boolean;
  opted_out_at?: string;
  marketing_allowed?: boolean;
  undeliverable_at?: string;
  marketing_refused_at?: string;
}

const time = (d: string | undefined) => (d ? Date.parse(d.replace(' ', 'T')) : Number.NaN);
const within = (d: string | undefined, ms: number, now: number) => {
  const t = time(d);
  return Number.isFinite(t) && now - t < ms;
};

/**
 * Why this contact gets nothing from this campaign, or undefined when it is sent. The first reason that
 * applies wins, in the order of EXCLUSION_REASONS, so every contact is counted under exactly one.
 * `windowOpenedAt` is the customer's last message (epoch ms) and matters only for free text.
 */
export function exclusionFor(
  c: AudienceContact,
  o: {
    now: number;
    marketing: boolean;
    freeText: boolean;
    lastInboundAt?: number | undefined;
    hasLanguage?: boolean | undefined;
  },
): ExclusionReason | undefined {
  if (c.deleted_at) return 'deleted';
  if (c.blocked) return 'blocked';
  if (c.phone_valid === false || !c.wa_id) return 'invalid_phone';
  // bulk sends respect an opt-out whatever they send (engine/outbound/checks/consent.check.ts)
  if (c.opted_out_at && !c.marketing_allowed) return 'opted_out';
  if (within(c.undeliverable_at, UNDELIVERABLE_MS, o.now)) return 'undeliverable';
  if (o.marketing && within(c.marketing_refused_at, MARKETING_REFUSED_MS, o.now)) return 'marketing_refused';
  if (o.freeText && !(o.lastInboundAt && o.now - o.lastInboundAt < WINDOW_MS)) return 'window_closed';
  if (o.hasLanguage === false) return 'no_language';
  return undefined;
}

/** `{{contact.first_name|Cliente}}`, `{{contact.name}}`, `{{contact.fields.X}}` inside a campaign's value. */
const CONTACT_EXPR = /\{\{\s*contact\.([a-z_]+(?:\.[A-Za-z0-9_]+)?)\s*(?:\|([^}]*))?\}\}/g;

export function renderValue(value: string, c: ContactValues): string {
  return value
    .replace(CONTACT_EXPR, (_m, path: string, fallback: string | undefined) => {
      const v = contactValue(c, path);
      return v || (fallback ?? '').trim();
    })
    .trim();
}

function contactValue(c: ContactValues, path: string): string {
  if (path.startsWith('fields.')) return contactFieldValue(c, path.slice(7));
  if (path === 'name') return String(c.name ?? '').trim() || contactFieldValue(c, 'FULL_NAME');
  return contactFieldValue(c, path.toUpperCase());
}

/** Whether a campaign value mentions the contact (a test send needs a sample contact then). */
export const mentionsContact = (value: string) => /\{\{\s*contact\./.test(value);

/** The one client id of this recipient's message: the same recipient never becomes a second message. */
export function recipientClientId(campaignId: string, occurrence: number, contactId: string): string {
  return `cmp:${campaignId}:${occurrence}:${contactId}`;
}

export interface LimitFacts {
  /** unique customers per rolling 24 h; null = unlimited */
  limit: number | null;
  used: number;
  /** when the oldest counted customer leaves the window (epoch ms) */
  resetsAt?: number | undefined;
}

/**
 * Seconds to send `recipients` messages at `mps`, when `newConversations` of them open a business-initiated
 * conversation that the messaging limit counts: what exceeds the remaining budget waits for the 24 h window
 * to roll (a day per limit's worth of customers, at worst).
 */
export function estimateDuration(o: { recipients: number; newConversations: number; mps: number; limit?: LimitFacts }) {
  const mps = Math.max(1, o.mps || 80);
  const sending = Math.ceil(o.recipients / mps);
  const lim = o.limit;
  if (!lim || lim.limit === null) return sending;
  const remaining = Math.max(0, lim.limit - lim.used);
  const over = o.newConversations - remaining;
  if (over <= 0) return sending;
  const days = Math.ceil(over / Math.max(1, lim.limit));
  return sending + days * 24 * 3600;
}

export interface RateTable {
  currency: string;
  /** the date Meta's card was published/effective (YYYY-MM-DD) */
  source_date: string;
  source: string;
  /** country (ISO 3166 alpha-2) or '*' → category → price per delivered template message */
  rates: Record<string, Partial<Record<'marketing' | 'utility' | 'authentication', number>>>;
}

/** Price of one template of `category` to a customer in `country`; '*' is the card's "other" row. */
export function rateFor(t: RateTable, country: string, category: string): number {
  const cat = category.toLowerCase() as 'marketing' | 'utility' | 'authentication';
  const row = t.rates[country.toUpperCase()] ?? t.rates['*'] ?? {};
  return row[cat] ?? t.rates['*']?.[cat] ?? 0;
}

/** Cost of the recipients counted by country; free text (service messages) costs nothing. */
export function estimateCost(t: RateTable, byCountry: Record<string, number>, category: string | undefined) {
  if (!category) return { currency: t.currency, amount: 0 };
  let amount = 0;
  for (const [country, n] of Object.entries(byCountry)) amount += n * rateFor(t, country, category);
  return { currency: t.currency, amount: Math.round(amount * 10_000) / 10_000 };
}

export type CampaignAction = 'edit' | 'start' | 'pause' | 'resume' | 'cancel' | 'delete';

/** Which actions each state allows (the API refuses the rest with 409). */
export const ALLOWED: Record<CampaignState, readonly CampaignAction[]> = {
  draft: ['edit', 'start', 'delete'],
  scheduled: ['edit', 'start', 'pause', 'cancel', 'delete'],
  sending: ['pause', 'cancel'],
  paused: ['resume', 'cancel', 'delete'],
  completed: ['delete'],
  cancelled: ['delete'],
  failed: ['delete'],
};

export const allows = (state: CampaignState, a: CampaignAction) => ALLOWED[state]?.includes(a) ?? false;
