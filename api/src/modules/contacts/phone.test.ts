import { describe, expect, it } from 'vitest';
import { parsePhone } from './phone.ts';

describe('parsePhone', () => {
  it.each([
    ['+39 340 123 4567', undefined, '+393401234567', 'IT'],
    ['0039 06 4567 8901', undefined, '+390645678901', 'IT'],
    ['340-123.4567', 'IT', '+393401234567', 'IT'],
    ['+44 7400 123456', undefined, '+447400123456', 'GB'],
    ['07400 123456', 'GB', '+447400123456', 'GB'],
    ['(415) 555-2671', 'US', '+14155552671', 'US'],
    ['+1 212 555 0199', undefined, '+12125550199', 'US'],
    ['030 901820', 'DE', '+4930901820', 'DE'],
    ['+49 1512 3456789', undefined, '+4915123456789', 'DE'],
    ['06 12 34 56 78', 'FR', '+33612345678', 'FR'],
    ['+34 612 34 56 78', undefined, '+34612345678', 'ES'],
    ['(11) 91234-5678', 'BR', '+5511912345678', 'BR'],
    ['+91 98765 43210', undefined, '+919876543210', 'IN'],
    ['tel:+393401234567', undefined, '+393401234567', 'IT'],
  ])('%s (default %s) → %s valid in %s', (raw, def, e164, country) => {
    expect(parsePhone(raw, def)).toEqual({ ok: true, e164, valid: true, country });
  });

  it('keeps a well-formed but invalid number, flagged', () => {
    expect(parsePhone('+39 1234')).toMatchObject({ ok: true, e164: '+391234', valid: false });
    expect(parsePhone('+44 1234 5')).toMatchObject({ ok: true, valid: false });
    expect(parsePhone('+999 1234567')).toEqual({ ok: true, e164: '+9991234567', valid: false, country: '' });
  });

  it('reads digits with the country code but no + (wa_id, our export)', () => {
    expect(parsePhone('393401234567')).toEqual({ ok: true, e164: '+393401234567', valid: true, country: 'IT' });
    expect(parsePhone('447400123456', 'IT')).toEqual({ ok: true, e164: '+447400123456', valid: true, country: 'GB' });
  });

  it('needs a default country for a national number', () => {
    expect(parsePhone('3401234567')).toEqual({ ok: false, reason: 'phone_unparseable' });
    expect(parsePhone('3401234567', 'IT')).toMatchObject({ ok: true, e164: '+393401234567', valid: true });
  });

  it('refuses garbage and Excel scientific notation', () => {
    expect(parsePhone('')).toEqual({ ok: false, reason: 'phone_missing' });
    expect(parsePhone('   ')).toEqual({ ok: false, reason: 'phone_missing' });
    expect(parsePhone('not a number', 'IT')).toEqual({ ok: false, reason: 'phone_unparseable' });
    expect(parsePhone('3.93401E+11', 'IT')).toEqual({ ok: false, reason: 'phone_unparseable' });
    expect(parsePhone('12', 'IT')).toMatchObject({ ok: false });
  });
});
