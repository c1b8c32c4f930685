import type { AccountUpdate, ChannelError, ChannelProblem, InboundMessage, MessageContext, MessageType } from '../channel.types.ts';
import type { MediaRef, NormalisedPayload, PhoneQualityUpdate, Referral, StatusUpdate } from '../channel.types.ts';
import type { TemplateQualityUpdate, TemplateStatusUpdate, UnknownChange, WebhookUpdate } from '../channel.types.ts';
import { previewText } from './preview.ts';
import { arr, attempt, category, compact, id, isRec, listOf, num, parseJson, str, unixSeconds, type Rec } from './json-read.ts';

/**
 * Meta webhook body → normalised updates. The webhook must always be acknowledged (Meta retries
 * non-200s for days), so this is total: malformed pieces degrade to `unsupported` messages or
 * `unknown` changes, one item at a time, and never take their neighbours down with them.
 */

type Body = { type: MessageType; payload: NormalisedPayload };
type Origin = { wabaId: string; phoneNumberId: string; displayPhoneNumber: string };

const WABA_OBJECT = 'whatsapp_business_account';
const STATUSES = new Set<string>(['sent', 'delivered', 'read', 'failed', 'played']);
const MEDIA_TYPES = new Set<string>(['image', 'video', 'audio', 'document', 'sticker']);

export type WebhookEnvelope = { object: typeof WABA_OBJECT; entry: unknown[] };

export function isWebhookEnvelope(body: unknown): body is WebhookEnvelope {
  return isRec(body) && body.object === WABA_OBJECT && Array.isArray(body.entry);
}

export function parseWebhook(body: unknown): WebhookUpdate[] {
  const out: WebhookUpdate[] = [];
  try {
    if (!isRec(body) || Object.keys(body).length === 0) return out;
    // A missing `object` is tolerated (hand-made test payloads); a different one is another product's webhook.
    if ((body.object !== undefined && body.object !== WABA_OBJECT) || !Array.isArray(body.entry)) {
      return [unknown('', 'envelope', body)];
    }
    for (const entry of body.entry) out.push(...parseEntry(entry));
  } catch {
    // Only reachable with exotic inputs (throwing getters, proxies): keep what was parsed plus the evidence.
    out.push(unknown('', 'envelope', body));
  }
  return out;
}

function parseEntry(entry: unknown): WebhookUpdate[] {
  if (!isRec(entry)) return [unknown('', 'entry', entry)];
  const wabaId = id(entry.id) ?? '';
  if (!Array.isArray(entry.changes)) return [unknown(wabaId, 'entry', entry)];
  const out: WebhookUpdate[] = [];
  for (const change of entry.changes) {
    out.push(...attempt(() => parseChange(wabaId, change), () => [unknown(wabaId, '', change)]));
  }
  return out;
}

function parseChange(wabaId: string, change: unknown): WebhookUpdate[] {
  if (!isRec(change)) return [unknown(wabaId, '', change)];
  const field = typeof change.field === 'string' ? change.field : '';
  const v = change.value;
  const one = (u: WebhookUpdate | undefined): WebhookUpdate[] => [u ?? unknown(wabaId, field, v)];
  switch (field) {
    case 'messages':
      return parseMessagesValue(wabaId, v);
    case 'message_template_status_update':
      return one(templateStatus(wabaId, v));
    case 'message_template_quality_update':
      return one(templateQuality(wabaId, v));
    case 'phone_number_quality_update':
      return one(phoneQuality(wabaId, v));
    case 'account_update':
      return one(accountUpdate(wabaId, v));
    default:
      return one(undefined);
  }
}

function parseMessagesValue(wabaId: string, value: unknown): WebhookUpdate[] {
  if (!isRec(value)) return [unknown(wabaId, 'messages', value)];
  const meta = isRec(value.metadata) ? value.metadata : {};
  const origin: Origin = {
    wabaId,
    phoneNumberId: id(meta.phone_number_id) ?? '',
    displayPhoneNumber: str(meta.display_phone_number) ?? '',
  };
  // Unparseable items are kept in the shape they came in, so they could be replayed through a later parser.
  const leftover = (key: string, item: unknown) => unknown(wabaId, 'messages', { metadata: value.metadata, [key]: item });
  const out: WebhookUpdate[] = [];
  for (const key of ['messages', 'statuses', 'errors']) {
    if (value[key] !== undefined && !Array.isArray(value[key])) out.push(leftover(key, value[key]));
  }
  const contacts = arr(value.contacts).filter(isRec);
  for (const m of arr(value.messages)) {
    out.push(attempt(() => parseMessage(origin, m, contacts) ?? leftover('messages', [m]), () => leftover('messages', [m])));
  }
  for (const s of arr(value.statuses)) {
    out.push(attempt(() => parseStatus(origin, s) ?? leftover('statuses', [s]), () => leftover('statuses', [s])));
  }
  const errors = errorsOf(value.errors);
  if (errors.length > 0) {
    const problem: ChannelProblem = { kind: 'problem', wabaId, errors };
    if (origin.phoneNumberId) problem.phoneNumberId = origin.phoneNumberId;
    out.push(problem);
  }
  return out.length > 0 ? out : [unknown(wabaId, 'messages', value)];
}

// ---------------------------------------------------------------------------------------------
// Inbound messages

function parseMessage(origin: Origin, m: unknown, contacts: Rec[]): InboundMessage | undefined {
  if (!isRec(m)) return undefined;
  const wamid = id(m.id);
  const from = id(m.from);
  if (!wamid || !from) return undefined;
  const originalType = typeof m.type === 'string' && m.type ? m.type : 'unknown';
  const body = attempt(() => normaliseBody(originalType, m), () => undefined) ?? unsupported(originalType, m);
  const msg: InboundMessage = {
    kind: 'message',
    ...origin,
    wamid,
    from,
    timestamp: unixSeconds(m.timestamp),
    type: body.type,
    payload: body.payload,
    preview: previewText(body.type, body.payload),
  };
  const profileName = profileNameFor(from, contacts);
  if (profileName) msg.profileName = profileName;
  const context = parseContext(m.context);
  if (context) msg.context = context;
  const referral = parseReferral(m.referral);
  if (referral) msg.referral = referral;
  return msg;
}

function normaliseBody(type: string, m: Rec): Body | undefined {
  const b = m[type];
  if (MEDIA_TYPES.has(type)) return media(type as Body['type'], b);
  switch (type) {
    case 'text': {
      const body = isRec(b) ? str(b.body) : undefined;
      return body === undefined ? undefined : { type, payload: { body } };
    }
    case 'location':
      return location(b);
    case 'contacts': {
      const list = arr(b).filter(isRec).map(contactCard);
      return list.length > 0 ? { type, payload: { contacts: list } } : undefined;
    }
    case 'interactive':
      return interactive(b);
    case 'button': {
      if (!isRec(b)) return undefined;
      const text = str(b.text);
      const payload = str(b.payload);
      if (text === undefined && payload === undefined) return undefined;
      return { type, payload: { text: text ?? '', payload: payload ?? '' } };
    }
    case 'reaction': {
      const messageId = isRec(b) ? id(b.message_id) : undefined;
      // No emoji means the customer took their reaction back.
      return messageId && isRec(b) ? { type, payload: { messageId, emoji: str(b.emoji) ?? '' } } : undefined;
    }
    case 'order':
      return order(b);
    case 'system':
      if (!isRec(b)) return undefined;
      // `wa_id` is the new number on user_changed_number; the older customer_changed_number used `new_wa_id`.
      return { type, payload: compact({ body: str(b.body) ?? '', kind: str(b.type) ?? 'unknown', newWaId: id(b.wa_id) ?? id(b.new_wa_id) }) };
    case 'request_welcome':
      return { type, payload: {} };
    default:
      return undefined;
  }
}

function unsupported(originalType: string, m: Rec): Body {
  if (originalType === 'unsupported') {
    // Newer payloads name what WhatsApp could not render (e.g. an edit) inside `unsupported.type`.
    const inner = isRec(m.unsupported) ? str(m.unsupported.type) : undefined;
    return { type: 'unsupported', payload: { originalType: inner || 'unsupported', errors: errorsOf(m.errors) } };
  }
  // Keep the raw message so nothing is lost if a later version learns this type.
  return { type: 'unsupported', payload: { originalType, errors: errorsOf(m.errors), raw: m } };
}

function media(type: Body['type'], b: unknown): Body | undefined {
  if (!isRec(b)) return undefined;
  const mediaId = id(b.id);
  if (!mediaId) return undefined;
  const captioned = type === 'image' || type === 'video' || type === 'document';
  const caption = captioned ? str(b.caption) : undefined;
  const mimeType = str(b.mime_type) ?? (type === 'sticker' ? 'image/webp' : 'application/octet-stream');
  const ref = compact<MediaRef>({ id: mediaId, mimeType, sha256: str(b.sha256), filename: type === 'document' ? str(b.filename) : undefined, caption });
  if (type === 'audio') ref.voice = b.voice === true;
  if (type === 'sticker') ref.animated = b.animated === true;
  return { type, payload: compact({ media: ref, caption }) };
}

function location(b: unknown): Body | undefined {
  if (!isRec(b)) return undefined;
  const latitude = num(b.latitude);
  const longitude = num(b.longitude);
  if (latitude === undefined || longitude === undefined) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  const payload = compact({ latitude, longitude, name: str(b.name), address: str(b.address), url: str(b.url) });
  return { type: 'location', payload };
}

function contactCard(c: Rec): Rec {
  const n = isRec(c.name) ? c.name : {};
  const parts = [n.first_name, n.middle_name, n.last_name].map(str).filter((x) => x);
  const phones = arr(c.phones).filter(isRec)
    .map((p) => compact({ phone: str(p.phone) ?? id(p.wa_id) ?? '', waId: id(p.wa_id), type: str(p.type) }))
    .filter((p) => p.phone);
  return compact({
    name: str(n.formatted_name) || parts.join(' '),
    phones,
    emails: listOf(c.emails, 'email'),
    org: isRec(c.org) ? str(c.org.company) : undefined,
    urls: listOf(c.urls, 'url'),
    birthday: str(c.birthday),
  });
}

function interactive(b: unknown): Body | undefined {
  if (!isRec(b)) return undefined;
  const kind = b.type;
  if (kind !== 'button_reply' && kind !== 'list_reply' && kind !== 'nfm_reply') return undefined;
  const r = b[kind];
  if (!isRec(r)) return undefined;
  const payload =
    kind === 'nfm_reply'
      ? compact({ kind, name: str(r.name), body: str(r.body), response: parseJson(r.response_json) })
      : compact({ kind, id: str(r.id), title: str(r.title), description: str(r.description) });
  return { type: 'interactive', payload };
}

function order(b: unknown): Body | undefined {
  if (!isRec(b)) return undefined;
  const items = arr(b.product_items).filter(isRec).map((i) => ({
    productRetailerId: id(i.product_retailer_id) ?? '',
    quantity: num(i.quantity) ?? 0,
    itemPrice: num(i.item_price) ?? 0,
    currency: str(i.currency) ?? '',
  }));
  const catalogId = id(b.catalog_id);
  if (!catalogId && items.length === 0) return undefined;
  return { type: 'order', payload: compact({ catalogId: catalogId ?? '', items, text: str(b.text) }) };
}

function profileNameFor(from: string, contacts: Rec[]): string | undefined {
  // A lone contact without wa_id can only be the sender; otherwise never guess a name.
  const only = contacts.length === 1 && contacts[0]?.wa_id === undefined ? contacts[0] : undefined;
  const c = contacts.find((x) => id(x.wa_id) === from) ?? only;
  const name = c && isRec(c.profile) ? str(c.profile.name)?.trim() : undefined;
  return name || undefined;
}

function parseContext(c: unknown): MessageContext | undefined {
  if (!isRec(c)) return undefined;
  const rp = c.referred_product;
  const ctx = compact<MessageContext>({
    replyTo: id(c.id),
    replyFrom: id(c.from),
    forwarded: c.forwarded === true ? true : undefined,
    frequentlyForwarded: c.frequently_forwarded === true ? true : undefined,
    referredProduct: isRec(rp)
      ? { catalogId: id(rp.catalog_id) ?? '', productRetailerId: id(rp.product_retailer_id) ?? '' }
      : undefined,
  });
  return Object.keys(ctx).length > 0 ? ctx : undefined;
}

function parseReferral(r: unknown): Referral | undefined {
  if (!isRec(r)) return undefined;
  const ref = compact<Referral>({
    sourceUrl: str(r.source_url),
    sourceId: id(r.source_id),
    sourceType: str(r.source_type),
    body: str(r.body),
    headline: str(r.headline),
    mediaType: str(r.media_type),
    imageUrl: str(r.image_url),
    videoUrl: str(r.video_url),
    thumbnailUrl: str(r.thumbnail_url),
    ctwaClid: str(r.ctwa_clid),
    welcomeMessage: r.welcome_message ?? undefined,
  });
  return Object.keys(ref).length > 0 ? ref : undefined;
}

// ---------------------------------------------------------------------------------------------
// Statuses and account-level fields

function parseStatus(origin: Origin, s: unknown): StatusUpdate | undefined {
  if (!isRec(s)) return undefined;
  const wamid = id(s.id);
  const status = s.status;
  if (!wamid || typeof status !== 'string' || !STATUSES.has(status)) return undefined;
  const update: StatusUpdate = {
    kind: 'status',
    wabaId: origin.wabaId,
    phoneNumberId: origin.phoneNumberId,
    wamid,
    status: status as StatusUpdate['status'],
    timestamp: unixSeconds(s.timestamp),
    recipientId: id(s.recipient_id) ?? '',
    errors: errorsOf(s.errors),
  };
  if (isRec(s.pricing)) {
    const p = s.pricing;
    const pricing = compact({
      billable: typeof p.billable === 'boolean' ? p.billable : undefined,
      pricingModel: str(p.pricing_model),
      type: str(p.type),
      category: category(p.category),
    });
    if (Object.keys(pricing).length > 0) update.pricing = pricing;
  }
  if (isRec(s.conversation)) {
    const c = s.conversation;
    const conversation = compact({
      id: id(c.id),
      expiresAt: num(c.expiration_timestamp),
      originType: isRec(c.origin) ? category(c.origin.type) : undefined,
    });
    if (Object.keys(conversation).length > 0) update.conversation = conversation;
  }
  return update;
}

function templateStatus(wabaId: string, v: unknown): TemplateStatusUpdate | undefined {
  const t = templateRef(v);
  const event = t && str(t.v.event);
  if (!t || !event) return undefined;
  const ri = isRec(t.v.rejection_info) ? t.v.rejection_info : undefined;
  const oi = isRec(t.v.other_info) ? t.v.other_info : undefined;
  const rejectionInfo = ri ? compact({ reason: str(ri.reason), recommendation: str(ri.recommendation) }) : undefined;
  const otherInfo = oi ? compact({ title: str(oi.title), description: str(oi.description) }) : undefined;
  const category = str(t.v.message_template_category);
  return compact<TemplateStatusUpdate>({
    kind: 'template_status', wabaId, ...t.ref, event, reason: str(t.v.reason) ?? rejectionInfo?.reason, category,
    rejectionInfo: rejectionInfo && Object.keys(rejectionInfo).length ? rejectionInfo : undefined,
    otherInfo: otherInfo && Object.keys(otherInfo).length ? otherInfo : undefined,
  });
}

function templateQuality(wabaId: string, v: unknown): TemplateQualityUpdate | undefined {
  const t = templateRef(v);
  const newScore = t && str(t.v.new_quality_score);
  if (!t || !newScore) return undefined;
  const previousScore = str(t.v.previous_quality_score);
  return compact<TemplateQualityUpdate>({ kind: 'template_quality', wabaId, ...t.ref, previousScore, newScore });
}

/** Template ids arrive as JSON numbers; either id or name is enough to find the template again. */
function templateRef(v: unknown): { v: Rec; ref: { templateId: string; name: string; language: string } } | undefined {
  if (!isRec(v)) return undefined;
  const templateId = id(v.message_template_id) ?? '';
  const name = str(v.message_template_name) ?? '';
  if (!templateId && !name) return undefined;
  return { v, ref: { templateId, name, language: str(v.message_template_language) ?? '' } };
}

function phoneQuality(wabaId: string, v: unknown): PhoneQualityUpdate | undefined {
  if (!isRec(v)) return undefined;
  const event = str(v.event);
  if (!event) return undefined;
  const displayPhoneNumber = id(v.display_phone_number) ?? '';
  const limits = { currentLimit: str(v.current_limit), oldLimit: str(v.old_limit) };
  return compact<PhoneQualityUpdate>({ kind: 'phone_quality', wabaId, displayPhoneNumber, event, ...limits });
}

function accountUpdate(wabaId: string, v: unknown): AccountUpdate | undefined {
  const event = isRec(v) ? str(v.event) : undefined;
  return isRec(v) && event ? { kind: 'account_update', wabaId, event, raw: v } : undefined;
}

function errorsOf(v: unknown): ChannelError[] {
  return arr(v).filter(isRec).map((e) =>
    compact<ChannelError>({
      code: num(e.code) ?? 0,
      title: str(e.title) ?? str(e.message) ?? '',
      message: str(e.message),
      details: isRec(e.error_data) ? str(e.error_data.details) : undefined,
    }),
  );
}

function unknown(wabaId: string, field: string, raw: unknown): UnknownChange {
  return { kind: 'unknown', wabaId, field, raw };
}
