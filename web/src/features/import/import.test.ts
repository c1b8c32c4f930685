import { describe, expect, it } from 'vitest';
import type { Analysis, FieldDef, Job, UploadResult } from '../contacts/crm.types.ts';
import {
  looksLikePhones,
  mappingProblems,
  normHeader,
  suggestMapping,
  targetForHeader,
  type Target,
} from './mapping.ts';
import {
  analysisFresh,
  canGo,
  initialWizard,
  optionsValid,
  progressOf,
  resultOf,
  startBody,
  wizard,
  type WizardState,
} from './wizard.ts';

const def = (key: string, label = '', type: FieldDef['type'] = 'text', extra: Partial<FieldDef> = {}): FieldDef => ({
  id: 'x',
  key,
  label,
  type,
  on_contact: true,
  required: false,
  ...extra,
});
const defs = new Map(
  [
    def('BIRTHDAY_DATE', 'Data di nascita', 'date'),
    def('CITY', 'Città'),
    def('HIDDEN', 'Hidden', 'text', { on_contact: false }),
  ].map((d) => [d.key, d]),
);

describe('column auto-mapping', () => {
  it('normalises headers', () => {
    expect(normHeader('  Numéro_de-Téléphone ')).toBe('numero de telephone');
  });

  it('maps Italian, English and French headers, dynamic fields by key and by label', () => {
    const header = ['Nome', 'Cognome', 'Cellulare', 'E-mail', 'BIRTHDAY_DATE', 'Città', 'Note', 'Pays', 'Hidden'];
    expect(suggestMapping(header, [], defs)).toEqual([
      'first_name',
      'last_name',
      'phone',
      'email',
      'field:BIRTHDAY_DATE',
      'field:CITY',
      'notes',
      'country',
      'ignore',
    ]);
    expect(targetForHeader('Data di nascita', defs)).toBe('field:BIRTHDAY_DATE');
    expect(targetForHeader('birthday date', defs)).toBe('field:BIRTHDAY_DATE');
    expect(targetForHeader('Mobile Phone', defs)).toBe('phone');
    expect(targetForHeader('Prénom', defs)).toBe('first_name');
  });

  it('keeps the server suggestion and completes it', () => {
    const header = ['Nome', 'Cognome', 'Cellulare', 'CITY'];
    expect(suggestMapping(header, [], defs, ['first_name', 'last_name', 'phone', 'ignore'])).toEqual([
      'first_name',
      'last_name',
      'phone',
      'field:CITY',
    ]);
    // an unknown or switched-off field from the server is not taken
    expect(suggestMapping(['A'], [], defs, ['field:HIDDEN'])).toEqual(['ignore']);
  });

  it('finds the phone and email columns from their values when the header says nothing', () => {
    const header = ['Cliente', 'Col B', 'Col C'];
    const rows = [
      ['Mario', '+39 340 111 2201', 'mario@example.it'],
      ['Giulia', '340 111 2202', 'giulia@example.it'],
      ['Anna', '', 'anna@'],
    ];
    expect(suggestMapping(header, rows, defs)).toEqual(['ignore', 'phone', 'email']);
    expect(looksLikePhones(['12', 'abc', ''])).toBe(false);
  });

  it('uses each target once', () => {
    expect(suggestMapping(['Phone', 'Telefono', 'Email', 'Mail'], [], defs)).toEqual([
      'phone',
      'ignore',
      'email',
      'ignore',
    ]);
  });

  it('reports a missing phone, targets used twice and required fields left out', () => {
    const required = new Map([...defs, ['VAT', def('VAT', 'VAT', 'text', { required: true })]]);
    expect(mappingProblems(['email', 'email', 'ignore'] as Target[], required)).toEqual({
      noPhone: true,
      duplicates: ['email'],
      missingRequired: ['VAT'],
    });
    expect(mappingProblems(['phone', 'field:VAT'] as Target[], required)).toEqual({
      noPhone: false,
      duplicates: [],
      missingRequired: [],
    });
  });
});

const upload: UploadResult = {
  job: {
    id: 'job000000000001',
    type: 'contacts_import',
    state: 'draft',
    progress: { done: 0, total: 3 },
    params: null,
    result: null,
    error: '',
  },
  format: { encoding: 'utf8', delimiter: ';', sepLine: false },
  header: ['Nome', 'Cellulare', 'Mail'],
  preview: [['Mario', '+39 340 111 2201', 'm@x.it']],
  rows: 3,
  suggested_mapping: ['first_name', 'phone', 'email'],
};
const analysis: Analysis = {
  rows: 3,
  importable: 2,
  would_create: 2,
  would_update: 0,
  skipped: { duplicate_in_file: 1 },
  warnings: {},
  issues: [],
  unmapped_required: [],
};
const job = (state: Job['state'], extra: Partial<Job> = {}): Job => ({ ...upload.job, state, ...extra });

const run = (s: WizardState, ...events: Parameters<typeof wizard>[1][]) => events.reduce(wizard, s);

describe('import wizard', () => {
  it('walks upload → map → preview → options → running → done', () => {
    let s = initialWizard({ list: 'list00000000001' });
    expect(canGo(s, 'map')).toBe(false);
    s = run(s, { type: 'busy' }, { type: 'uploaded', upload, mapping: ['first_name', 'phone', 'email'] });
    expect(s.step).toBe('map');
    expect(canGo(s, 'preview')).toBe(true);
    expect(canGo(s, 'options')).toBe(false); // not analysed yet
    s = run(s, { type: 'goto', step: 'preview' }, { type: 'busy' }, { type: 'analysed', analysis });
    expect(analysisFresh(s)).toBe(true);
    s = run(s, { type: 'goto', step: 'options' });
    expect(s.step).toBe('options');
    s = run(s, { type: 'started', job: job('queued') });
    expect(s.step).toBe('running');
    expect(canGo(s, 'map')).toBe(false);
    s = run(s, { type: 'job', job: job('running', { progress: { done: 1, total: 4 } }) });
    expect(progressOf(s.job)).toBe(0.25);
    s = run(s, {
      type: 'job',
      job: job('succeeded', {
        result: {
          rows: 3,
          created: 2,
          updated: 0,
          unchanged: 0,
          skipped: 1,
          skipped_by_reason: { duplicate_in_file: 1 },
          warnings_by_reason: {},
        },
      }),
    });
    expect(s.step).toBe('done');
    expect(resultOf(s.job)).toMatchObject({ created: 2, skipped: 1, skipped_by_reason: { duplicate_in_file: 1 } });
    // "import another file" keeps the target list
    s = run(s, { type: 'goto', step: 'upload' });
    expect(s.step).toBe('upload');
    expect(s.options.list).toBe('list00000000001');
  });

  it('makes the analysis stale when the mapping or the country changes', () => {
    let s = run(
      initialWizard(),
      { type: 'uploaded', upload, mapping: ['first_name', 'phone', 'email'] },
      { type: 'goto', step: 'preview' },
      { type: 'analysed', analysis },
    );
    expect(canGo(s, 'options')).toBe(true);
    s = run(s, { type: 'settings', patch: { defaultCountry: 'GB' } });
    expect(analysisFresh(s)).toBe(false);
    expect(canGo(s, 'options')).toBe(false);
    s = run(s, { type: 'settings', patch: { defaultCountry: 'IT' } });
    expect(analysisFresh(s)).toBe(true);
  });

  it('gives a target to one column only and refuses to go on without a phone', () => {
    let s = run(initialWizard(), { type: 'uploaded', upload, mapping: ['first_name', 'phone', 'email'] });
    s = run(s, { type: 'map', column: 0, target: 'phone' });
    expect(s.mapping).toEqual(['phone', 'ignore', 'email']);
    s = run(s, { type: 'map', column: 0, target: 'ignore' });
    expect(canGo(s, 'preview')).toBe(false);
    expect(run(s, { type: 'goto', step: 'preview' }).step).toBe('map');
  });

  it('does not offer the import when nothing can be imported', () => {
    const s = run(
      initialWizard(),
      { type: 'uploaded', upload, mapping: ['first_name', 'phone', 'email'] },
      { type: 'analysed', analysis: { ...analysis, importable: 0 } },
    );
    expect(canGo(s, 'options')).toBe(false);
  });

  it('keeps an error until the next attempt', () => {
    const s = run(initialWizard(), { type: 'busy' }, { type: 'failed', error: new Error('413') });
    expect(s.busy).toBe(false);
    expect(s.error).toBeInstanceOf(Error);
    expect(run(s, { type: 'busy' }).error).toBeNull();
  });

  it('builds the start request', () => {
    let s = run(initialWizard({ list: 'list00000000001' }), {
      type: 'uploaded',
      upload,
      mapping: ['first_name', 'phone', 'email'],
    });
    s = run(s, {
      type: 'options',
      patch: { tag: 'new', newTag: 'Fiera', optIn: true, optInSource: '  Fiera di Milano ', optInScope: 'all' },
    });
    expect(optionsValid(s.options)).toBe(true);
    expect(startBody(s, 'tag000000000001')).toEqual({
      mapping: ['first_name', 'phone', 'email'],
      default_country: 'IT',
      date_order: 'dmy',
      invalid_phones: 'skip',
      list: 'list00000000001',
      tag: 'tag000000000001',
      opt_in: { source: 'Fiera di Milano', scope: 'all' },
    });
    expect(optionsValid({ ...s.options, optInSource: ' ' })).toBe(false);
    expect(optionsValid({ ...s.options, newTag: '' })).toBe(false);
  });

  it('ignores progress of another job', () => {
    const s = run(
      initialWizard(),
      { type: 'uploaded', upload, mapping: ['first_name', 'phone', 'email'] },
      { type: 'started', job: job('queued') },
    );
    expect(run(s, { type: 'job', job: { ...job('succeeded'), id: 'other0000000001' } }).step).toBe('running');
  });
});
