/**
 * The customer → business direction: turns a CustomerMessageInput into Meta's exact inbound message
 * object and POSTs it, signed, in the `messages` webhook envelope.
 */
import { bsuidOf } from './bsuid.ts';
import { z } from 'zod';
import type { SandboxContext } from './context.ts';
import { MediaStore } from './media.ts';
import type { CustomerMediaInput, CustomerMessageInput, SandboxNumber } from './types.ts';
import { newWamid, toWaId, unixSeconds } from './util.ts';
import { messagesEnvelope } from './webhooks.ts';

/** A problem with the customer's input (the JSON endpoint answers it with 400). */
export class CustomerInputError extends Error {}

const media = z.object({
  id: z.string().optional(),
  data: z.string().optional(),
  mimeType: z.string().optional(),
  filename: z.string().optional(),
});
const base = {
  from: z.union([z.string(), z.number()]).transform(String),
  name: z.string().max(256).optional(),
  username: z.string().max(35).optional(),
  hidePhone: z.boolean().optional(),
  phoneNumberId: z.string().optional(),
  timestamp: z.number().int().positive().optional(),
  context: z
    .object({
      replyTo: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequentlyForwarded: z.boolean().optional(),
      referredProduct: z.object({ catalogId: z.string(), productRetailerId: z.string() }).optional(),
    })
    .optional(),
  referral: z.record(z.string(), z.unknown()).optional(),
};
const coord = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/** Body of POST /customer/messages. */
export const customerMessageSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('text'), text: z.string().min(1).max(65536) }),
  z.object({ ...base, type: z.enum(['image', 'video', 'document']), media, caption: z.string().optional() }),
  z.object({ ...base, type: z.literal('audio'), media, voice: z.boolean().optional() }),
  z.object({ ...base, type: z.literal('sticker'), media, animated: z.boolean().optional() }),
  z.object({
    ...base,
    type: z.literal('location'),
    location: z.object({
      latitude: coord.pipe(z.number().min(-90).max(90)),
      longitude: coord.pipe(z.number().min(-180).max(180)),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    }),
  }),
  z.object({ ...base, type: z.literal('contacts'), contacts: z.array(z.record(z.string(), z.unknown())).min(1) }),
  z.object({ ...base, type: z.literal('button_reply'), id: z.string(), title: z.string() }),
  z.object({
    ...base,
    type: z.literal('list_reply'),
    id: z.string(),
    title: z.string(),
    description: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('nfm_reply'),
    name: z.string().optional(),
    body: z.string().optional(),
    responseJson: z.union([z.string(), z.record(z.string(), z.unknown())]),
  }),
  z.object({ ...base, type: z.literal('button'), text: z.string(), payload: z.string().optional() }),
  z.object({ ...base, type: z.literal('reaction'), messageId: z.string(), emoji: z.string().optional() }),
  z.object({
    ...base,
    type: z.literal('order'),
    catalogId: z.string(),
    items: z.array(
      z.object({ productRetailerId: z.string(), quantity: z.number(), itemPrice: z.number(), currency: z.string() }),
    ),
    text: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal('system'), newWaId: z.string(), body: z.string().optional() }),
  z.object({ ...base, type: z.literal('unsupported') }),
  z.object({ ...base, type: z.literal('request_welcome') }),
  z.object({ ...base, type: z.literal('raw'), message: z.record(z.string(), z.unknown()) }),
]);

const DEFAULT_MIME: Record<string, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/ogg; codecs=opus',
  document: 'application/pdf',
  sticker: 'image/webp',
};

function resolveMedia(ctx: SandboxContext, n: SandboxNumber, type: string, m: CustomerMediaInput) {
  if (m.id) {
    const rec = ctx.media.get(m.id);
    if (!rec) throw new CustomerInputError(`unknown media id ${m.id}`);
    return rec;
  }
  if (m.data === undefined) throw new CustomerInputError('media needs an id or data');
  const bytes = typeof m.data === 'string' ? new Uint8Array(Buffer.from(m.data, 'base64')) : m.data;
  if (bytes.byteLength === 0) throw new CustomerInputError('media data is empty');
  const mime = m.mimeType ?? DEFAULT_MIME[type] ?? 'application/octet-stream';
  // the customer's own phone is not bound by the business upload limits, only by a sane cap
  if (bytes.byteLength > 100 * 1024 * 1024) throw new CustomerInputError('media larger than 100 MB');
  return ctx.media.put(bytes, mime, {
    origin: 'customer',
    phoneNumberId: n.phoneNumberId,
    enforce: false,
    ...(m.filename ? { filename: m.filename } : {}),
  });
}

function typeBody(
  ctx: SandboxContext,
  n: SandboxNumber,
  input: CustomerMessageInput,
): [string, Record<string, unknown>] {
  switch (input.type) {
    case 'text':
      return ['text', { text: { body: input.text } }];
    case 'image':
    case 'video':
    case 'document':
    case 'audio':
    case 'sticker': {
      const rec = resolveMedia(ctx, n, input.type, input.media);
      const m: Record<string, unknown> = {};
      if ((input.type === 'image' || input.type === 'video' || input.type === 'document') && input.caption) {
        m.caption = input.caption;
      }
      if (input.type === 'document') m.filename = rec.filename ?? input.media.filename ?? `document-${rec.id}`;
      m.mime_type = rec.mimeType;
      m.sha256 = MediaStore.sha256Base64(rec);
      m.id = rec.id;
      if (input.type === 'audio') m.voice = input.voice ?? rec.mimeType.startsWith('audio/ogg');
      if (input.type === 'sticker') m.animated = input.animated ?? rec.animated ?? false;
      return [input.type, { [input.type]: m }];
    }
    case 'location': {
      const { latitude, longitude, name, address, url } = input.location;
      return [
        'location',
        {
          location: {
            latitude,
            longitude,
            ...(name ? { name } : {}),
            ...(address ? { address } : {}),
            ...(url ? { url } : {}),
          },
        },
      ];
    }
    case 'contacts':
      return ['contacts', { contacts: input.contacts }];
    case 'button_reply':
      return [
        'interactive',
        { interactive: { type: 'button_reply', button_reply: { id: input.id, title: input.title } } },
      ];
    case 'list_reply': {
      const reply = {
        id: input.id,
        title: input.title,
        ...(input.description ? { description: input.description } : {}),
      };
      return ['interactive', { interactive: { type: 'list_reply', list_reply: reply } }];
    }
    case 'nfm_reply': {
      const json = typeof input.responseJson === 'string' ? input.responseJson : JSON.stringify(input.responseJson);
      const reply = { name: input.name ?? 'flow', body: input.body ?? 'Sent', response_json: json };
      return ['interactive', { interactive: { type: 'nfm_reply', nfm_reply: reply } }];
    }
    case 'button':
      return ['button', { button: { payload: input.payload ?? input.text, text: input.text } }];
    case 'reaction':
      // a removed reaction has no emoji at all
      return [
        'reaction',
        { reaction: { message_id: input.messageId, ...(input.emoji ? { emoji: input.emoji } : {}) } },
      ];
    case 'order': {
      const product_items = input.items.map((i) => ({
        product_retailer_id: i.productRetailerId,
        quantity: i.quantity,
        item_price: i.itemPrice,
        currency: i.currency,
      }));
      return [
        'order',
        { order: { catalog_id: input.catalogId, ...(input.text ? { text: input.text } : {}), product_items } },
      ];
    }
    case 'system': {
      const newWaId = toWaId(input.newWaId);
      const body = input.body ?? `User ${toWaId(input.from)} changed from ${toWaId(input.from)} to ${newWaId}`;
      return ['system', { system: { body, wa_id: newWaId, type: 'user_changed_number' } }];
    }
    case 'unsupported':
      return [
        'unsupported',
        {
          errors: [
            {
              code: 131051,
              title: 'Message type unknown',
              message: 'Message type unknown',
              error_data: { details: 'Message type is currently not supported.' },
            },
          ],
        },
      ];
    case 'request_welcome':
      return ['request_welcome', {}];
    case 'raw': {
      const t = input.message.type;
      if (typeof t !== 'string') throw new CustomerInputError('raw message needs a type');
      const { from: _f, id: _i, timestamp: _t, type: _ty, ...rest } = input.message;
      return [t, rest];
    }
  }
}

export async function customerSend(ctx: SandboxContext, input: CustomerMessageInput): Promise<{ wamid: string }> {
  const n = input.phoneNumberId ? ctx.numbers.get(input.phoneNumberId) : ctx.numbers.values().next().value;
  if (!n) throw new CustomerInputError(`unknown business phone number id ${input.phoneNumberId ?? ''}`);
  const waId = toWaId(input.from);
  if (waId.length < 7 || waId.length > 15)
    throw new CustomerInputError(`invalid customer phone number '${input.from}'`);
  if (waId === toWaId(n.displayPhoneNumber)) throw new CustomerInputError('the customer cannot be the business number');

  const [type, body] = typeBody(ctx, n, input);
  const customer = ctx.state.touchCustomer(waId, input.name);
  if (input.username !== undefined) customer.username = input.username;
  if (input.hidePhone !== undefined) customer.hidePhone = input.hidePhone;
  const userId = bsuidOf(waId);
  const ts = input.timestamp ?? unixSeconds(ctx.now());
  const wamid = newWamid(waId);

  const message: Record<string, unknown> = {};
  const c = input.context;
  if (c?.replyTo || c?.referredProduct) {
    const quoted = c.replyTo ? ctx.state.findMessage(c.replyTo) : undefined;
    // context.from is the author of the quoted message
    const author = quoted?.direction === 'inbound' ? quoted.waId : toWaId(n.displayPhoneNumber);
    message.context = {
      from: author,
      id: c.replyTo ?? newWamid(author),
      ...(c.referredProduct
        ? {
            referred_product: {
              catalog_id: c.referredProduct.catalogId,
              product_retailer_id: c.referredProduct.productRetailerId,
            },
          }
        : {}),
    };
  } else if (c?.frequentlyForwarded) {
    message.context = { forwarded: true, frequently_forwarded: true };
  } else if (c?.forwarded) {
    message.context = { forwarded: true };
  }
  // Since April 2026 every message carries the sender's BSUID; a username-only customer's phone is withheld.
  Object.assign(message, {
    ...(customer.hidePhone ? {} : { from: waId }),
    from_user_id: userId,
    id: wamid,
    timestamp: String(ts),
    type,
    ...body,
  });
  if (input.referral) message.referral = input.referral;

  ctx.state.addMessage({
    direction: 'inbound',
    phoneNumberId: n.phoneNumberId,
    waId,
    wamid,
    timestamp: ts,
    status: 'pending',
    type,
    message: structuredClone(message),
  });
  if (type !== 'system') ctx.state.noteInbound(n.phoneNumberId, waId, Math.min(ts * 1000, ctx.now()));

  const contact =
    type === 'system'
      ? undefined
      : {
          name: customer.name,
          waId: customer.hidePhone ? '' : waId,
          userId,
          ...(customer.username ? { username: customer.username } : {}),
        };
  await ctx.webhooks.post(messagesEnvelope(n, message, contact), () => {
    ctx.state.addStatus(wamid, 'delivered', unixSeconds(ctx.now()));
  });
  return { wamid };
}
