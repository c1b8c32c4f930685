import { describe, expect, it } from 'vitest';
import type { FieldDef } from './crm.types.ts';
import {
  activeCount,
  conditionError,
  fromApiFilter,
  isEmpty,
  normalize,
  sameFilter,
  toApiFilter,
  toQuery,
} from './filters.ts';

const def = (key: string, type: FieldDef['type']): FieldDef => ({
  id: `f${key.toLowerCase().padEnd(14, '0')}`.slice(0, 15),
  key,
  label: key,
  type,
  on_contact: true,
  required: false,
});
const defs = new Map(
  [
    def('CITY', 'text'),
    def('BIRTHDAY_DATE', 'date'),
    def('SPEND', 'number'),
    def('VIP', 'boolean'),
    def('LAST_VISIT', 'datetime'),
  ].map((d) => [d.key, d]),
);
const T1 = 'aaaaaaaaaaaaaa1';
const T2 = 'aaaaaaaaaaaaaa2';
const L1 = 'bbbbbbbbbbbbbb1';

describe('filter → GET /contacts query', () => {
  it('sends nothing for an empty filter but the paging asked for', () => {
    expect(toQuery({}, defs).toString()).toBe('');
    expect(toQuery({ q: '  ', tags: [], deleted: 'exclude' }, defs, { page: 2, perPage: 100 }).toString()).toBe(
      'page=2&perPage=100',
    );
  });

  it('joins tags, lists and languages with commas and keeps booleans as text', () => {
    const p = toQuery(
      {
        q: ' mario ',
        tags: [T1, T2, T1],
        tags_mode: 'all',
        lists: [L1],
        language: ['it', 'en'],
        phone: 'invalid',
        consent: 'opted_out',
        blocked: false,
        deleted: 'only',
      },
      defs,
      { sort: 'name' },
    );
    expect(Object.fromEntries(p)).toEqual({
      q: 'mario',
      tag: `${T1},${T2}`,
      tags_mode: 'all',
      list: L1,
      language: 'it,en',
      phone: 'invalid',
      consent: 'opted_out',
      blocked: 'false',
      deleted: 'only',
      sort: 'name',
    });
  });

  it('drops tags_mode with a single tag and ids that are not record ids', () => {
    expect(Object.fromEntries(toQuery({ tags: [T1, 'nope'], tags_mode: 'all' }, defs))).toEqual({ tag: T1 });
  });

  it('writes custom-field conditions as JSON in `where`, typed, and skips incomplete ones', () => {
    const p = toQuery(
      {
        fields: [
          { key: 'CITY', op: 'contains', value: 'Rom' },
          { key: 'SPEND', op: 'gt', value: '12,5' },
          { key: 'VIP', op: 'eq', value: 'true' },
          { key: 'BIRTHDAY_DATE', op: 'empty' },
          { key: 'BIRTHDAY_DATE', op: 'before', value: '' },
          { key: 'CITY', op: 'gt', value: 'x' },
          { key: 'NOPE', op: 'eq', value: 'x' },
        ],
      },
      defs,
    );
    expect(JSON.parse(p.get('where')!)).toEqual([
      { key: 'CITY', op: 'contains', value: 'Rom' },
      { key: 'SPEND', op: 'gt', value: 12.5 },
      { key: 'VIP', op: 'eq', value: true },
      { key: 'BIRTHDAY_DATE', op: 'empty' },
    ]);
  });

  it('sends a local datetime as UTC ISO', () => {
    const p = toQuery({ fields: [{ key: 'LAST_VISIT', op: 'after', value: '2025-05-01T10:30' }] }, defs);
    const [c] = JSON.parse(p.get('where')!);
    expect(c.value).toBe(new Date(2025, 4, 1, 10, 30).toISOString());
  });
});

describe('filter → JSON ContactFilter', () => {
  it('has exactly the server schema keys', () => {
    expect(
      toApiFilter(
        { q: 'x', tags: [T1], blocked: true, deleted: 'include', fields: [{ key: 'CITY', op: 'eq', value: 'Roma' }] },
        defs,
      ),
    ).toEqual({
      q: 'x',
      tags: [T1],
      blocked: true,
      deleted: 'include',
      fields: [{ key: 'CITY', op: 'eq', value: 'Roma' }],
    });
    expect(toApiFilter({}, defs)).toEqual({});
  });

  it('round-trips through a saved view', () => {
    const f = {
      tags: [T1, T2],
      tags_mode: 'all' as const,
      consent: 'opted_in' as const,
      fields: [
        { key: 'CITY', op: 'neq' as const, value: 'Roma' },
        { key: 'VIP', op: 'not_empty' as const },
      ],
    };
    expect(sameFilter(fromApiFilter(JSON.parse(JSON.stringify(toApiFilter(f, defs)))), f)).toBe(true);
  });

  it('reads a saved datetime condition back as local time', () => {
    const iso = new Date(2025, 0, 2, 9, 5).toISOString();
    expect(fromApiFilter({ fields: [{ key: 'LAST_VISIT', op: 'before', value: iso }] }).fields).toEqual([
      { key: 'LAST_VISIT', op: 'before', value: '2025-01-02T09:05' },
    ]);
  });

  it('ignores junk in a stored filter', () => {
    expect(
      fromApiFilter({ tags: [T1, 3], phone: 'maybe', blocked: 'yes', fields: [{ key: 'X', op: 'like' }, null] }),
    ).toEqual({ tags: [T1] });
    expect(fromApiFilter(null)).toEqual({});
  });
});

describe('helpers', () => {
  it('counts filter groups, not the search', () => {
    expect(activeCount({ q: 'x' })).toBe(0);
    expect(isEmpty({ q: ' ' })).toBe(true);
    expect(
      activeCount({
        tags: [T1, T2],
        phone: 'valid',
        blocked: false,
        fields: [
          { key: 'CITY', op: 'empty' },
          { key: 'VIP', op: 'eq', value: 'true' },
        ],
      }),
    ).toBe(5);
  });

  it('explains why a condition cannot be sent', () => {
    expect(conditionError({ key: 'CITY', op: 'contains', value: 'a' }, defs.get('CITY'))).toBeUndefined();
    expect(conditionError({ key: 'SPEND', op: 'contains', value: '1' }, defs.get('SPEND'))).toBe('bad_op');
    expect(conditionError({ key: 'SPEND', op: 'gt', value: 'abc' }, defs.get('SPEND'))).toBe('not_a_number');
    expect(conditionError({ key: 'BIRTHDAY_DATE', op: 'after', value: ' ' }, defs.get('BIRTHDAY_DATE'))).toBe(
      'value_required',
    );
    expect(conditionError({ key: 'BIRTHDAY_DATE', op: 'after', value: '31/12/1990' }, defs.get('BIRTHDAY_DATE'))).toBe(
      'not_a_date',
    );
    expect(conditionError({ key: 'X', op: 'empty' }, undefined)).toBe('unknown_field');
  });

  it('normalises equal filters to the same thing', () => {
    expect(normalize({ tags: [T1, T1], deleted: 'exclude', q: '' })).toEqual({ tags: [T1] });
    expect(sameFilter({ tags: [T1], language: [] }, { tags: [T1] })).toBe(true);
  });
});
