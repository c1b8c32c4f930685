import { describe, expect, it } from 'vitest';
import PocketBase from 'pocketbase';
import type { ContactFieldRecord } from '../../lib/records.ts';
import { buildContactFilter, filterFromQuery } from './contacts.filters.ts';

const pb = new PocketBase('http://127.0.0.1:1');
const def = (key: string, type: ContactFieldRecord['type']) => [key, { key, type } as ContactFieldRecord] as const;
const defs = new Map([
  def('CITY', 'text'),
  def('BIRTHDAY_DATE', 'date'),
  def('SCORE', 'number'),
  def('VIP', 'boolean'),
]);
const build = (f: Parameters<typeof buildContactFilter>[1]) =>
  buildContactFilter(pb, f, { userId: 'u'.repeat(15), defs });

describe('contact filters', () => {
  it('hides deleted contacts unless asked', () => {
    expect(build({})).toBe("deleted_at = ''");
    expect(build({ deleted: 'only' })).toBe("deleted_at != ''");
    expect(build({ deleted: 'include' })).toBe('');
  });

  it('quotes every user value', () => {
    const f = build({ q: 'O"Brien" || id != "', fields: [{ key: 'CITY', op: 'contains', value: 'x" || 1=1' }] });
    expect(f).toContain('name ~ "O\\"Brien\\" || id != \\""');
    expect(f).toContain('fields.CITY ~ "x\\" || 1=1"');
  });

  it('coerces field condition values to the field type', () => {
    expect(build({ deleted: 'include', fields: [{ key: 'BIRTHDAY_DATE', op: 'before', value: '31/12/1990' }] })).toBe(
      'fields.BIRTHDAY_DATE < "1990-12-31"',
    );
    expect(build({ deleted: 'include', fields: [{ key: 'SCORE', op: 'gt', value: '7,5' }] })).toBe(
      'fields.SCORE > 7.5',
    );
    expect(build({ deleted: 'include', fields: [{ key: 'VIP', op: 'eq', value: 'sì' }] })).toBe('fields.VIP = true');
    expect(() => build({ fields: [{ key: 'NOPE', op: 'empty' }] })).toThrow(/No dynamic field/);
    expect(() => build({ fields: [{ key: 'SCORE', op: 'contains', value: '1' }] })).toThrow(/text fields/);
  });

  it('combines tags (any / all), lists and phone search', () => {
    const a = 'a'.repeat(15);
    const b = 'b'.repeat(15);
    expect(build({ deleted: 'include', tags: [a, b] })).toBe(`(tags ~ "${a}" || tags ~ "${b}")`);
    expect(build({ deleted: 'include', tags: [a, b], tags_mode: 'all' })).toBe(`(tags ~ "${a}" && tags ~ "${b}")`);
    expect(build({ deleted: 'include', q: '+39 340 12' })).toBe('phone ~ "3934012"');
  });

  it('finds a whole number through the wa_id index, reading national numbers in the home country', () => {
    const home = (q: string, country?: string) =>
      buildContactFilter(pb, { deleted: 'include', q }, { userId: 'u'.repeat(15), defs, country });
    expect(home('+39 340 123 4567')).toBe('wa_id = "393401234567"');
    expect(home('0039 340 1234567')).toBe('wa_id = "393401234567"');
    expect(home('340 123 4567', 'IT')).toBe('wa_id = "393401234567"');
    expect(home('07400 123456', 'GB')).toBe('wa_id = "447400123456"');
    // without a home country a national number is searched as digits; part of a number too
    expect(home('340 123 4567')).toBe('phone ~ "3401234567"');
    expect(home('340 123', 'IT')).toBe('phone ~ "340123"');
  });

  it('reads the query-string form', () => {
    expect(
      filterFromQuery(
        { tag: 'a'.repeat(15), blocked: 'false', where: '[{"key":"CITY","op":"eq","value":"Roma"}]' },
        { consent: 'opted_in' },
      ),
    ).toEqual({
      consent: 'opted_in',
      tags: ['a'.repeat(15)],
      blocked: false,
      fields: [{ key: 'CITY', op: 'eq', value: 'Roma' }],
    });
    expect(() => filterFromQuery({ where: '{' })).toThrow(/JSON/);
  });
});
