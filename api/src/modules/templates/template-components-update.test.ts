import { describe, expect, it } from 'vitest';
import { applyComponentsUpdate, changedParts } from './template-components-update.ts';
import type { TplComponent } from './template-placeholders.ts';

const current: TplComponent[] = [
  { type: 'HEADER', format: 'TEXT', text: 'Ordine' },
  { type: 'BODY', text: 'Ciao {{1}}, ordine {{2}} ricevuto.', example: { body_text: [['Giulia', 'A-1']] } },
  { type: 'FOOTER', text: 'Vecchio footer' },
  {
    type: 'BUTTONS',
    buttons: [
      { type: 'QUICK_REPLY', text: 'Stop' },
      {
        type: 'URL',
        text: 'Traccia',
        url: 'https://shop.example.com/t/{{1}}',
        example: ['https://shop.example.com/t/A-1'],
      },
    ],
  },
];

describe('message_template_components_update', () => {
  it('replaces body, footer and URL buttons as Meta now holds them, keeping what the webhook never describes', () => {
    const next = applyComponentsUpdate(current, {
      message_template_element: 'Ciao {{1}}, il tuo ordine {{2}} è confermato.',
      message_template_footer: 'Spunta Demo',
      message_template_buttons: [
        {
          message_template_button_type: 'URL',
          message_template_button_text: "Segui l'ordine",
          message_template_button_url: 'https://shop.example.com/o/{{1}}',
        },
      ],
    })!;
    expect(next).toEqual([
      {
        type: 'BODY',
        text: 'Ciao {{1}}, il tuo ordine {{2}} è confermato.',
        example: { body_text: [['Giulia', 'A-1']] },
      },
      { type: 'FOOTER', text: 'Spunta Demo' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Stop' },
          { type: 'URL', text: "Segui l'ordine", url: 'https://shop.example.com/o/{{1}}' },
        ],
      },
    ]);
    // the text header is gone: Meta sends message_template_title whenever the header is text
    expect(changedParts(current, next)).toEqual(['header', 'body', 'footer', 'buttons']);
  });

  it('keeps a media header, adds a text header and footer it did not have, and ignores a webhook without body', () => {
    const media: TplComponent[] = [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['h'] } },
      { type: 'BODY', text: 'x' },
    ];
    expect(applyComponentsUpdate(media, { message_template_element: 'y', message_template_title: 'ignored' })).toEqual([
      media[0],
      { type: 'BODY', text: 'y' },
    ]);
    expect(
      applyComponentsUpdate([], {
        message_template_element: 'b',
        message_template_title: 't',
        message_template_footer: 'f',
      }),
    ).toEqual([
      { type: 'HEADER', format: 'TEXT', text: 't' },
      { type: 'BODY', text: 'b' },
      { type: 'FOOTER', text: 'f' },
    ]);
    expect(applyComponentsUpdate(current, { message_template_footer: 'f' })).toBeUndefined();
    expect(changedParts(current, current)).toEqual([]);
  });
});

it('compares components whatever order the store gives their keys back in', () => {
  expect(
    changedParts(
      [{ type: 'BODY', text: 'x', example: { a: 1, b: 2 } }],
      [{ example: { b: 2, a: 1 }, text: 'x', type: 'BODY' }],
    ),
  ).toEqual([]);
});
