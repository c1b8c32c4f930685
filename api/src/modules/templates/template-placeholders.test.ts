import { describe, expect, it } from 'vitest';
import {
  buildSendComponents,
  contactFieldValue,
  effectiveMapping,
  fillText,
  fromMetaComponents,
  namedToSpoki,
  parameterFormatOf,
  paramKeys,
  resolveParamValues,
  spokiToNamed,
  toMetaComponents,
  type TplComponent,
} from './template-placeholders.ts';

const editor: TplComponent[] = [
  { type: 'HEADER', format: 'TEXT', text: 'Un regalo per %%FIRST_NAME%%' },
  { type: 'BODY', text: 'Ciao %%FIRST_NAME%%, il tuo codice %%PROMO_CODE%% vale fino a domenica. A presto!' },
  { type: 'FOOTER', text: 'Scrivi STOP per annullare' },
  {
    type: 'BUTTONS',
    buttons: [
      { type: 'QUICK_REPLY', text: 'Grazie' },
      { type: 'URL', text: 'Apri', url: 'https://shop.example.com/c/%%PROMO_CODE%%' },
    ],
  },
];
const examples = { first_name: 'Giulia', promo_code: 'CIAO20', url_1: 'CIAO20' };

describe('%%FIELD%% ↔ named parameters', () => {
  it.each([
    ['Ciao %%FIRST_NAME%%!', 'Ciao {{first_name}}!'],
    ['%%BIRTHDAY_DATE%% e %%last_name%%', '{{birthday_date}} e {{last_name}}'],
    ['Nessun segnaposto', 'Nessun segnaposto'],
    ['50%% di sconto, 20%% extra', '50%% di sconto, 20%% extra'],
  ])('%s → %s and back', (spoki, named) => {
    expect(spokiToNamed(spoki)).toBe(named);
    expect(namedToSpoki(named)).toBe(spoki.replace('%%last_name%%', '%%LAST_NAME%%'));
  });

  it('keeps numbered placeholders as they are', () => {
    expect(namedToSpoki('Ciao {{1}}, ordine {{order_id}}')).toBe('Ciao {{1}}, ordine %%ORDER_ID%%');
  });

  it('builds Meta’s named create components with examples', () => {
    const meta = toMetaComponents(editor, examples);
    expect(meta[0]).toEqual({
      type: 'HEADER',
      format: 'TEXT',
      text: 'Un regalo per {{first_name}}',
      example: { header_text_named_params: [{ param_name: 'first_name', example: 'Giulia' }] },
    });
    expect(meta[1]).toEqual({
      type: 'BODY',
      text: 'Ciao {{first_name}}, il tuo codice {{promo_code}} vale fino a domenica. A presto!',
      example: {
        body_text_named_params: [
          { param_name: 'first_name', example: 'Giulia' },
          { param_name: 'promo_code', example: 'CIAO20' },
        ],
      },
    });
    expect(meta[3]!.buttons![1]).toEqual({
      type: 'URL',
      text: 'Apri',
      url: 'https://shop.example.com/c/{{1}}',
      example: ['https://shop.example.com/c/CIAO20'],
    });
    expect(parameterFormatOf(meta)).toBe('named');
  });

  it('reads a synced template back into the editor (text and examples)', () => {
    const back = fromMetaComponents(toMetaComponents(editor, examples));
    expect(back.components[1]!.text).toBe(editor[1]!.text);
    expect(back.components[0]!.text).toBe(editor[0]!.text);
    expect(back.examples).toEqual(examples);
  });

  it('reads positional examples too', () => {
    const back = fromMetaComponents([
      { type: 'BODY', text: 'Ciao {{1}}, ordine {{2}}', example: { body_text: [['Anna', '#1']] } },
    ]);
    expect(back.examples).toEqual({ 1: 'Anna', 2: '#1' });
    expect(parameterFormatOf(back.components)).toBe('positional');
  });
});

describe('mapping and send components', () => {
  const contact = {
    first_name: 'Marco',
    last_name: 'Rossi',
    phone: '+393471234567',
    fields: { PROMO_CODE: 'MARCO10', EMPTY: '' },
  };

  it('maps parameters named like contact fields by default; the stored mapping wins', () => {
    const keys = paramKeys(toMetaComponents(editor, examples));
    expect(keys).toEqual(['first_name', 'promo_code', 'url_1']);
    expect(effectiveMapping(keys, { url_1: { source: 'value', value: 'SUMMER' } }, ['PROMO_CODE'])).toEqual({
      first_name: { source: 'field', field: 'FIRST_NAME' },
      promo_code: { source: 'field', field: 'PROMO_CODE' },
      url_1: { source: 'value', value: 'SUMMER' },
    });
    expect(effectiveMapping(['discount'], {}, ['PROMO_CODE'])).toEqual({});
  });

  it('fills values from the contact, uses the fallback for an empty field, reports what is missing', () => {
    const r = resolveParamValues(
      ['first_name', 'promo_code', 'empty', 'nothing'],
      {
        first_name: { source: 'field', field: 'FIRST_NAME' },
        promo_code: { source: 'field', field: 'PROMO_CODE' },
        empty: { source: 'field', field: 'EMPTY', fallback: 'amico' },
      },
      contact,
    );
    expect(r).toEqual({ values: { first_name: 'Marco', promo_code: 'MARCO10', empty: 'amico' }, missing: ['nothing'] });
  });

  it.each([
    ['FIRST_NAME', { name: 'Anna Bianchi' }, 'Anna'],
    ['FULL_NAME', { first_name: 'Anna', last_name: 'Bianchi' }, 'Anna Bianchi'],
    ['FULL_NAME', { profile_name: 'Annie' }, 'Annie'],
    ['LAST_NAME', {}, ''],
    ['birthday_date', { fields: { BIRTHDAY_DATE: '1990-05-01' } }, '1990-05-01'],
  ])('contact field %s of %j = %s', (field, c, want) => expect(contactFieldValue(c, field)).toBe(want));

  it('builds the send body with parameter_name, and the link variable', () => {
    const meta = toMetaComponents(editor, examples);
    expect(buildSendComponents(meta, { first_name: 'Marco', promo_code: 'MARCO10', url_1: 'MARCO10' })).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: 'Marco', parameter_name: 'first_name' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Marco', parameter_name: 'first_name' },
          { type: 'text', text: 'MARCO10', parameter_name: 'promo_code' },
        ],
      },
      { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'MARCO10' }] },
    ]);
  });

  it('fills a media header and positional bodies in number order', () => {
    const comps: TplComponent[] = [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Ciao {{1}}, ordine {{2}} pronto, a presto' },
    ];
    expect(buildSendComponents(comps, { 1: 'Anna', 2: '#7' }, { id: '42' })).toEqual([
      { type: 'header', parameters: [{ type: 'image', image: { id: '42' } }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Anna' },
          { type: 'text', text: '#7' },
        ],
      },
    ]);
  });

  it('previews text with sample values and keeps unfilled ones readable', () => {
    expect(fillText('Ciao %%FIRST_NAME%%, codice %%PROMO_CODE%%', { first_name: 'Giulia' })).toBe(
      'Ciao Giulia, codice %%PROMO_CODE%%',
    );
  });
});
