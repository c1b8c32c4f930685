import { describe, expect, it } from 'vitest';
import { coerceValue, isEmail, normaliseLanguage, parseDate, parseDateTime, parseNumber } from './values.ts';

describe('dynamic field values', () => {
  it('reads the date formats real spreadsheets produce', () => {
    expect(parseDate('1990-12-31')).toBe('1990-12-31');
    expect(parseDate('31/12/1990')).toBe('1990-12-31');
    expect(parseDate('31-12-1990')).toBe('1990-12-31');
    expect(parseDate('31.12.1990')).toBe('1990-12-31');
    expect(parseDate('1/2/1990')).toBe('1990-02-01');
    expect(parseDate('1/2/1990', 'mdy')).toBe('1990-01-02');
    expect(parseDate('31/12/90')).toBe('1990-12-31');
    expect(parseDate('33238')).toBe('1990-12-31');
    expect(parseDate('31/02/1990')).toBeUndefined();
    expect(parseDate('1990')).toBeUndefined();
    expect(parseDate('domani')).toBeUndefined();
  });

  it('reads datetimes as UTC unless an offset is given', () => {
    expect(parseDateTime('2026-03-01T09:30:00+01:00')).toBe('2026-03-01T08:30:00.000Z');
    expect(parseDateTime('2026-03-01T09:30')).toBe('2026-03-01T09:30:00.000Z');
    expect(parseDateTime('01/03/2026 09:30')).toBe('2026-03-01T09:30:00.000Z');
    expect(parseDateTime('46082.5')).toBe('2026-03-01T12:00:00.000Z');
    expect(parseDateTime('01/03/2026 25:00')).toBeUndefined();
  });

  it('reads numbers with either decimal separator', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('1.234,56')).toBe(1234.56);
    expect(parseNumber('1,234.56')).toBe(1234.56);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('12abc')).toBeUndefined();
  });

  it('coerces per type and clears on empty', () => {
    expect(coerceValue('boolean', 'Sì')).toEqual({ ok: true, value: true });
    expect(coerceValue('boolean', 'forse')).toEqual({ ok: false, reason: 'not_a_boolean' });
    expect(coerceValue('number', 'dieci')).toEqual({ ok: false, reason: 'not_a_number' });
    expect(coerceValue('date', '')).toEqual({ ok: true, value: null });
    expect(coerceValue('text', ' Roma ')).toEqual({ ok: true, value: 'Roma' });
    expect(coerceValue('date', { x: 1 })).toEqual({ ok: false, reason: 'not_a_date' });
  });

  it('checks emails and languages', () => {
    expect(isEmail('anna.rossi@example.it')).toBe(true);
    expect(isEmail('anna@')).toBe(false);
    expect(normaliseLanguage('IT')).toBe('it');
    expect(normaliseLanguage('en-gb')).toBe('en_GB');
    expect(normaliseLanguage('italiano')).toBeUndefined();
  });
});
