import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InboundMessage, StatusUpdate, WebhookUpdate } from '../channel.types.ts';
import { isWebhookEnvelope, parseWebhook } from './webhook-parser.ts';

const FIXTURES = fileURLToPath(new URL('../../../../../tests/fixtures/whatsapp/', import.meta.url));
const load = (name: string): unknown => JSON.parse(readFileSync(FIXTURES + name, 'utf8'));

const WABA = '102290129340398';
const PNID = '106540352242922';
const GIULIA = '393471234567';
const OLIVER = '447700900123';
const OUR_PREVIOUS = 'wamid.HBgMMzkzNDcxMjM0NTY3FQIAEhggNjIzRENBRjFGNDY2NThFNzIzRDUyNzU3NzhFRjkxRTg=';
/** Replies to our interactive/template messages quote them in `context`. */
const REPLY_TO_US = { replyTo: expect.stringMatching(/^wamid\.HBgM/), replyFrom: '15550783881' };

function only(name: string): WebhookUpdate {
  const updates = parseWebhook(load(name));
  expect(updates).toHaveLength(1);
  return updates[0]!;
}

function message(name: string): InboundMessage {
  const u = only(name);
  if (u.kind !== 'message') throw new Error(`${name}: expected a message, got ${u.kind}`);
  // Every message fixture belongs to the same fake business; the wamid must come through untouched.
  const raw = load(name) as { entry: [{ changes: [{ value: { messages: [{ id: string }] } }] }] };
  expect(u).toMatchObject({ wabaId: WABA, phoneNumberId: PNID, displayPhoneNumber: '15550783881' });
  expect(u.wamid).toBe(raw.entry[0].changes[0].value.messages[0].id);
  return u;
}

describe('parseWebhook — inbound messages', () => {
  it('text: the whole normalised message', () => {
    expect(message('message-text.json')).toEqual({
      kind: 'message',
      wabaId: WABA,
      phoneNumberId: PNID,
      displayPhoneNumber: '15550783881',
      wamid: 'wamid.HBgMMzkzNDcxMjM0NTY3FQIAEhggMUNCMjUxRUMwRDU2OERFNkE5MjlCNTIwQzRBRUQ4RDE=',
      from: GIULIA,
      profileName: 'Giulia Rossi',
      timestamp: 1795330001,
      type: 'text',
      payload: { body: 'Ciao! Avete ancora la borsa in pelle nera?' },
      preview: 'Ciao! Avete ancora la borsa in pelle nera?',
    });
  });

  const cases: Array<[string, Partial<InboundMessage>]> = [
    [
      'message-image.json',
      {
        type: 'image',
        payload: {
          media: {
            id: expect.stringMatching(/^\d{16}$/),
            mimeType: 'image/jpeg',
            sha256: expect.any(String),
            caption: 'Questa qui, taglia M',
          },
          caption: 'Questa qui, taglia M',
        },
        preview: 'Questa qui, taglia M',
      },
    ],
    [
      'message-video.json',
      { type: 'video', payload: { media: expect.objectContaining({ mimeType: 'video/mp4' }) }, preview: '🎥 Video' },
    ],
    [
      'message-audio-voice.json',
      {
        type: 'audio',
        payload: {
          media: {
            id: expect.any(String),
            mimeType: 'audio/ogg; codecs=opus',
            sha256: expect.any(String),
            voice: true,
          },
        },
        preview: '🎤 Voice message',
      },
    ],
    [
      'message-audio.json',
      {
        from: OLIVER,
        profileName: 'Oliver Smith',
        type: 'audio',
        payload: { media: expect.objectContaining({ voice: false }) },
        preview: '🎵 Audio',
      },
    ],
    [
      'message-document.json',
      {
        type: 'document',
        payload: { media: expect.objectContaining({ filename: 'fattura-2026-0142.pdf', mimeType: 'application/pdf' }) },
        preview: '📄 fattura-2026-0142.pdf',
      },
    ],
    [
      'message-sticker.json',
      {
        type: 'sticker',
        payload: { media: expect.objectContaining({ mimeType: 'image/webp', animated: true }) },
        preview: 'Sticker',
      },
    ],
    [
      'message-location.json',
      {
        type: 'location',
        payload: {
          latitude: 45.4641013,
          longitude: 9.1919265,
          name: 'Duomo di Milano',
          address: 'Piazza del Duomo, 20122 Milano MI, Italy',
          url: 'https://www.duomomilano.it/',
        },
        preview: '📍 Duomo di Milano',
      },
    ],
    [
      'message-contacts.json',
      {
        type: 'contacts',
        payload: {
          contacts: [
            {
              name: 'Marco Bianchi',
              firstName: 'Marco',
              lastName: 'Bianchi',
              phones: [
                { phone: '+39 347 765 4321', waId: '393477654321', type: 'MOBILE' },
                { phone: '+39 06 1234567', type: 'WORK' },
              ],
              emails: [{ email: 'marco.bianchi@example.com', type: 'WORK' }],
              org: 'Bianchi Srl',
              department: 'Vendite',
              title: 'Responsabile',
              urls: [{ url: 'https://bianchi.example.com', type: 'WORK' }],
              addresses: [
                {
                  street: 'Via del Corso 12',
                  city: 'Roma',
                  zip: '00186',
                  country: 'Italy',
                  countryCode: 'IT',
                  type: 'HOME',
                },
              ],
              birthday: '1988-04-12',
            },
          ],
        },
        preview: '👤 Marco Bianchi',
      },
    ],
    [
      'message-interactive-button-reply.json',
      {
        type: 'interactive',
        payload: { kind: 'button_reply', id: 'confirm_yes', title: 'Sì, confermo' },
        preview: 'Sì, confermo',
        context: REPLY_TO_US,
      },
    ],
    [
      'message-interactive-list-reply.json',
      {
        type: 'interactive',
        payload: {
          kind: 'list_reply',
          id: 'slot_2026-11-24_10',
          title: 'Mar 24 nov, 10:00',
          description: 'Negozio di via Torino',
        },
        preview: 'Mar 24 nov, 10:00',
        context: REPLY_TO_US,
      },
    ],
    [
      'message-interactive-nfm-reply.json',
      {
        type: 'interactive',
        payload: {
          kind: 'nfm_reply',
          name: 'flow',
          body: 'Sent',
          response: { flow_token: 'ftok-7f3a', size: 'M', colour: 'nero', newsletter: true },
        },
        preview: '📝 Form submitted',
        context: REPLY_TO_US,
      },
    ],
    [
      'message-button.json',
      {
        type: 'button',
        payload: { text: 'Stop promozioni', payload: 'STOP_PROMOS' },
        preview: 'Stop promozioni',
        context: REPLY_TO_US,
      },
    ],
    [
      'message-reaction.json',
      { type: 'reaction', payload: { messageId: OUR_PREVIOUS, emoji: '👍' }, preview: 'Reacted 👍 to a message' },
    ],
    [
      'message-reaction-removed.json',
      { type: 'reaction', payload: { messageId: OUR_PREVIOUS, emoji: '' }, preview: 'Removed a reaction' },
    ],
    [
      'message-order.json',
      {
        type: 'order',
        payload: {
          catalogId: '1537860753625961',
          items: [
            { productRetailerId: 'BAG-LEATHER-BLK-M', quantity: 1, itemPrice: 189, currency: 'EUR' },
            { productRetailerId: 'WALLET-LEATHER-BLK', quantity: 2, itemPrice: 49.5, currency: 'EUR' },
          ],
          text: 'Consegna entro venerdì, grazie',
        },
        preview: '🛒 Order (3 items): Consegna entro venerdì, grazie',
      },
    ],
    [
      'message-system.json',
      {
        type: 'system',
        payload: {
          body: 'Giulia Rossi changed from 393471234567 to 393479876543',
          kind: 'user_changed_number',
          newWaId: '393479876543',
        },
        preview: 'Giulia Rossi changed from 393471234567 to 393479876543',
      },
    ],
    [
      'message-system-legacy.json',
      {
        from: OLIVER,
        type: 'system',
        payload: {
          body: 'User A changed from 447700900123 to 447700900456',
          kind: 'customer_changed_number',
          newWaId: '447700900456',
        },
      },
    ],
    [
      'message-unsupported.json',
      {
        type: 'unsupported',
        payload: {
          originalType: 'unsupported',
          errors: [
            {
              code: 131051,
              title: 'Message type unknown',
              message: 'Message type unknown',
              details: 'Message type is currently not supported.',
            },
          ],
        },
        preview: 'Unsupported message',
      },
    ],
    [
      'message-unknown-type.json',
      {
        type: 'unsupported',
        payload: {
          originalType: 'poll',
          errors: [],
          raw: expect.objectContaining({ type: 'poll', poll: expect.any(Object) }),
        },
        preview: 'Unsupported message',
      },
    ],
    [
      'message-reply-context.json',
      {
        type: 'text',
        payload: { body: 'Perfetto, passo domani' },
        context: { replyTo: OUR_PREVIOUS, replyFrom: '15550783881' },
      },
    ],
    ['message-forwarded.json', { type: 'text', context: { forwarded: true, frequentlyForwarded: true } }],
    [
      'message-product-enquiry.json',
      {
        type: 'text',
        preview: 'È disponibile in marrone?',
        context: {
          replyTo: expect.stringMatching(/^wamid\./),
          replyFrom: '15550783881',
          referredProduct: { catalogId: '1537860753625961', productRetailerId: 'BAG-LEATHER-BLK-M' },
        },
      },
    ],
    [
      'message-referral.json',
      {
        from: OLIVER,
        profileName: 'Oliver Smith',
        type: 'text',
        referral: {
          sourceUrl: 'https://fb.me/8sKq2ZxQv',
          sourceId: '120212345678900123',
          sourceType: 'ad',
          body: 'Autumn sale: 20% off all leather bags',
          headline: 'Chat with us on WhatsApp',
          mediaType: 'image',
          imageUrl: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/ad-image-autumn.jpg',
          thumbnailUrl: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/ad-thumb-autumn.jpg',
          ctwaClid: 'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-s1',
          welcomeMessage: { text: 'Hi! How can we help you today?' },
        },
      },
    ],
    [
      'message-request-welcome.json',
      { from: OLIVER, type: 'request_welcome', payload: {}, preview: '👋 Opened the chat' },
    ],
  ];

  it.each(cases)('%s', (name, expected) => {
    const m = message(name);
    expect(m).toMatchObject(expected);
    // Payloads are stored as JSON: exact equality catches stray keys that toMatchObject would allow.
    if (expected.payload) expect(m.payload).toEqual(expected.payload);
    if (expected.context) expect(m.context).toEqual(expected.context);
    else expect(m.context).toBeUndefined();
    expect(Number.isInteger(m.timestamp) && m.timestamp > 1.7e9).toBe(true);
  });

  it('system messages carry no profile name (Meta sends no contacts for them)', () => {
    expect(message('message-system.json').profileName).toBeUndefined();
  });
});

describe('parseWebhook — statuses', () => {
  const status = (name: string): StatusUpdate => {
    const u = only(name);
    if (u.kind !== 'status') throw new Error(`expected status, got ${u.kind}`);
    return u;
  };

  it('sent with pricing and conversation', () => {
    expect(status('status-sent.json')).toEqual({
      kind: 'status',
      wabaId: WABA,
      phoneNumberId: PNID,
      wamid: expect.stringMatching(/^wamid\.HBgMMzkzNDcxMjM0NTY3/),
      status: 'sent',
      timestamp: 1795330030,
      recipientId: GIULIA,
      errors: [],
      pricing: { billable: true, pricingModel: 'PMP', type: 'regular', category: 'marketing' },
      conversation: { id: 'c7b3a1e95d2f48e0a6b4c3d2e1f0a9b8', expiresAt: 1795416430, originType: 'marketing' },
    });
  });

  it('delivered: hyphenated authentication-international is normalised', () => {
    const s = status('status-delivered.json');
    expect(s).toMatchObject({ status: 'delivered', recipientId: OLIVER, errors: [] });
    expect(s.pricing?.category).toBe('authentication_international');
  });

  it('read and played', () => {
    expect(status('status-read.json')).toMatchObject({ status: 'read', timestamp: 1795330032, errors: [] });
    expect(status('status-read.json').pricing).toBeUndefined();
    expect(status('status-played.json')).toMatchObject({ status: 'played', recipientId: GIULIA });
  });

  it('failed keeps code, title, message and details', () => {
    expect(status('status-failed.json')).toMatchObject({
      status: 'failed',
      errors: [
        {
          code: 131049,
          title: 'This message was not delivered to maintain healthy ecosystem engagement.',
          message: 'This message was not delivered to maintain healthy ecosystem engagement.',
          details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
        },
      ],
    });
  });
});

describe('parseWebhook — other fields', () => {
  it('template status approved / rejected (numeric ids become strings)', () => {
    expect(only('template-status-approved.json')).toEqual({
      kind: 'template_status',
      wabaId: WABA,
      templateId: '594425479261596',
      name: 'order_confirmation',
      language: 'it',
      event: 'APPROVED',
      reason: 'NONE',
      category: 'UTILITY',
    });
    expect(only('template-status-rejected.json')).toMatchObject({
      kind: 'template_status',
      templateId: '806312974732579',
      event: 'REJECTED',
      reason: 'INVALID_FORMAT',
      category: 'MARKETING',
    });
  });

  it('template quality, phone quality, account update, value errors', () => {
    expect(only('template-quality.json')).toEqual({
      kind: 'template_quality',
      wabaId: WABA,
      templateId: '806312974732579',
      name: 'autumn_sale_2026',
      language: 'en_GB',
      previousScore: 'GREEN',
      newScore: 'YELLOW',
    });
    expect(only('phone-quality.json')).toEqual({
      kind: 'phone_quality',
      wabaId: WABA,
      displayPhoneNumber: '15550783881',
      event: 'UPGRADE',
      currentLimit: 'TIER_10K',
      oldLimit: 'TIER_2K',
      maxDailyConversations: 'TIER_10K',
    });
    expect(only('account-update.json')).toMatchObject({
      kind: 'account_notice',
      field: 'account_update',
      wabaId: WABA,
      event: 'ACCOUNT_RESTRICTION',
      phoneNumber: '15550783881',
      raw: { restriction_info: expect.any(Array) },
    });
    expect(only('value-errors.json')).toEqual({
      kind: 'problem',
      wabaId: WABA,
      phoneNumberId: PNID,
      errors: [
        {
          code: 131000,
          title: 'Something went wrong',
          message: 'Something went wrong',
          details: 'Message failed to send because of an unknown error. Please try again later.',
        },
      ],
    });
  });

  it('unknown fields are kept as UnknownChange', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: WABA, changes: [{ field: 'security', value: { event: 'PIN_CHANGED' } }] }],
    };
    expect(parseWebhook(body)).toEqual([
      { kind: 'unknown', wabaId: WABA, field: 'security', raw: { event: 'PIN_CHANGED' } },
    ]);
  });

  it('a known field with an unusable value degrades to UnknownChange', () => {
    const body = {
      entry: [{ id: 7, changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED' } }] }],
    };
    expect(parseWebhook(body)).toEqual([
      { kind: 'unknown', wabaId: '7', field: 'message_template_status_update', raw: { event: 'APPROVED' } },
    ]);
  });
});

describe('parseWebhook — batches', () => {
  it('keeps every update in POST order across entries and changes', () => {
    const updates = parseWebhook(load('batch-mixed.json'));
    expect(
      updates.map((u) =>
        u.kind === 'status' ? `status:${u.status}` : u.kind === 'message' ? `${u.type}:${u.from}` : u.kind,
      ),
    ).toEqual([`text:${GIULIA}`, `image:${OLIVER}`, 'status:sent', 'status:delivered', 'status:read', 'status:failed']);
    const [text, image, , , , failed] = updates;
    expect(text).toMatchObject({ profileName: 'Giulia Rossi', preview: 'Buongiorno, a che ora aprite?' });
    expect(image).toMatchObject({ profileName: 'Oliver Smith', preview: '📷 Photo' });
    expect(failed).toMatchObject({ recipientId: OLIVER, errors: [{ code: 131026, title: 'Message undeliverable' }] });
  });
});

describe('parseWebhook — edge cases', () => {
  const wrap = (value: unknown) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: WABA, changes: [{ field: 'messages', value }] }],
  });
  const one = (m: Record<string, unknown>) => {
    const [u] = parseWebhook(
      wrap({
        metadata: { phone_number_id: PNID },
        messages: [{ id: 'wamid.X', from: GIULIA, timestamp: '1795330000', ...m }],
      }),
    );
    return u as InboundMessage;
  };

  it('coerces numeric strings and numbers where Meta is inconsistent', () => {
    expect(one({ type: 'location', location: { latitude: 45.1, longitude: '-9.5' } }).payload).toEqual({
      latitude: 45.1,
      longitude: -9.5,
    });
    expect(
      one({
        type: 'order',
        order: {
          catalog_id: 1,
          product_items: [{ product_retailer_id: 'A', quantity: '2', item_price: '3.5', currency: 'EUR' }],
        },
      }),
    ).toMatchObject({
      payload: { catalogId: '1', items: [{ quantity: 2, itemPrice: 3.5 }] },
      preview: '🛒 Order (2 items)',
    });
  });

  it('malformed bodies of known types become unsupported, keeping the original type', () => {
    for (const m of [
      { type: 'image', image: { caption: 'no id' } },
      { type: 'location', location: { latitude: 'north', longitude: 1 } },
      { type: 'interactive', interactive: { type: 'call_permission_reply', call_permission_reply: {} } },
      { type: 'reaction', reaction: {} },
      { type: 'text' },
      { type: 42 },
    ]) {
      const u = one(m);
      expect(u).toMatchObject({ kind: 'message', type: 'unsupported', preview: 'Unsupported message' });
      expect(u.payload.originalType).toBe(typeof m.type === 'string' ? m.type : 'unknown');
    }
  });

  it('newer unsupported payloads name the inner type', () => {
    expect(one({ type: 'unsupported', unsupported: { type: 'edit' } }).payload).toEqual({
      originalType: 'edit',
      errors: [],
    });
  });

  it('nfm_reply with a non-JSON response keeps the string', () => {
    const u = one({
      type: 'interactive',
      interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', response_json: '{oops' } },
    });
    expect(u.payload).toEqual({ kind: 'nfm_reply', name: 'flow', response: '{oops' });
  });

  it('previews are single-line and at most 200 characters', () => {
    const u = one({ type: 'text', text: { body: `${'🍝'.repeat(150)}\n\n${'x'.repeat(500)}` } });
    expect(Array.from(u.preview)).toHaveLength(200);
    expect(u.preview).not.toMatch(/\n/);
    expect(u.preview.endsWith('…')).toBe(true);
    expect(u.payload.body).toHaveLength(300 + 2 + 500);
  });

  it('messages without id or from, and unknown statuses, are kept as UnknownChange', () => {
    const updates = parseWebhook(
      wrap({
        messages: [{ from: GIULIA, type: 'text', text: { body: 'no id' } }, null, 'x'],
        statuses: [{ id: 'wamid.Y', status: 'deleted' }, { status: 'sent' }],
      }),
    );
    expect(updates).toHaveLength(5);
    expect(updates.every((u) => u.kind === 'unknown' && u.field === 'messages')).toBe(true);
    expect(updates[0]).toMatchObject({ raw: { messages: [{ text: { body: 'no id' } }] } });
  });

  it('garbage never throws', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    );
    const inputs: unknown[] = [
      null,
      undefined,
      '',
      'x',
      0,
      NaN,
      true,
      [],
      [1, 2],
      {},
      { entry: 'x' },
      { entry: null },
      { entry: [null, 1, 'a', []] },
      { object: 'page', entry: [] },
      { entry: [{ changes: 'x' }] },
      { entry: [{ id: {}, changes: [null, 1, { field: 7 }, { field: 'messages' }] }] },
      wrap(null),
      wrap([]),
      wrap({ messages: 'x', statuses: {}, errors: 3 }),
      wrap({ messages: [{}], contacts: 'x', metadata: [] }),
      wrap({ messages: [{ id: 1, from: 2, type: 'contacts', contacts: [null, { name: 3, phones: 'x' }] }] }),
      hostile,
      { entry: [hostile] },
      wrap({ messages: [hostile], statuses: [hostile] }),
    ];
    for (const input of inputs) expect(() => parseWebhook(input)).not.toThrow();
    expect(parseWebhook(null)).toEqual([]);
    expect(parseWebhook({})).toEqual([]);
    expect(parseWebhook({ entry: 'x' })).toEqual([
      { kind: 'unknown', wabaId: '', field: 'envelope', raw: { entry: 'x' } },
    ]);
  });

  it('survives 2,000 random mutations of the fixtures with well-formed output', () => {
    const fixtures = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json'))
      .map(load);
    const rand = mulberry32(0x5b0a7a);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const garbage = [
      null,
      undefined,
      '',
      ' ',
      'x',
      '12.5',
      '-',
      0,
      -1,
      1e308,
      NaN,
      true,
      false,
      [],
      [null],
      {},
      { id: 1 },
      'a'.repeat(5000),
      [[[]]],
    ];
    for (let i = 0; i < 2000; i++) {
      const doc = structuredClone(pick(fixtures)) as unknown;
      for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) mutate(doc, rand, () => pick(garbage));
      let updates: WebhookUpdate[] = [];
      expect(() => {
        updates = parseWebhook(doc);
      }).not.toThrow();
      for (const u of updates) {
        expect([
          'message',
          'status',
          'template_status',
          'template_quality',
          'phone_quality',
          'account_notice',
          'template_category',
          'template_components',
          'user_preference',
          'contact_sync',
          'problem',
          'unknown',
        ]).toContain(u.kind);
        if (u.kind === 'message') {
          expect(typeof u.wamid === 'string' && u.wamid.length > 0).toBe(true);
          expect(Number.isFinite(u.timestamp)).toBe(true);
          expect(Array.from(u.preview).length).toBeLessThanOrEqual(200);
        }
        if (u.kind === 'status') expect(Array.isArray(u.errors)).toBe(true);
      }
    }
  });
});

describe('isWebhookEnvelope', () => {
  it('accepts Meta envelopes only', () => {
    expect(isWebhookEnvelope(load('message-text.json'))).toBe(true);
    expect(isWebhookEnvelope({ object: 'page', entry: [] })).toBe(false);
    expect(isWebhookEnvelope({ object: 'whatsapp_business_account' })).toBe(false);
    expect(isWebhookEnvelope(null)).toBe(false);
  });
});

/** Replaces, deletes or re-types one random node of a JSON tree. */
function mutate(root: unknown, rand: () => number, garbage: () => unknown): void {
  let node = root;
  for (let depth = 0; depth < 12; depth++) {
    if (typeof node !== 'object' || node === null) return;
    const obj = node as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 0) return;
    const key = keys[Math.floor(rand() * keys.length)]!;
    const child = obj[key];
    const descend = typeof child === 'object' && child !== null && rand() < 0.75;
    if (descend) {
      node = child;
      continue;
    }
    const r = rand();
    if (r < 0.2 && !Array.isArray(obj)) delete obj[key];
    else if (r < 0.3) obj[key] = [child];
    else if (r < 0.4 && typeof child === 'number') obj[key] = String(child);
    else obj[key] = garbage();
    return;
  }
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
