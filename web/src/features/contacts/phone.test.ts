import { describe, expect, it } from 'vitest';
import { checkPhone, countryName, countryOfDigits, flag } from './phone.ts';

describe('phone check in the browser', () => {
  it('reads international numbers and their country', () => {
    expect(checkPhone('+39 333 123 4567')).toEqual({ ok: true, e164: '+393331234567', iso: 'IT', dial: '39' });
    expect(checkPhone('0044 7400 123456')).toMatchObject({ ok: true, e164: '+447400123456', iso: 'GB' });
    expect(checkPhone('+1 (415) 555-0100')).toMatchObject({ ok: true, iso: 'US', dial: '1' });
    expect(checkPhone('+353 85 123 4567')).toMatchObject({ ok: true, iso: 'IE', dial: '353' });
  });

  it('uses the default country for a number without prefix', () => {
    expect(checkPhone('333 1234567', 'IT')).toMatchObject({ ok: true, e164: '+393331234567' });
    // Italian landlines keep their 0, most countries drop the trunk prefix
    expect(checkPhone('06 1234 5678', 'IT')).toMatchObject({ ok: true, e164: '+390612345678' });
    expect(checkPhone('07400 123456', 'GB')).toMatchObject({ ok: true, e164: '+447400123456' });
    expect(checkPhone('333 1234567')).toEqual({ ok: false, error: 'need_prefix' });
  });

  it('says what is wrong', () => {
    expect(checkPhone('  ')).toEqual({ ok: false, error: 'missing' });
    expect(checkPhone('call me')).toEqual({ ok: false, error: 'not_a_number' });
    expect(checkPhone('3,93401E+11')).toEqual({ ok: false, error: 'not_a_number' });
    expect(checkPhone('+39 12')).toEqual({ ok: false, error: 'too_short' });
    expect(checkPhone('+39 1234 5678 9012 345')).toEqual({ ok: false, error: 'too_long' });
    expect(checkPhone('+0 123456789')).toEqual({ ok: false, error: 'unknown_prefix' });
    expect(checkPhone('+39+333')).toEqual({ ok: false, error: 'not_a_number' });
  });

  it('finds the longest calling code and names the country', () => {
    expect(countryOfDigits('3531234')).toEqual({ iso: 'IE', dial: '353' });
    expect(countryOfDigits('351912345678')?.iso).toBe('PT');
    expect(flag('it')).toBe('🇮🇹');
    expect(countryName('IT', 'it')).toBe('Italia');
    expect(countryName('DE', 'en')).toBe('Germany');
  });
});
