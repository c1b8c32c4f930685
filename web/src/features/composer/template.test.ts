import { describe, expect, it } from 'vitest';
import type { Template } from '../../lib/types.ts';
import { buildComponents, prefill, prefillMapped, renderSent, renderTemplate, templateParams } from './template.ts';

const reminder: Template = {
  id: 't1',
  name: 'appointment_reminder',
  language: 'en',
  category: 'UTILITY',
  status: 'APPROVED',
  rejected_reason: '',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Appointment reminder' },
    {
      type: 'BODY',
      text: 'Hi {{1}}, see you on {{2}} at {{3}}.',
      example: { body_text: [['Anna', 'Monday', '10:30']] },
    },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Confirm' }] },
  ],
};
const named: Template = {
  id: 't2',
  name: 'offerta_personale',
  language: 'it',
  category: 'MARKETING',
  status: 'APPROVED',
  rejected_reason: '',
  parameter_format: 'NAMED',
  components: [
    {
      type: 'HEADER',
      format: 'TEXT',
      text: 'Un regalo per te, {{first_name}}',
      example: { header_text_named_params: [{ param_name: 'first_name', example: 'Giulia' }] },
    },
    {
      type: 'BODY',
      text: 'Sconto del {{discount}} con il codice {{code}}.',
      example: {
        body_text_named_params: [
          { param_name: 'discount', example: '20%' },
          { param_name: 'code', example: 'CIAO20' },
        ],
      },
    },
  ],
};

describe('templates', () => {
  it('lists positional parameters with examples and pre-fills {{1}} with the contact name', () => {
    const params = templateParams(reminder);
    expect(params.map((p) => [p.component, p.key, p.example])).toEqual([
      ['body', '1', 'Anna'],
      ['body', '2', 'Monday'],
      ['body', '3', '10:30'],
    ]);
    expect(prefill(params, { name: 'Giulia Rossi' })).toEqual({ 'body.1': 'Giulia Rossi', 'body.2': '', 'body.3': '' });
  });

  it('handles named parameters in header and body', () => {
    const params = templateParams(named);
    expect(params.map((p) => `${p.component}.${p.key}`)).toEqual(['header.first_name', 'body.discount', 'body.code']);
    const values: Record<string, string> = {
      ...prefill(params, { name: 'Giulia Rossi' }),
      'body.discount': '20%',
      'body.code': 'X1',
    };
    expect(values['header.first_name']).toBe('Giulia');
    expect(buildComponents(params, values)).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: 'Giulia', parameter_name: 'first_name' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: '20%', parameter_name: 'discount' },
          { type: 'text', text: 'X1', parameter_name: 'code' },
        ],
      },
    ]);
  });

  it('renders the preview, leaving unfilled placeholders visible', () => {
    const r = renderTemplate(reminder, { 'body.1': 'Giulia', 'body.2': 'Friday' });
    expect(r).toEqual({
      header: 'Appointment reminder',
      body: 'Hi Giulia, see you on Friday at {{3}}.',
      buttons: [{ type: 'QUICK_REPLY', text: 'Confirm' }],
    });
  });

  it('renders a sent template from its payload', () => {
    const payload = {
      name: 'appointment_reminder',
      language: { code: 'en' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Ann' },
            { type: 'text', text: 'Mon' },
            { type: 'text', text: '9:00' },
          ],
        },
      ],
    };
    expect(renderSent(payload, [reminder])?.body).toBe('Hi Ann, see you on Mon at 9:00.');
    expect(renderSent({ name: 'unknown' }, [reminder])).toBeNull();
  });

  it("pre-fills from the template's mapping: fixed values and contact fields with fallback", () => {
    const tpl = {
      mapping: {
        code: { source: 'value' as const, value: 'ESTATE20' },
        city: { source: 'field' as const, field: 'CITY', fallback: 'la tua città' },
      },
      components: [{ type: 'BODY', text: 'Ciao {{first_name}}, codice {{code}} valido a {{city}} fino a domenica' }],
    };
    const params = templateParams(tpl);
    expect(prefillMapped(tpl, params, { name: 'Marco Rossi', fields: {} })).toEqual({
      'body.first_name': 'Marco',
      'body.code': 'ESTATE20',
      'body.city': 'la tua città',
    });
  });
});
