import { z } from 'zod';

/**
 * Send bodies accepted by POST /api/v1/messages: Meta's own send body minus `messaging_product`,
 * so integrators can reuse Meta's documentation. Limits mirror what Meta rejects, so a request
 * fails here with a readable message instead of later as an opaque (#100) from the Graph API.
 * Every message starts with the field it is about; `[]` in a label is replaced by the real index
 * in validateOutbound.
 */

type IssueMaker = (iss: { input?: unknown }) => string;

const lengthOf = (v: unknown): number => (typeof v === 'string' || Array.isArray(v) ? v.length : 0);
const missingOr =
  (label: string, otherwise: string): IssueMaker =>
  (iss) =>
    iss.input === undefined ? `${label}: required` : `${label}: ${otherwise}`;

/** A non-empty string of at most `max` UTF-16 units, with limit-naming messages. */
function chars(label: string, max?: number) {
  const base = z
    .string({ error: missingOr(label, 'must be a string') })
    .min(1, { error: `${label}: must not be empty` });
  if (max === undefined) return base;
  return base.max(max, { error: (iss) => `${label}: at most ${max} characters (got ${lengthOf(iss.input)})` });
}

/** An object that must be present: its absence is reported by name rather than as a type error. */
function obj<S extends z.ZodRawShape>(label: string, shape: S) {
  return z.object(shape, { error: missingOr(label, 'must be an object') });
}

/** Declared rather than left to stripping, so a misplaced field is refused instead of silently dropped. */
const notAllowed = (label: string, why: string) =>
  z
    .unknown()
    .refine((v) => v === undefined, { error: `${label}: ${why}` })
    .optional()
    .describe(`Not allowed: ${why}`);

/** Business-scoped user id (2026): a country code, a dot, alphanumerics (a parent BSUID has ".ENT." in between). */
export const BSUID_SHAPE = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;
const PHONE_SHAPE = /^\+?[\d\s-]+$/;
const phone = z
  .string({ error: missingOr('to', 'must be a string') })
  .refine(
    (s) => {
      const digits = s.replace(/\D/g, '').length;
      // a business-scoped user id is accepted here too (the web app addresses a chat by one field)
      return (PHONE_SHAPE.test(s.trim()) && digits >= 8 && digits <= 15) || BSUID_SHAPE.test(s.trim());
    },
    {
      error:
        'to: must be a phone number in international format: 8–15 digits, optionally with a leading + (spaces and dashes allowed)',
    },
  )
  .describe(
    'Recipient in international format, e.g. "+393471234567" or "393471234567" (a business-scoped user id is accepted too and sent as Meta\'s `recipient`)',
  );

const bsuid = z
  .string({ error: 'recipient: must be a string' })
  .refine((s) => BSUID_SHAPE.test(s.trim()), {
    error: 'recipient: must be a business-scoped user id such as "US.13491208655302741918"',
  })
  .describe(
    "Business-scoped user id of a customer who reached you by username (Meta's `recipient`); `to` wins when both are given",
  );

const link = (label: string) =>
  z
    .url({ protocol: /^https?$/, error: `${label}.link: must be an http(s) URL` })
    .describe('Public http(s) URL Meta downloads the media from');

function exactlyOneSource(label: string) {
  return (m: { id?: string | undefined; link?: string | undefined }, ctx: z.RefinementCtx) => {
    if ((m.id === undefined) === (m.link === undefined)) {
      const got = m.id === undefined ? 'neither' : 'both';
      ctx.addIssue({ code: 'custom', message: `${label}: exactly one of "id" or "link" is required (got ${got})` });
    }
  };
}

function mediaShape(label: string) {
  return {
    id: chars(`${label}.id`).optional().describe('Media id from the upload endpoint'),
    link: link(label).optional(),
  };
}
const caption = (label: string) => chars(`${label}.caption`, 1024).optional();
const noFilename = (label: string) => notAllowed(`${label}.filename`, 'filename is only allowed on documents');

const imageBody = obj('image', {
  ...mediaShape('image'),
  caption: caption('image'),
  filename: noFilename('image'),
}).superRefine(exactlyOneSource('image'));
const videoBody = obj('video', {
  ...mediaShape('video'),
  caption: caption('video'),
  filename: noFilename('video'),
}).superRefine(exactlyOneSource('video'));
const audioBody = obj('audio', {
  ...mediaShape('audio'),
  caption: notAllowed('audio.caption', 'captions are not allowed on audio'),
  filename: noFilename('audio'),
}).superRefine(exactlyOneSource('audio'));
const stickerBody = obj('sticker', {
  ...mediaShape('sticker'),
  caption: notAllowed('sticker.caption', 'captions are not allowed on stickers'),
  filename: noFilename('sticker'),
}).superRefine(exactlyOneSource('sticker'));
const documentBody = obj('document', {
  ...mediaShape('document'),
  caption: caption('document'),
  filename: chars('document.filename', 240).optional().describe('File name shown to the recipient'),
}).superRefine(exactlyOneSource('document'));

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;
function coordinate(label: string, limit: number) {
  return z.union([z.number(), z.string()], { error: missingOr(label, 'must be a number') }).superRefine((v, ctx) => {
    if (typeof v === 'string' && !NUMERIC.test(v))
      ctx.addIssue({ code: 'custom', message: `${label}: must be a number` });
    else if (!(Math.abs(Number(v)) <= limit))
      ctx.addIssue({ code: 'custom', message: `${label}: must be between -${limit} and ${limit}` });
  });
}
const locationBody = obj('location', {
  latitude: coordinate('location.latitude', 90),
  longitude: coordinate('location.longitude', 180),
  name: z.string().optional(),
  address: z.string().optional(),
});

const optStr = z.string().optional();
const contactCard = z.looseObject({
  name: z.looseObject(
    { formatted_name: chars('contacts[].name.formatted_name'), first_name: optStr, last_name: optStr },
    {
      error: missingOr('contacts[].name', 'must be an object'),
    },
  ),
  phones: z.array(z.looseObject({ phone: optStr, wa_id: optStr, type: optStr })).optional(),
  emails: z.array(z.looseObject({ email: optStr, type: optStr })).optional(),
  addresses: z.array(z.looseObject({})).optional(),
  org: z.looseObject({ company: optStr, department: optStr, title: optStr }).optional(),
  urls: z.array(z.looseObject({ url: optStr, type: optStr })).optional(),
  birthday: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'contacts[].birthday: must be YYYY-MM-DD' })
    .optional(),
});
const contactsBody = z
  .array(contactCard, { error: missingOr('contacts', 'must be an array of contact cards') })
  .min(1, { error: 'contacts: at least 1 contact card is required' });

const reactionBody = obj('reaction', {
  message_id: chars('reaction.message_id').describe('wamid of the message to react to'),
  emoji: z
    .string({ error: missingOr('reaction.emoji', 'must be a string') })
    .describe('One emoji; "" removes the reaction'),
});

const textBody = obj('text', {
  body: chars('text.body', 4096),
  preview_url: z.boolean({ error: 'text.preview_url: must be true or false' }).optional(),
});

// ---------------------------------------------------------------------------------------------
// Interactive (reply buttons and lists)

const mediaSource = (label: string) => obj(label, mediaShape(label)).superRefine(exactlyOneSource(label));
const footer = obj('interactive.footer', { text: chars('interactive.footer.text', 60) }).optional();

const buttonHeader = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('text'), text: chars('interactive.header.text', 60) }),
    z.object({ type: z.literal('image'), image: mediaSource('interactive.header.image') }),
    z.object({ type: z.literal('video'), video: mediaSource('interactive.header.video') }),
    z.object({
      type: z.literal('document'),
      document: obj('interactive.header.document', {
        ...mediaShape('interactive.header.document'),
        filename: optStr,
      }).superRefine(exactlyOneSource('interactive.header.document')),
    }),
  ],
  { error: 'interactive.header.type: must be one of text, image, video, document' },
);

/** Flags the first repeated value; Meta refuses duplicates without saying which. */
function duplicate(values: unknown[]): string | undefined {
  const seen = new Set<unknown>();
  for (const v of values) {
    if (typeof v !== 'string') continue;
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}

const replyButton = z.object({
  type: z.literal('reply', { error: 'interactive.action.buttons[].type: must be "reply"' }),
  reply: obj('interactive.action.buttons[].reply', {
    id: chars('interactive.action.buttons[].reply.id', 256),
    title: chars('interactive.action.buttons[].reply.title', 20),
  }),
});

const buttonInteractive = z.object({
  type: z.literal('button'),
  header: buttonHeader.optional(),
  body: obj('interactive.body', { text: chars('interactive.body.text', 1024) }),
  footer,
  action: obj('interactive.action', {
    buttons: z
      .array(replyButton, { error: missingOr('interactive.action.buttons', 'must be an array') })
      .min(1, { error: 'interactive.action.buttons: at least 1 reply button is required' })
      .max(3, { error: (iss) => `interactive.action.buttons: at most 3 reply buttons (got ${lengthOf(iss.input)})` })
      .superRefine((buttons, ctx) => {
        const title = duplicate(buttons.map((b) => b.reply.title));
        if (title !== undefined)
          ctx.addIssue({
            code: 'custom',
            message: `interactive.action.buttons: button titles must be unique ("${title}" is repeated)`,
          });
        const id = duplicate(buttons.map((b) => b.reply.id));
        if (id !== undefined)
          ctx.addIssue({
            code: 'custom',
            message: `interactive.action.buttons: button ids must be unique ("${id}" is repeated)`,
          });
      }),
  }),
});

const listRow = z.object({
  id: chars('interactive.action.sections[].rows[].id', 200),
  title: chars('interactive.action.sections[].rows[].title', 24),
  description: chars('interactive.action.sections[].rows[].description', 72).optional(),
});
const listSection = z.object({
  title: chars('interactive.action.sections[].title', 24).optional(),
  rows: z
    .array(listRow, { error: missingOr('interactive.action.sections[].rows', 'must be an array') })
    .min(1, { error: 'interactive.action.sections[].rows: at least 1 row is required' }),
});

const MAX_LIST_ROWS = 10;
const listAction = obj('interactive.action', {
  button: chars('interactive.action.button', 20).describe('Label of the button that opens the list'),
  sections: z
    .array(listSection, { error: missingOr('interactive.action.sections', 'must be an array') })
    .min(1, { error: 'interactive.action.sections: at least 1 section is required' })
    .max(10, { error: (iss) => `interactive.action.sections: at most 10 sections (got ${lengthOf(iss.input)})` }),
}).superRefine(
  (action, ctx) => {
    // Runs even when single rows are invalid (`when` below), so the total is reported in the same round;
    // the input is therefore unchecked here.
    if (!isRec(action)) return;
    const sections: unknown[] = Array.isArray(action.sections) ? action.sections : [];
    const rows = sections.flatMap((s) => (isRec(s) && Array.isArray(s.rows) ? s.rows : []));
    const path = ['sections'];
    if (rows.length > MAX_LIST_ROWS) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `interactive list: at most ${MAX_LIST_ROWS} rows in total across sections (got ${rows.length})`,
      });
    }
    const id = duplicate(rows.map((r) => (isRec(r) ? r.id : undefined)));
    if (id !== undefined)
      ctx.addIssue({
        code: 'custom',
        path,
        message: `interactive list: row ids must be unique across sections ("${id}" is repeated)`,
      });
    if (sections.length > 1) {
      sections.forEach((s, i) => {
        if (isRec(s) && typeof s.title !== 'string') {
          ctx.addIssue({
            code: 'custom',
            path: ['sections', i, 'title'],
            message: `interactive.action.sections[${i}].title: section titles are required when a list has more than 1 section`,
          });
        }
      });
    }
  },
  { when: (payload) => isRec(payload.value) },
);

const listInteractive = z.object({
  type: z.literal('list'),
  header: obj('interactive.header', {
    type: z.literal('text', { error: 'interactive.header.type: list headers must be "text"' }),
    text: chars('interactive.header.text', 60),
  }).optional(),
  body: obj('interactive.body', { text: chars('interactive.body.text', 4096) }),
  footer,
  action: listAction,
});

const interactiveBody = z.discriminatedUnion('type', [buttonInteractive, listInteractive], {
  error: (iss) =>
    iss.input === undefined || !isRec(iss.input)
      ? missingOr('interactive', 'must be an object')(iss)
      : 'interactive.type: must be "button" or "list"',
});

// ---------------------------------------------------------------------------------------------
// Templates

const P = 'template.components[].parameters[]';
const templateParameter = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('text'), text: chars(`${P}.text`), parameter_name: optStr }),
    z.object({
      type: z.literal('currency'),
      currency: z.object({ fallback_value: z.string(), code: z.string(), amount_1000: z.number().int() }),
    }),
    z.object({ type: z.literal('date_time'), date_time: z.looseObject({ fallback_value: z.string() }) }),
    z.object({ type: z.literal('image'), image: mediaSource(`${P}.image`) }),
    z.object({ type: z.literal('video'), video: mediaSource(`${P}.video`) }),
    z.object({
      type: z.literal('document'),
      document: obj(`${P}.document`, { ...mediaShape(`${P}.document`), filename: optStr }).superRefine(
        exactlyOneSource(`${P}.document`),
      ),
    }),
    z.object({ type: z.literal('location'), location: locationBody }),
    z.object({ type: z.literal('payload'), payload: chars(`${P}.payload`) }),
    z.object({ type: z.literal('coupon_code'), coupon_code: chars(`${P}.coupon_code`) }),
    z.object({ type: z.literal('action'), action: z.looseObject({}) }),
  ],
  {
    error: `${P}.type: must be one of text, currency, date_time, image, video, document, location, payload, coupon_code, action`,
  },
);

const parameters = z.array(templateParameter, {
  error: missingOr('template.components[].parameters', 'must be an array'),
});
const templateComponent = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('header'), parameters }),
    z.object({ type: z.literal('body'), parameters }),
    z.object({
      type: z.literal('button'),
      sub_type: chars('template.components[].sub_type').describe('quick_reply, url, copy_code, flow, …'),
      index: z.union([z.string(), z.number()]).refine((v) => /^\d$/.test(String(v)), {
        error: 'template.components[].index: must be the button position 0–9',
      }),
      parameters: parameters.optional(),
    }),
    z.looseObject({ type: z.literal('carousel'), cards: z.array(z.looseObject({})) }),
    z.looseObject({ type: z.literal('limited_time_offer') }),
  ],
  { error: 'template.components[].type: must be one of header, body, button, carousel, limited_time_offer' },
);

const templateBody = obj('template', {
  name: chars('template.name', 512),
  language: z
    .union(
      [
        chars('template.language'),
        z.object({ code: chars('template.language.code'), policy: z.literal('deterministic').optional() }),
      ],
      {
        error: 'template.language: must be {"code": "<language code>"} or a language code string',
      },
    )
    .optional()
    .describe(
      'Template language, e.g. {"code":"it"} or "it"; left out, Spunta picks the recipient\'s (contact language, phone prefix country, template default)',
    ),
  components: z
    .array(templateComponent, { error: 'template.components: must be an array' })
    .optional()
    .describe('Left out for a template with a mapping: filled from the contact'),
});

// ---------------------------------------------------------------------------------------------
// The message envelope

const common = {
  messaging_product: z
    .literal('whatsapp', { error: 'messaging_product: must be "whatsapp" when given' })
    .optional()
    .describe('Accepted for compatibility with Meta bodies and ignored'),
  recipient_type: z
    .literal('individual', { error: 'recipient_type: must be "individual" when given' })
    .optional()
    .describe('Accepted for compatibility with Meta bodies and ignored'),
  to: phone.optional(),
  recipient: bsuid.optional(),
  conversation_id: z
    .string()
    .regex(/^[a-z0-9]{15}$/, { error: 'conversation_id: must be a chat id' })
    .optional()
    .describe('Spunta extension: send in this chat (from its business number); `to` must be its customer'),
  context: obj('context', { message_id: chars('context.message_id').describe('wamid to quote as a reply') }).optional(),
};

export const OUTBOUND_TYPES = [
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contacts',
  'reaction',
  'interactive',
  'template',
] as const;

export const outboundMessageSchema = z
  .discriminatedUnion(
    'type',
    [
      z.object({ ...common, type: z.literal('text'), text: textBody }),
      z.object({ ...common, type: z.literal('image'), image: imageBody }),
      z.object({ ...common, type: z.literal('video'), video: videoBody }),
      z.object({ ...common, type: z.literal('audio'), audio: audioBody }),
      z.object({ ...common, type: z.literal('document'), document: documentBody }),
      z.object({ ...common, type: z.literal('sticker'), sticker: stickerBody }),
      z.object({ ...common, type: z.literal('location'), location: locationBody }),
      z.object({ ...common, type: z.literal('contacts'), contacts: contactsBody }),
      z.object({ ...common, type: z.literal('reaction'), reaction: reactionBody }),
      z.object({ ...common, type: z.literal('interactive'), interactive: interactiveBody }),
      z.object({ ...common, type: z.literal('template'), template: templateBody }),
    ],
    {
      error: (iss) =>
        isRec(iss.input) ? `type: must be one of ${OUTBOUND_TYPES.join(', ')}` : 'body: must be a JSON object',
    },
  )
  .check((ctx) => {
    const v = ctx.value as { to?: unknown; recipient?: unknown };
    if (v.to === undefined && v.recipient === undefined) {
      ctx.issues.push({
        code: 'custom',
        input: v,
        path: ['to'],
        message: 'to: required (a phone number), or recipient (a business-scoped user id)',
      });
    }
  })
  .describe('A WhatsApp Cloud API send body without messaging_product: {to | recipient, type, <type>: {…}, context?}');

export type OutboundMessage = z.infer<typeof outboundMessageSchema>;
export type OutboundType = OutboundMessage['type'];
export interface OutboundIssue {
  path: string;
  message: string;
}
export type OutboundValidation = { ok: true; value: OutboundMessage } | { ok: false; errors: OutboundIssue[] };

/** Everything but templates needs an open 24 h customer-service window (reactions included). */
export function isFreeForm(msg: { type: string }): boolean {
  return msg.type !== 'template';
}

export function validateOutbound(body: unknown): OutboundValidation {
  const result = outboundMessageSchema.safeParse(body);
  if (result.success) {
    const value = { ...result.data };
    delete value.messaging_product;
    delete value.recipient_type;
    return { ok: true, value };
  }
  return { ok: false, errors: result.error.issues.map(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): OutboundIssue {
  const path = issue.path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join('');
  const top = issue.path[0];
  const labelled = issue.message.startsWith('body:') || (typeof top === 'string' && issue.message.startsWith(top));
  if (!labelled) return { path, message: path ? `${path}: ${issue.message}` : issue.message };
  // Schema messages are written once per array element kind; name the actual element instead.
  const colon = issue.message.indexOf(': ');
  const label = issue.message.slice(0, colon);
  if (colon > 0 && label.includes('[]') && path) return { path, message: `${path}${issue.message.slice(colon)}` };
  return { path, message: issue.message };
}

function isRec(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
