/**
 * One inbound `messages[]` item (or one `message_echoes[]` item) → a normalised InboundMessage. Total:
 * a body it cannot read becomes `unsupported` with the raw item kept, never an exception.
 */
import type {
  ChannelError,
  InboundMessage,
  MediaRef,
  MessageContext,
  MessageType,
  NormalisedPayload,
  Referral,
} from '../channel.types.ts';
import { previewText } from './preview.ts';
import { arr, attempt, compact, id, isRec, num, parseJson, str, unixSeconds, type Rec } from './json-read.ts';

export type Body = { type: MessageType; payload: NormalisedPayload };
export type Origin = { wabaId: string; phoneNumberId: string; displayPhoneNumber: string };

const MEDIA_TYPES = new Set<string>(['image', 'video', 'audio', 'document', 'sticker']);

export function errorsOf(v: unknown): ChannelError[] {
  return arr(v)
    .filter(isRec)
    .map((e) =>
      compact<ChannelError>({
        code: num(e.code) ?? 0,
        title: str(e.title) ?? str(e.message) ?? '',
        message: str(e.message),
        details: isRec(e.error_data) ? str(e.error_data.details) : undefined,
      }),
    );
}

export function parseMessage(origin: Origin, m: unknown, contacts: Rec[]): InboundMessage | undefined {
  if (!isRec(m)) return undefined;
  const wamid = id(m.id);
  const who = senderOf(m, contacts);
  // Since 2026 a username-only customer arrives with from_user_id and no `from` phone.
  if (!wamid || (!who.from && !who.fromUserId)) return undefined;
  const originalType = typeof m.type === 'string' && m.type ? m.type : 'unknown';
  const body =
    attempt(
      () => normaliseBody(originalType, m),
      () => undefined,
    ) ?? unsupported(originalType, m);
  const msg: InboundMessage = compact<InboundMessage>({
    kind: 'message',
    ...origin,
    wamid,
    ...who,
    timestamp: unixSeconds(m.timestamp),
    type: body.type,
    payload: body.payload,
    preview: previewText(body.type, body.payload),
  });
  const context = parseContext(m.context);
  if (context) msg.context = context;
  const referral = parseReferral(m.referral);
  if (referral) msg.referral = referral;
  return msg;
}

/**
 * smb_message_echoes: the business wrote from the WhatsApp Business app. Same bodies as inbound
 * messages; `to` is the customer (phone, or BSUID in `to_user_id`).
 */
export function parseEcho(origin: Origin, m: unknown): InboundMessage | undefined {
  if (!isRec(m)) return undefined;
  const customer = { ...m, from: m.to, from_user_id: m.to_user_id, from_parent_user_id: m.to_parent_user_id };
  const msg = parseMessage(origin, customer, []);
  if (msg) msg.echo = true;
  return msg;
}

type Sender = Pick<InboundMessage, 'from' | 'fromUserId' | 'fromParentUserId' | 'username' | 'profileName'>;

/** The sender's phone, BSUID, username and profile name, from the message and its `contacts[]` entry. */
function senderOf(m: Rec, contacts: Rec[]): Sender {
  const from = id(m.from) ?? '';
  const userId = id(m.from_user_id);
  // A lone contact with no identifier at all can only be the sender; otherwise never guess.
  const lone =
    contacts.length === 1 && contacts[0]?.wa_id === undefined && contacts[0]?.user_id === undefined
      ? contacts[0]
      : undefined;
  const c = contacts.find((x) => (from && id(x.wa_id) === from) || (userId && id(x.user_id) === userId)) ?? lone;
  const profile = c && isRec(c.profile) ? c.profile : {};
  return compact<Sender>({
    from: from || (c ? id(c.wa_id) : undefined) || '',
    fromUserId: userId ?? (c ? id(c.user_id) : undefined),
    fromParentUserId: id(m.from_parent_user_id) ?? (c ? id(c.parent_user_id) : undefined),
    username: str(profile.username)?.trim() || undefined,
    profileName: str(profile.name)?.trim() || undefined,
  });
}

export function normaliseBody(type: string, m: Rec): Body | undefined {
  const b = m[type];
  if (MEDIA_TYPES.has(type)) return media(type as Body['type'], b, m.errors);
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
      return system(b, m.identity);
    case 'request_welcome':
      return { type, payload: {} };
    case 'edit':
      return edit(b);
    case 'revoke': {
      const messageId = isRec(b) ? id(b.original_message_id) : undefined;
      return messageId ? { type, payload: { messageId } } : undefined;
    }
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

/** The new version of an earlier message: its own body, normalised like any message. */
function edit(b: unknown): Body | undefined {
  if (!isRec(b)) return undefined;
  const messageId = id(b.original_message_id);
  const inner = isRec(b.message) ? b.message : undefined;
  if (!messageId || !inner) return undefined;
  const innerType = str(inner.type) ?? 'unknown';
  const body = normaliseBody(innerType, inner) ?? unsupported(innerType, inner);
  const context = parseContext(inner.context);
  return {
    type: 'edit',
    payload: compact({
      messageId,
      type: body.type,
      payload: body.payload,
      preview: previewText(body.type, body.payload),
      context,
    }),
  };
}

/**
 * Media. When Meta could not fetch the file from the sender the message carries `errors` (and maybe no
 * id): kept as that media type with the errors, so the chat says so instead of downloading blindly.
 */
function media(type: Body['type'], b: unknown, rawErrors: unknown): Body | undefined {
  const errors = errorsOf(rawErrors);
  if (!isRec(b)) return errors.length ? { type, payload: { media: { id: '', mimeType: '' }, errors } } : undefined;
  const mediaId = id(b.id);
  if (!mediaId && errors.length === 0) return undefined;
  const captioned = type === 'image' || type === 'video' || type === 'document';
  const caption = captioned ? str(b.caption) : undefined;
  const mimeType = str(b.mime_type) ?? (type === 'sticker' ? 'image/webp' : 'application/octet-stream');
  const ref = compact<MediaRef>({
    id: mediaId ?? '',
    mimeType,
    sha256: str(b.sha256),
    filename: type === 'document' ? str(b.filename) : undefined,
    caption,
  });
  if (type === 'audio') ref.voice = b.voice === true;
  if (type === 'sticker') ref.animated = b.animated === true;
  return { type, payload: compact({ media: ref, caption, errors: errors.length ? errors : undefined }) };
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

/** `{x, type}` entries of a contact card (emails, urls, phones) with the type kept when Meta sends one. */
function typed(v: unknown, key: string): Array<Record<string, string>> {
  return arr(v)
    .map((x) => (isRec(x) ? compact({ [key]: str(x[key]) ?? '', type: str(x.type) }) : { [key]: str(x) ?? '' }))
    .filter((x) => x[key]) as Array<Record<string, string>>;
}

/** A shared contact card, whole: every name part, typed phones/emails/urls, addresses, org, birthday. */
function contactCard(c: Rec): Rec {
  const n = isRec(c.name) ? c.name : {};
  const parts = [n.prefix, n.first_name, n.middle_name, n.last_name, n.suffix].map(str).filter((x) => x);
  const phones = arr(c.phones)
    .filter(isRec)
    .map((p) => compact({ phone: str(p.phone) ?? id(p.wa_id) ?? '', waId: id(p.wa_id), type: str(p.type) }))
    .filter((p) => p.phone);
  const org = isRec(c.org) ? c.org : {};
  const addresses = arr(c.addresses)
    .filter(isRec)
    .map((a) =>
      compact({
        street: str(a.street),
        city: str(a.city),
        state: str(a.state),
        zip: str(a.zip),
        country: str(a.country),
        countryCode: str(a.country_code),
        type: str(a.type),
      }),
    )
    .filter((a) => Object.keys(a).some((k) => k !== 'type'));
  return compact({
    name: str(n.formatted_name) || parts.join(' '),
    firstName: str(n.first_name),
    middleName: str(n.middle_name),
    lastName: str(n.last_name),
    prefix: str(n.prefix),
    suffix: str(n.suffix),
    phones,
    emails: typed(c.emails, 'email'),
    org: str(org.company),
    department: str(org.department),
    title: str(org.title),
    urls: typed(c.urls, 'url'),
    addresses: addresses.length ? addresses : undefined,
    birthday: str(c.birthday),
  });
}

/**
 * System notices: a changed number (`user_changed_number`; older `customer_changed_number` with
 * `new_wa_id`), a changed BSUID, and a changed security code (`identity` on the message).
 */
function system(b: unknown, identity: unknown): Body | undefined {
  if (!isRec(b)) return undefined;
  const ident = isRec(identity)
    ? compact({
        acknowledged: typeof identity.acknowledged === 'boolean' ? identity.acknowledged : undefined,
        created: num(identity.created_timestamp),
        hash: str(identity.hash),
      })
    : undefined;
  return {
    type: 'system',
    payload: compact({
      body: str(b.body) ?? '',
      kind: str(b.type) ?? 'unknown',
      newWaId: id(b.wa_id) ?? id(b.new_wa_id),
      newUserId: id(b.user_id) ?? id(b.new_user_id),
      identity: ident,
    }),
  };
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
  const items = arr(b.product_items)
    .filter(isRec)
    .map((i) => ({
      productRetailerId: id(i.product_retailer_id) ?? '',
      quantity: num(i.quantity) ?? 0,
      itemPrice: num(i.item_price) ?? 0,
      currency: str(i.currency) ?? '',
    }));
  const catalogId = id(b.catalog_id);
  if (!catalogId && items.length === 0) return undefined;
  return { type: 'order', payload: compact({ catalogId: catalogId ?? '', items, text: str(b.text) }) };
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
