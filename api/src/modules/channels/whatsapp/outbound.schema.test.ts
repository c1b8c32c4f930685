import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { isFreeForm, outboundMessageSchema, validateOutbound } from './outbound.schema.ts';

const TO = '+39 347 123 4567';
const row = (id: string, title = `Row ${id}`) => ({ id, title });
const buttons = (...titles: string[]) => titles.map((title, i) => ({ type: 'reply', reply: { id: `b${i}`, title } }));
const buttonMsg = (action: unknown, extra: Record<string, unknown> = {}) => ({
  to: TO,
  type: 'interactive',
  interactive: { type: 'button', body: { text: 'Confermi l’appuntamento?' }, action, ...extra },
});
const listMsg = (sections: unknown, extra: Record<string, unknown> = {}) => ({
  to: TO,
  type: 'interactive',
  interactive: { type: 'list', body: { text: 'Scegli un orario' }, action: { button: 'Orari', sections }, ...extra },
});

/** Asserts a rejection and returns the messages, so each test can check the limit is named. */
function rejected(body: unknown): string[] {
  const r = validateOutbound(body);
  if (r.ok) throw new Error(`expected a rejection for ${JSON.stringify(body)}`);
  for (const e of r.errors) expect(typeof e.path).toBe('string');
  return r.errors.map((e) => e.message);
}

describe('validateOutbound — valid bodies', () => {
  const valid: Array<[string, Record<string, unknown>]> = [
    ['text', { to: TO, type: 'text', text: { body: 'Ciao Giulia!', preview_url: true } }],
    [
      'text with reply context',
      { to: '447700900123', type: 'text', text: { body: 'x'.repeat(4096) }, context: { message_id: 'wamid.ABC' } },
    ],
    ['image by id', { to: TO, type: 'image', image: { id: '1234567890123456', caption: 'La borsa' } }],
    ['video by link', { to: TO, type: 'video', video: { link: 'https://cdn.example.com/v.mp4' } }],
    ['audio', { to: TO, type: 'audio', audio: { id: '99' } }],
    ['sticker', { to: TO, type: 'sticker', sticker: { link: 'http://localhost:8090/s.webp' } }],
    [
      'document',
      { to: TO, type: 'document', document: { id: '42', filename: 'fattura.pdf', caption: 'Fattura di novembre' } },
    ],
    [
      'location (numbers)',
      { to: TO, type: 'location', location: { latitude: 45.46, longitude: 9.19, name: 'Duomo', address: 'Milano' } },
    ],
    [
      'location (numeric strings, as in Meta docs)',
      { to: TO, type: 'location', location: { latitude: '45.46', longitude: '-9.19' } },
    ],
    [
      'contacts',
      {
        to: TO,
        type: 'contacts',
        contacts: [
          {
            name: { formatted_name: 'Marco Bianchi', first_name: 'Marco' },
            phones: [{ phone: '+39 347 765 4321', type: 'MOBILE' }],
            birthday: '1988-04-12',
          },
        ],
      },
    ],
    ['reaction', { to: TO, type: 'reaction', reaction: { message_id: 'wamid.ABC', emoji: '👍' } }],
    ['reaction removal', { to: TO, type: 'reaction', reaction: { message_id: 'wamid.ABC', emoji: '' } }],
    [
      'interactive buttons',
      buttonMsg(
        { buttons: buttons('Sì', 'No', 'Più tardi') },
        { header: { type: 'text', text: 'Appuntamento' }, footer: { text: 'Spunta' } },
      ),
    ],
    [
      'interactive buttons with image header',
      buttonMsg(
        { buttons: buttons('Ok') },
        { header: { type: 'image', image: { link: 'https://cdn.example.com/h.jpg' } } },
      ),
    ],
    [
      'interactive list, one untitled section',
      listMsg([{ rows: [row('a'), { id: 'b', title: 'B', description: 'x'.repeat(72) }] }]),
    ],
    [
      'interactive list, 10 rows over 2 titled sections',
      listMsg(
        [
          { title: 'Mattina', rows: ['1', '2', '3', '4', '5'].map((i) => row(i)) },
          { title: 'Pomeriggio', rows: ['6', '7', '8', '9', '10'].map((i) => row(i)) },
        ],
        { header: { type: 'text', text: 'Orari' } },
      ),
    ],
    [
      'template, language object',
      {
        to: TO,
        type: 'template',
        template: {
          name: 'order_confirmation',
          language: { code: 'it' },
          components: [
            { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/o.jpg' } }] },
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Giulia' },
                { type: 'text', text: '#1042', parameter_name: 'order' },
              ],
            },
            {
              type: 'button',
              sub_type: 'quick_reply',
              index: '0',
              parameters: [{ type: 'payload', payload: 'STOP_PROMOS' }],
            },
            { type: 'button', sub_type: 'url', index: 1, parameters: [{ type: 'text', text: 'track/1042' }] },
          ],
        },
      },
    ],
    [
      'template, plain language code',
      { to: TO, type: 'template', template: { name: 'hello_world', language: 'en_US' } },
    ],
  ];

  it.each(valid)('%s', (_name, body) => {
    const r = validateOutbound(body);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('accepts and drops messaging_product / recipient_type', () => {
    const r = validateOutbound({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '393471234567',
      type: 'text',
      text: { body: 'hi' },
    });
    expect(r).toEqual({ ok: true, value: { to: '393471234567', type: 'text', text: { body: 'hi' } } });
    expect(rejected({ messaging_product: 'sms', to: TO, type: 'text', text: { body: 'hi' } })).toEqual([
      'messaging_product: must be "whatsapp" when given',
    ]);
  });

  it('leaves the phone number as given', () => {
    const r = validateOutbound({ to: '+44 7700-900123', type: 'text', text: { body: 'hi' } });
    expect(r.ok && r.value.to).toBe('+44 7700-900123');
  });
});

describe('validateOutbound — limits are named', () => {
  it('text.body at most 4096 characters; must not be empty', () => {
    expect(rejected({ to: TO, type: 'text', text: { body: 'x'.repeat(4097) } })).toEqual([
      'text.body: at most 4096 characters (got 4097)',
    ]);
    expect(rejected({ to: TO, type: 'text', text: { body: '' } })).toEqual(['text.body: must not be empty']);
    expect(rejected({ to: TO, type: 'text' })).toEqual(['text: required']);
  });

  it('to: 8–15 digits, optional +', () => {
    for (const to of ['+39 347', '1234567890123456', '39-347-abc-4567', '++393471234567', '']) {
      expect(rejected({ to, type: 'text', text: { body: 'hi' } })[0]).toMatch(
        /^to: must be a phone number .*8–15 digits/,
      );
    }
    expect(rejected({ type: 'text', text: { body: 'hi' } })).toEqual([
      'to: required (a phone number), or recipient (a business-scoped user id)',
    ]);
  });

  it('recipient: a business-scoped user id instead of (or beside) the phone', () => {
    expect(validateOutbound({ recipient: 'US.13491208655302741918', type: 'text', text: { body: 'hi' } }).ok).toBe(
      true,
    );
    expect(validateOutbound({ recipient: 'US.ENT.11815799212886844830', type: 'text', text: { body: 'hi' } }).ok).toBe(
      true,
    );
    expect(
      validateOutbound({ to: '+393471234567', recipient: 'IT.1502576394655843', type: 'text', text: { body: 'hi' } })
        .ok,
    ).toBe(true);
    expect(rejected({ recipient: '393471234567', type: 'text', text: { body: 'hi' } })).toEqual([
      'recipient: must be a business-scoped user id such as "US.13491208655302741918"',
    ]);
  });

  it('type and body shape', () => {
    expect(rejected({ to: TO, type: 'poll' })[0]).toMatch(/^type: must be one of text, image, .* template$/);
    expect(rejected('hello')).toEqual(['body: must be a JSON object']);
    expect(rejected(null)).toEqual(['body: must be a JSON object']);
  });

  it('media: exactly one of id or link; http(s) links only', () => {
    expect(rejected({ to: TO, type: 'image', image: { caption: 'x' } })).toEqual([
      'image: exactly one of "id" or "link" is required (got neither)',
    ]);
    expect(rejected({ to: TO, type: 'document', document: { id: '1', link: 'https://x.example/a.pdf' } })).toEqual([
      'document: exactly one of "id" or "link" is required (got both)',
    ]);
    expect(rejected({ to: TO, type: 'video', video: { link: 'ftp://x.example/v.mp4' } })).toEqual([
      'video.link: must be an http(s) URL',
    ]);
  });

  it('captions refused on audio and stickers, limited to 1024 elsewhere; filename only on documents', () => {
    expect(rejected({ to: TO, type: 'audio', audio: { id: '1', caption: 'listen' } })).toEqual([
      'audio.caption: captions are not allowed on audio',
    ]);
    expect(rejected({ to: TO, type: 'sticker', sticker: { id: '1', caption: 'hi' } })).toEqual([
      'sticker.caption: captions are not allowed on stickers',
    ]);
    expect(rejected({ to: TO, type: 'image', image: { id: '1', caption: 'c'.repeat(1025) } })).toEqual([
      'image.caption: at most 1024 characters (got 1025)',
    ]);
    expect(rejected({ to: TO, type: 'image', image: { id: '1', filename: 'a.jpg' } })).toEqual([
      'image.filename: filename is only allowed on documents',
    ]);
  });

  it('location coordinates within range', () => {
    expect(rejected({ to: TO, type: 'location', location: { latitude: 91, longitude: 0 } })).toEqual([
      'location.latitude: must be between -90 and 90',
    ]);
    expect(rejected({ to: TO, type: 'location', location: { latitude: 0, longitude: 'east' } })).toEqual([
      'location.longitude: must be a number',
    ]);
  });

  it('contacts need at least one card with a formatted name', () => {
    expect(rejected({ to: TO, type: 'contacts', contacts: [] })).toEqual([
      'contacts: at least 1 contact card is required',
    ]);
    expect(rejected({ to: TO, type: 'contacts', contacts: [{ name: {} }] })).toEqual([
      'contacts[0].name.formatted_name: required',
    ]);
  });

  it('reaction needs a message_id and an emoji string', () => {
    expect(rejected({ to: TO, type: 'reaction', reaction: { emoji: '👍' } })).toEqual([
      'reaction.message_id: required',
    ]);
    expect(rejected({ to: TO, type: 'reaction', reaction: { message_id: 'wamid.A' } })).toEqual([
      'reaction.emoji: required',
    ]);
  });

  it('interactive buttons: at most 3, titles ≤ 20 and unique, ids ≤ 256, body ≤ 1024, footer ≤ 60', () => {
    expect(rejected(buttonMsg({ buttons: buttons('A', 'B', 'C', 'D') }))).toEqual([
      'interactive.action.buttons: at most 3 reply buttons (got 4)',
    ]);
    expect(rejected(buttonMsg({ buttons: [] }))).toEqual([
      'interactive.action.buttons: at least 1 reply button is required',
    ]);
    expect(rejected(buttonMsg({ buttons: buttons('Ok', 'Un titolo troppo lungo!') }))).toEqual([
      'interactive.action.buttons[1].reply.title: at most 20 characters (got 23)',
    ]);
    expect(rejected(buttonMsg({ buttons: buttons('Sì', 'Sì') }))).toEqual([
      'interactive.action.buttons: button titles must be unique ("Sì" is repeated)',
    ]);
    expect(rejected(buttonMsg({ buttons: [{ type: 'reply', reply: { id: 'i'.repeat(257), title: 'Ok' } }] }))).toEqual([
      'interactive.action.buttons[0].reply.id: at most 256 characters (got 257)',
    ]);
    const long = {
      to: TO,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'b'.repeat(1025) },
        footer: { text: 'f'.repeat(61) },
        action: { buttons: buttons('Ok') },
      },
    };
    expect(rejected(long)).toEqual([
      'interactive.body.text: at most 1024 characters (got 1025)',
      'interactive.footer.text: at most 60 characters (got 61)',
    ]);
  });

  it('interactive list: at most 10 rows in total, 10 sections, unique ids, titles when > 1 section', () => {
    const eleven = [
      { title: 'A', rows: ['1', '2', '3', '4', '5', '6'].map((i) => row(i)) },
      { title: 'B', rows: ['7', '8', '9', '10', '11'].map((i) => row(i)) },
    ];
    expect(rejected(listMsg(eleven))).toEqual(['interactive list: at most 10 rows in total across sections (got 11)']);
    const sections = Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: [row(`r${i}`)] }));
    expect(rejected(listMsg(sections))).toContain('interactive.action.sections: at most 10 sections (got 11)');
    expect(rejected(listMsg([{ title: 'A', rows: [row('x')] }, { rows: [row('y')] }]))).toEqual([
      'interactive.action.sections[1].title: section titles are required when a list has more than 1 section',
    ]);
    expect(
      rejected(
        listMsg([
          { title: 'A', rows: [row('x')] },
          { title: 'B', rows: [row('x')] },
        ]),
      ),
    ).toEqual(['interactive list: row ids must be unique across sections ("x" is repeated)']);
  });

  it('interactive list: field limits (button 20, row title 24, description 72, row id 200, section title 24, header 60)', () => {
    const msgs = rejected({
      to: TO,
      type: 'interactive',
      interactive: {
        type: 'list',
        header: { type: 'text', text: 'h'.repeat(61) },
        body: { text: 'b' },
        action: {
          button: 'Scegli uno degli orari',
          sections: [
            {
              title: 'Una sezione dal titolo lungo',
              rows: [{ id: 'i'.repeat(201), title: 'Un titolo di riga troppo lungo', description: 'd'.repeat(73) }],
            },
          ],
        },
      },
    });
    expect(msgs).toEqual([
      'interactive.header.text: at most 60 characters (got 61)',
      'interactive.action.button: at most 20 characters (got 22)',
      'interactive.action.sections[0].title: at most 24 characters (got 28)',
      'interactive.action.sections[0].rows[0].id: at most 200 characters (got 201)',
      'interactive.action.sections[0].rows[0].title: at most 24 characters (got 30)',
      'interactive.action.sections[0].rows[0].description: at most 72 characters (got 73)',
    ]);
  });

  it('the 10-row total is reported even when single rows are also invalid', () => {
    const rows = Array.from({ length: 11 }, (_, i) => row(`r${i}`, i === 0 ? 't'.repeat(25) : 'ok'));
    expect(rejected(listMsg([{ rows }]))).toEqual([
      'interactive.action.sections[0].rows[0].title: at most 24 characters (got 25)',
      'interactive list: at most 10 rows in total across sections (got 11)',
    ]);
  });

  it('interactive type must be button or list', () => {
    expect(rejected({ to: TO, type: 'interactive', interactive: { type: 'cta_url' } })).toEqual([
      'interactive.type: must be "button" or "list"',
    ]);
    expect(rejected({ to: TO, type: 'interactive' })).toEqual(['interactive: required']);
  });

  it('template: name, language and component shapes', () => {
    expect(rejected({ to: TO, type: 'template', template: { language: 'it' } })).toEqual(['template.name: required']);
    expect(rejected({ to: TO, type: 'template', template: { name: 'x', language: 5 } })[0]).toMatch(
      /^template\.language: must be/,
    );
    const msgs = rejected({
      to: TO,
      type: 'template',
      template: {
        name: 'x',
        language: { code: 'it' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: '' }, { type: 'bogus' }] },
          { type: 'button', sub_type: 'url', index: 12 },
        ],
      },
    });
    expect(msgs).toEqual([
      'template.components[0].parameters[0].text: must not be empty',
      expect.stringMatching(/^template\.components\[0\]\.parameters\[1\]\.type: must be one of text, /),
      'template.components[1].index: must be the button position 0–9',
    ]);
  });

  it('errors carry the exact path', () => {
    const r = validateOutbound(buttonMsg({ buttons: buttons('Ok', 'x'.repeat(21)) }));
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          path: 'interactive.action.buttons[1].reply.title',
          message: 'interactive.action.buttons[1].reply.title: at most 20 characters (got 21)',
        },
      ],
    });
  });
});

describe('isFreeForm', () => {
  it('everything except templates needs the 24 h window', () => {
    expect(isFreeForm({ type: 'template' })).toBe(false);
    for (const type of ['text', 'image', 'reaction', 'interactive', 'location'])
      expect(isFreeForm({ type })).toBe(true);
  });
});

describe('OpenAPI', () => {
  it('the schema can describe a @hono/zod-openapi request body', () => {
    const app = new OpenAPIHono();
    const route = createRoute({
      method: 'post',
      path: '/api/v1/messages',
      request: { body: { content: { 'application/json': { schema: outboundMessageSchema } } } },
      responses: { 202: { description: 'queued' } },
    });
    app.openapi(route, (c) => c.json({}, 202));
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Spunta', version: '0' } });
    const body = JSON.stringify(doc.paths?.['/api/v1/messages']?.post?.requestBody);
    expect(body).toContain('"to"');
    expect(body).toContain('interactive');
  });
});
