import { describe, expect, it } from 'vitest';
import { META_RATES } from '../../../../api/src/modules/campaigns/rates.data.ts';
import {
  addCountry,
  cellIssue,
  COUNTRY_CODES,
  countryCodeIssue,
  decimalMarkOf,
  formatRate,
  formIssues,
  fromTable,
  isDirty,
  isIsoDate,
  parseRate,
  type RatesForm,
  type RateTable,
  removeCountry,
  sameTable,
  setRate,
  toTable,
} from './rates-form.ts';

const TABLE: RateTable = {
  currency: 'USD',
  source_date: '2025-07-01',
  source: 'Meta',
  rates: {
    IT: { marketing: 0.0691, utility: 0.03, authentication: 0.03 },
    '*': { marketing: 0.0604, utility: 0.0077, authentication: 0.0077 },
    DE: { marketing: 0.1365, utility: 0.055 },
  },
};

describe('parseRate', () => {
  it.each([
    ['0.0691', 0.0691],
    ['0,0691', 0.0691],
    [' 0.03 ', 0.03],
    ['0', 0],
    ['.5', 0.5],
    ['2.', 2],
    ['10', 10],
    ['0.06910', 0.0691],
    ['0, 05', 0.05],
  ])('%j → %s', (text, value) => expect(parseRate(text)).toEqual({ ok: true, value }));

  it('empty is not set', () => {
    expect(parseRate('')).toEqual({ ok: true, value: null });
    expect(parseRate('   ')).toEqual({ ok: true, value: null });
  });

  it.each([
    ['-0.01', 'negative'],
    ['-1', 'negative'],
    ['0.06915', 'decimals'],
    ['10.0001', 'too_large'],
    ['11', 'too_large'],
    ['1 234', 'too_large'],
    ['abc', 'number'],
    ['1e-3', 'number'],
    ['0.1.2', 'number'],
    ['1,000.5', 'number'],
    ['-', 'number'],
    ['.', 'number'],
    ['$0.05', 'number'],
  ])('%j → %s', (text, error) => expect(parseRate(text)).toEqual({ ok: false, error }));
});

describe('formatRate and the decimal mark', () => {
  it('prints at most 4 decimals without trailing zeros, in the locale’s mark', () => {
    expect(formatRate(0.0691)).toBe('0.0691');
    expect(formatRate(0.03, ',')).toBe('0,03');
    expect(formatRate(0.1 + 0.2)).toBe('0.3');
    expect(formatRate(2)).toBe('2');
    expect(formatRate(undefined)).toBe('');
  });
  it.each([
    ['en', '.'],
    ['it', ','],
    ['fr', ','],
    ['es', ','],
  ])('%s uses %j', (l, mark) => expect(decimalMarkOf(l)).toBe(mark));
  it('round-trips through parseRate in every mark', () => {
    for (const v of [0, 0.0014, 0.0691, 0.1597, 9.9999])
      for (const mark of ['.', ',']) expect(parseRate(formatRate(v, mark))).toEqual({ ok: true, value: v });
  });
});

describe('table ⇄ form', () => {
  it('orders countries by the given key, the other countries last, and keeps empty cells empty', () => {
    const f = fromTable(TABLE, ',');
    expect(f.rows.map((r) => r.country)).toEqual(['DE', 'IT', '*']);
    expect(f.rows[0]!.values).toEqual({ marketing: '0,1365', utility: '0,055', authentication: '' });
    const byName = fromTable(TABLE, '.', (c) => ({ IT: 'Italia', DE: 'Germania' })[c] ?? c);
    expect(byName.rows.map((r) => r.country)).toEqual(['DE', 'IT', '*']);
    const reversed = fromTable(TABLE, '.', (c) => ({ IT: 'A', DE: 'B' })[c] ?? c);
    expect(reversed.rows.map((r) => r.country)).toEqual(['IT', 'DE', '*']);
  });

  it('adds an empty other-countries row when the table has none, which the form then asks for', () => {
    const f = fromTable({ ...TABLE, rates: { IT: { marketing: 0.07 } } });
    expect(f.rows.map((r) => r.country)).toEqual(['IT', '*']);
    expect(
      formIssues(f)
        .filter((i) => i.field === 'rate')
        .map((i) => i.error),
    ).toEqual(['required', 'required', 'required']);
  });

  it('gives back the same table (the shipped one too), with commas read as decimal marks', () => {
    expect(sameTable(toTable(fromTable(TABLE, ','))!, TABLE)).toBe(true);
    expect(toTable(fromTable(META_RATES))).toEqual(META_RATES);
    const t = toTable(fromTable(TABLE))!;
    expect(Object.keys(t.rates).at(-1)).toBe('*');
    expect(t.rates.DE).toEqual({ marketing: 0.1365, utility: 0.055 });
  });

  it('trims the source, and is null while anything is wrong', () => {
    const f = fromTable(TABLE);
    expect(toTable({ ...f, source: '  Meta card  ' })!.source).toBe('Meta card');
    expect(toTable(setRate(f, 'IT', 'marketing', '-1'))).toBeNull();
  });
});

describe('formIssues', () => {
  const f = fromTable(TABLE);
  it('a good form has none', () => expect(formIssues(f)).toEqual([]));

  it('names each bad cell', () => {
    const bad = setRate(setRate(f, 'IT', 'marketing', '0.12345'), '*', 'utility', '');
    const issues = formIssues(bad);
    expect(issues).toEqual([
      { field: 'rate', country: 'IT', category: 'marketing', error: 'decimals' },
      { field: 'rate', country: '*', category: 'utility', error: 'required' },
    ]);
    expect(cellIssue(issues, 'IT', 'marketing')).toBe('decimals');
    expect(cellIssue(issues, 'IT', 'utility')).toBeNull();
  });

  it('an empty country cell is allowed (it uses the other countries’ rate)', () => {
    expect(formIssues(setRate(f, 'IT', 'utility', ''))).toEqual([]);
  });

  it('checks the source, the date and the currency', () => {
    expect(formIssues({ ...f, source: '  ', source_date: '', currency: 'usd' })).toEqual([
      { field: 'source', error: 'required' },
      { field: 'source_date', error: 'required' },
      { field: 'currency', error: 'invalid' },
    ]);
    expect(formIssues({ ...f, source: 'x'.repeat(501), source_date: '2025-02-30' })).toEqual([
      { field: 'source', error: 'too_long' },
      { field: 'source_date', error: 'invalid' },
    ]);
  });

  it('refuses the same country twice', () => {
    const twice: RatesForm = { ...f, rows: [f.rows[0]!, ...f.rows] };
    expect(formIssues(twice)).toEqual([{ field: 'rows', error: 'duplicate', country: 'DE' }]);
  });

  it.each([
    ['2025-07-01', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['1/7/2025', false],
    ['', false],
  ])('isIsoDate(%j) = %s', (s, ok) => expect(isIsoDate(s)).toBe(ok));
});

describe('countries', () => {
  const f = fromTable(TABLE);
  it('knows the 249 ISO 3166-1 codes and Kosovo, each once, each with a name', () => {
    expect(COUNTRY_CODES).toHaveLength(250);
    expect(new Set(COUNTRY_CODES).size).toBe(250);
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    expect(COUNTRY_CODES.filter((c) => !names.of(c))).toEqual([]);
  });

  it.each([
    ['pt', null],
    [' Pt ', null],
    ['XK', null],
    ['', 'empty'],
    ['  ', 'empty'],
    ['P', 'format'],
    ['PRT', 'format'],
    ['P1', 'format'],
    ['ZZ', 'unknown'],
    ['EU', 'unknown'],
    ['QQ', 'unknown'],
    ['it', 'duplicate'],
    ['*', 'duplicate'],
  ])('%j → %s', (typed, want) => expect(countryCodeIssue(typed, f.rows)).toBe(want));

  it('adds a country with empty cells just before the other countries', () => {
    const g = addCountry(f, ' pt');
    expect(g.rows.map((r) => r.country)).toEqual(['DE', 'IT', 'PT', '*']);
    expect(g.rows[2]!.values).toEqual({ marketing: '', utility: '', authentication: '' });
    expect(addCountry(g, 'PT')).toBe(g);
    expect(addCountry(g, 'ZZ')).toBe(g);
    expect(formIssues(g)).toEqual([]);
    expect(toTable(setRate(g, 'PT', 'marketing', '0,0514'))!.rates.PT).toEqual({ marketing: 0.0514 });
  });

  it('removes a country but never the other countries', () => {
    expect(removeCountry(f, 'IT').rows.map((r) => r.country)).toEqual(['DE', '*']);
    expect(removeCountry(f, '*')).toBe(f);
  });
});

describe('isDirty', () => {
  it('is false for the saved table, however it is typed, and true after a change', () => {
    const f = fromTable(TABLE, ',');
    expect(isDirty(f, TABLE)).toBe(false);
    expect(isDirty(setRate(f, 'IT', 'marketing', '0.06910'), TABLE)).toBe(false);
    expect(isDirty(setRate(f, 'IT', 'marketing', '0.07'), TABLE)).toBe(true);
    expect(isDirty(removeCountry(f, 'DE'), TABLE)).toBe(true);
    expect(isDirty({ ...f, source_date: '2026-01-01' }, TABLE)).toBe(true);
    expect(isDirty(setRate(f, 'IT', 'marketing', 'x'), TABLE)).toBe(true);
    expect(isDirty(f, null)).toBe(false);
  });
});
