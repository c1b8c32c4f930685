import { describe, expect, it } from 'vitest';
import {
  componentsOf,
  emptyForm,
  formFromRow,
  insertAt,
  issuesOf,
  neededExamples,
  type TemplateRow,
} from './editor-state.ts';

describe('template editor form', () => {
  it('round-trips a form through Meta’s component shape', () => {
    const f = {
      ...emptyForm('it'),
      headerFormat: 'IMAGE' as const,
      headerHandle: '4::aW1n:x',
      body: 'Ciao %%FIRST_NAME%%, ecco la tua offerta per oggi.',
      footer: 'STOP per annullare',
      buttons: [{ type: 'QUICK_REPLY', text: 'Sì' }],
      examples: { first_name: 'Giulia' },
    };
    const comps = componentsOf(f);
    expect(comps[0]).toEqual({ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1n:x'] } });
    const back = formFromRow({ id: 'r1', language: 'it', status: 'DRAFT' } as TemplateRow, {
      components: comps,
      examples: f.examples,
    });
    expect({ ...back, id: undefined }).toEqual({ ...f, id: undefined });
  });

  it('checks the rules live, with the examples the text needs', () => {
    const f = { ...emptyForm('it'), body: 'Ciao %%FIRST_NAME%%, la tua offerta ti aspetta in negozio.' };
    expect(neededExamples(f)).toEqual(['first_name']);
    expect(issuesOf('promo', 'MARKETING', f).map((i) => i.rule)).toEqual(['param.example_missing']);
    expect(issuesOf('Promo!', 'MARKETING', { ...f, examples: { first_name: 'G' } }).map((i) => i.rule)).toEqual([
      'name.charset',
    ]);
    expect(issuesOf('promo', 'MARKETING', { ...f, headerFormat: 'IMAGE' }).map((i) => i.rule)).toContain(
      'header.sample_required',
    );
  });

  it('inserts a field at the caret, replacing a selection', () => {
    expect(insertAt('Ciao , a presto', 5, 5, '%%FIRST_NAME%%')).toEqual({
      value: 'Ciao %%FIRST_NAME%%, a presto',
      caret: 19,
    });
    expect(insertAt('Ciao XX!', 5, 7, '%%NAME%%')).toEqual({ value: 'Ciao %%NAME%%!', caret: 13 });
  });
});
