/**
 * Phone numbers in E.164. A number that libphonenumber cannot validate is still kept when it can be
 * written as "+digits" (flagged invalid, so it can be found and fixed); only text that is not a phone
 * number at all is refused.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { isSupportedCountry } from 'libphonenumber-js/max';

export type PhoneResult =
  | { ok: true; e164: string; valid: boolean; country: string }
  | { ok: false; reason: 'phone_missing' | 'phone_unparseable' };

/** What the contacts collection accepts (see pb_migrations/1763700002). */
const STORABLE = /^\+[0-9]{6,17}$/;

export function isCountry(code: string | undefined): code is CountryCode {
  return !!code && isSupportedCountry(code.toUpperCase() as CountryCode);
}

export function parsePhone(raw: string | null | undefined, defaultCountry?: string): PhoneResult {
  let text = String(raw ?? '').trim();
  if (!text) return { ok: false, reason: 'phone_missing' };
  // Excel turns long numbers into 3.93401E+11: the digits are gone, so refuse rather than guess.
  if (/e\+?\d/i.test(text) || /[a-df-wyz]/i.test(text.replace(/^tel:/i, '').replace(/\s*(ext|x)\.?\s*\d+$/i, ''))) {
    return { ok: false, reason: 'phone_unparseable' };
  }
  text = text.replace(/^tel:/i, '');
  // "0039…" is the international prefix in most of Europe; libphonenumber only knows it with a default country.
  if (/^\s*00[1-9]/.test(text)) text = `+${text.trim().slice(2)}`;
  const country = isCountry(defaultCountry) ? (defaultCountry.toUpperCase() as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(text, country ? { defaultCountry: country } : {});
  const digits = text.replace(/[^\d]/g, '');
  // Digits with the country code but no "+" (WhatsApp's wa_id, our own export): international when
  // that reading is valid and the national one is not.
  if (!text.startsWith('+') && !digits.startsWith('0') && digits.length >= 8 && !parsed?.isValid()) {
    const intl = parsePhoneNumberFromString(`+${digits}`);
    if (intl?.isValid()) return { ok: true, e164: intl.number, valid: true, country: intl.country ?? '' };
  }
  if (parsed && STORABLE.test(parsed.number)) {
    return { ok: true, e164: parsed.number, valid: parsed.isValid(), country: parsed.country ?? '' };
  }
  if (text.startsWith('+') && STORABLE.test(`+${digits}`))
    return { ok: true, e164: `+${digits}`, valid: false, country: '' };
  return { ok: false, reason: 'phone_unparseable' };
}
