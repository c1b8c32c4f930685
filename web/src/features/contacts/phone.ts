/**
 * A first check of a phone number typed by hand, and the country its prefix belongs to — in the browser,
 * without shipping libphonenumber (the server validates for real and says so when it disagrees).
 */

// ISO country → calling code. Shared codes list their main country first (1 → US, 7 → RU, 44 → GB…).
const TABLE =
  'US1 RU7 EG20 ZA27 GR30 NL31 BE32 FR33 ES34 HU36 IT39 RO40 CH41 AT43 GB44 DK45 SE46 NO47 PL48 DE49 PE51 MX52 CU53 AR54 BR55 CL56 CO57 VE58 ' +
  'MY60 AU61 ID62 PH63 NZ64 SG65 TH66 JP81 KR82 VN84 CN86 TR90 IN91 PK92 AF93 LK94 MM95 IR98 SS211 MA212 DZ213 TN216 LY218 GM220 SN221 MR222 ' +
  'ML223 GN224 CI225 BF226 NE227 TG228 BJ229 MU230 LR231 SL232 GH233 NG234 TD235 CF236 CM237 CV238 GQ240 GA241 CG242 CD243 AO244 GW245 SC248 ' +
  'SD249 RW250 ET251 SO252 DJ253 KE254 TZ255 UG256 BI257 MZ258 ZM260 MG261 RE262 ZW263 NA264 MW265 LS266 BW267 SZ268 KM269 SH290 ER291 AW297 ' +
  'FO298 GL299 GI350 PT351 LU352 IE353 IS354 AL355 MT356 CY357 FI358 BG359 LT370 LV371 EE372 MD373 AM374 BY375 AD376 MC377 SM378 VA379 UA380 ' +
  'RS381 ME382 XK383 HR385 SI386 BA387 MK389 CZ420 SK421 LI423 BZ501 GT502 SV503 HN504 NI505 CR506 PA507 HT509 GP590 BO591 GY592 EC593 GF594 ' +
  'PY595 MQ596 SR597 UY598 CW599 BN673 PG675 FJ679 NC687 PF689 HK852 MO853 KH855 LA856 BD880 TW886 MV960 LB961 JO962 SY963 IQ964 KW965 SA966 ' +
  'YE967 OM968 PS970 AE971 IL972 BH973 QA974 BT975 MN976 NP977 TJ992 TM993 AZ994 GE995 KG996 UZ998 CA1 KZ7';

const DIAL = new Map<string, string>();
const BY_CODE = new Map<string, string>();
for (const e of TABLE.split(' ')) {
  const iso = e.slice(0, 2);
  const code = e.slice(2);
  DIAL.set(iso, code);
  if (!BY_CODE.has(code)) BY_CODE.set(code, iso);
}

export const COUNTRIES = [...DIAL.keys()].sort();
export const dialCode = (iso: string) => DIAL.get(iso.toUpperCase());

/** The country of an international number ("+39…", "39…" digits), longest calling code first. */
export function countryOfDigits(digits: string): { iso: string; dial: string } | undefined {
  for (const len of [3, 2, 1]) {
    const code = digits.slice(0, len);
    const iso = BY_CODE.get(code);
    if (iso) return { iso, dial: code };
  }
  return undefined;
}

export type PhoneError = 'missing' | 'not_a_number' | 'need_prefix' | 'unknown_prefix' | 'too_short' | 'too_long';
export type PhoneCheck = { ok: true; e164: string; iso: string; dial: string } | { ok: false; error: PhoneError };

// countries whose national numbers keep their leading 0 after the calling code
const KEEPS_ZERO = new Set(['IT', 'SM', 'VA']);

export function checkPhone(raw: string, defaultCountry?: string): PhoneCheck {
  let s = raw.trim().replace(/^tel:/i, '');
  if (!s) return { ok: false, error: 'missing' };
  if (/[a-z]/i.test(s) || !/^[+\d\s().\-/]+$/.test(s)) return { ok: false, error: 'not_a_number' };
  s = s.replace(/[\s().\-/]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (s.indexOf('+') > 0 || (s.match(/\+/g)?.length ?? 0) > 1) return { ok: false, error: 'not_a_number' };
  let digits: string;
  if (s.startsWith('+')) digits = s.slice(1);
  else {
    const dial = defaultCountry ? dialCode(defaultCountry) : undefined;
    if (!dial) return { ok: false, error: 'need_prefix' };
    const national = KEEPS_ZERO.has(defaultCountry!.toUpperCase()) ? s : s.replace(/^0+/, '');
    digits = dial + national;
  }
  const c = countryOfDigits(digits);
  if (!c) return { ok: false, error: 'unknown_prefix' };
  if (digits.length - c.dial.length < 6 || digits.length < 8) return { ok: false, error: 'too_short' };
  if (digits.length > 15) return { ok: false, error: 'too_long' };
  return { ok: true, e164: `+${digits}`, iso: c.iso, dial: c.dial };
}

/** 🇮🇹 from "IT" (decorative: always next to the country's name). */
export function flag(iso: string): string {
  if (!/^[A-Za-z]{2}$/.test(iso)) return '';
  return String.fromCodePoint(...[...iso.toUpperCase()].map((ch) => 0x1f1e6 + ch.charCodeAt(0) - 65));
}

const names = new Map<string, Intl.DisplayNames | null>();
/** "Italia" / "Italy" for "IT" in the UI language. */
export function countryName(iso: string, locale: string): string {
  if (!iso) return '';
  let dn = names.get(locale);
  if (dn === undefined) {
    try {
      dn = new Intl.DisplayNames([locale], { type: 'region' });
    } catch {
      dn = null;
    }
    names.set(locale, dn);
  }
  try {
    return dn?.of(iso.toUpperCase()) ?? iso;
  } catch {
    return iso;
  }
}
