import { describe, expect, it } from 'vitest';
import { toInteractive, validate, type Draft } from './interactive.ts';

const base: Draft = {
  kind: 'button',
  header: '',
  body: 'Pick one',
  footer: '',
  buttons: ['Yes', 'No'],
  listButton: '',
  section: '',
  rows: [],
};

describe('interactive builder', () => {
  it('builds reply buttons with ids', () => {
    expect(validate(base)).toEqual({});
    expect(toInteractive(base)).toEqual({
      type: 'button',
      body: { text: 'Pick one' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: '1-yes', title: 'Yes' } },
          { type: 'reply', reply: { id: '2-no', title: 'No' } },
        ],
      },
    });
  });

  it('flags titles over 20 characters, empty and duplicate buttons', () => {
    expect(validate({ ...base, buttons: ['x'.repeat(21), '', 'x'.repeat(21)] })).toEqual({
      'button.0': 'tooLong',
      'button.1': 'required',
      'button.2': 'duplicate',
    });
    expect(validate({ ...base, body: '' })).toEqual({ body: 'required' });
  });

  it('builds a list with one section and optional descriptions', () => {
    const d: Draft = {
      ...base,
      kind: 'list',
      listButton: 'Orari',
      section: 'Negozi',
      rows: [
        { title: 'Milano', description: '9-18' },
        { title: 'Roma', description: '' },
      ],
    };
    expect(validate(d)).toEqual({});
    expect(toInteractive(d)).toEqual({
      type: 'list',
      body: { text: 'Pick one' },
      action: {
        button: 'Orari',
        sections: [
          {
            title: 'Negozi',
            rows: [
              { id: '1-milano', title: 'Milano', description: '9-18' },
              { id: '2-roma', title: 'Roma' },
            ],
          },
        ],
      },
    });
    expect(validate({ ...d, rows: [{ title: 'r'.repeat(25), description: 'd'.repeat(73) }] })).toEqual({
      'row.0': 'tooLong',
      'rowDesc.0': 'tooLong',
    });
  });
});
