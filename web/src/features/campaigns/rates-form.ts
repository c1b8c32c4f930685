/**
 * The rate card screen's form and its pure rules: the API's table (GET/PUT /api/v1/campaigns/rates) ⇄ rows of
 * typed text, the checks before a PUT (the same bounds as the API's schema: ≥ 0, ≤ 10, here also at most 4
 * decimals), and the country codes one may add (ISO 3166-1 alpha-2). A rate may be typed with a comma or a
 * point (0,0691 and 0.0691 are the same). No Solid, no I/O: rates-form.test.ts.
 */
import type { RateTable } from '../../../../api/src/modules/campaigns/campaign-rules.ts';

export type { RateTable };

export const CATEGORIES = ['marketing', 'utility', 'authentication'] as const;
export type RateCategory = (typeof CATEGORIES)[number];

/** the card's row for every country not listed */
export const OTHER = '*';
/** the API's upper bound for one message (campaigns.schema.ts, RatesBody) */
export const MAX_RATE = 10;
export const MAX_DECIMALS = 4;
export const MAX_SOURCE = 500;

export interface RateRow {
  /** ISO 3166-1 alpha-2, or '*' */
  country: string;
  /** as typed; '' = not set (a country falls back to the '*' row's rate) */
  values: Record<RateCategory, string>;
}

export interface RatesForm {
  currency: string;
  source: string;
  source_date: string;
  /** countries, then '*' last */
  rows: RateRow[];
}

/**
 * ISO 3166-1 alpha-2: the 249 officially assigned codes, plus XK (Kosovo, user-assigned, but what phone-number
 * libraries — and so a contact's country — give for +383).
 */
const ISO_3166 = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY
BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB
GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI
KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI
SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN
VU WF WS YE YT ZA ZM ZW XK`;
export const COUNTRY_CODES: readonly string[] = ISO_3166.split(/\s+/);
const KNOWN = new Set(COUNTRY_CODES);

// ---- numbers ---------------------------------------------------------------------------------

export type RateError = 'number' | 'negative' | 'decimals' | 'too_large' | 'required';

/** A typed rate → its number, or why not. '' is `null` (not set). Spaces are ignored; ',' or '.' is the decimal mark. */
export function parseRate(text: string): { ok: true; value: number | null } | { ok: false; error: RateError } {
  const s = text.replace(/\s+/g, '');
  if (!s) return { ok: true, value: null };
  if (/^-/.test(s) && /^-\d*[.,]?\d*$/.test(s) && /\d/.test(s)) return { ok: false, error: 'negative' };
  const m = /^(\d*)(?:[.,](\d*))?$/.exec(s);
  if (!m || !/\d/.test(s)) return { ok: false, error: 'number' };
  const decimals = m[2] ?? '';
  if (decimals.replace(/0+$/, '').length > MAX_DECIMALS) return { ok: false, error: 'decimals' };
  const value = Number(`${m[1] || '0'}.${decimals || '0'}`);
  if (!Number.isFinite(value)) return { ok: false, error: 'number' };
  if (value > MAX_RATE) return { ok: false, error: 'too_large' };
  return { ok: true, value: Math.round(value * 10 ** MAX_DECIMALS) / 10 ** MAX_DECIMALS };
}

/** A rate as the form shows it: no grouping, the locale's decimal mark, at most 4 decimals, no trailing zeros. */
export function formatRate(value: number | undefined, decimalMark = '.'): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  const s = String(Math.round(value * 10 ** MAX_DECIMALS) / 10 ** MAX_DECIMALS);
  return decimalMark === '.' ? s : s.replace('.', decimalMark);
}

/** The decimal mark of a locale ('.' in en, ',' in it / fr / es). */
export function decimalMarkOf(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

// ---- table ⇄ form ----------------------------------------------------------------------------

/**
 * The API's table as the form's rows: countries ordered by `sortKey` (their name in the UI language), '*' last
 * (added when the table has none, empty, so the form asks for it).
 */
export function fromTable(t: RateTable, decimalMark = '.', sortKey: (code: string) => string = (c) => c): RatesForm {
  const row = (country: string): RateRow => {
    const r = t.rates[country] ?? {};
    return {
      country,
      values: {
        marketing: formatRate(r.marketing, decimalMark),
        utility: formatRate(r.utility, decimalMark),
        authentication: formatRate(r.authentication, decimalMark),
      },
    };
  };
  const countries = Object.keys(t.rates)
    .filter((c) => c !== OTHER)
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)) || a.localeCompare(b));
  return {
    currency: t.currency,
    source: t.source,
    source_date: t.source_date,
    rows: [...countries.map(row), row(OTHER)],
  };
}

/** The body of PUT /api/v1/campaigns/rates, or null while the form has issues. Empty cells are left out. */
export function toTable(f: RatesForm): RateTable | null {
  if (formIssues(f).length) return null;
  const rates: RateTable['rates'] = {};
  const ordered = [...f.rows.filter((r) => r.country !== OTHER), ...f.rows.filter((r) => r.country === OTHER)];
  for (const r of ordered) {
    const out: Partial<Record<RateCategory, number>> = {};
    for (const c of CATEGORIES) {
      const p = parseRate(r.values[c]);
      if (p.ok && p.value !== null) out[c] = p.value;
    }
    rates[r.country] = out;
  }
  return { currency: f.currency, source: f.source.trim(), source_date: f.source_date, rates };
}

// ---- checks ----------------------------------------------------------------------------------

export type FormIssue =
  | { field: 'rate'; country: string; category: RateCategory; error: RateError }
  | { field: 'source'; error: 'required' | 'too_long' }
  | { field: 'source_date'; error: 'required' | 'invalid' }
  | { field: 'currency'; error: 'invalid' }
  | { field: 'rows'; error: 'duplicate'; country: string };

/** A real calendar day written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Everything that stops a save, in the order the screen shows it (source, date, then the table row by row). */
export function formIssues(f: RatesForm): FormIssue[] {
  const out: FormIssue[] = [];
  const source = f.source.trim();
  if (!source) out.push({ field: 'source', error: 'required' });
  else if (source.length > MAX_SOURCE) out.push({ field: 'source', error: 'too_long' });
  if (!f.source_date) out.push({ field: 'source_date', error: 'required' });
  else if (!isIsoDate(f.source_date)) out.push({ field: 'source_date', error: 'invalid' });
  if (!/^[A-Z]{3}$/.test(f.currency)) out.push({ field: 'currency', error: 'invalid' });
  const seen = new Set<string>();
  for (const r of f.rows) {
    if (seen.has(r.country)) out.push({ field: 'rows', error: 'duplicate', country: r.country });
    seen.add(r.country);
    for (const c of CATEGORIES) {
      const p = parseRate(r.values[c]);
      if (!p.ok) out.push({ field: 'rate', country: r.country, category: c, error: p.error });
      else if (p.value === null && r.country === OTHER)
        out.push({ field: 'rate', country: r.country, category: c, error: 'required' });
    }
  }
  return out;
}

/** The issue of one cell, if any (for aria-invalid and the message under it). */
export function cellIssue(issues: readonly FormIssue[], country: string, category: RateCategory): RateError | null {
  for (const i of issues) if (i.field === 'rate' && i.country === country && i.category === category) return i.error;
  return null;
}

// ---- countries -------------------------------------------------------------------------------

/** What was typed as a country code, as the table keeps it: trimmed, upper case. */
export const normalizeCode = (typed: string) => typed.trim().toUpperCase();

export type CodeError = 'empty' | 'format' | 'unknown' | 'duplicate';

/** Why a typed code cannot be added (null = it can). '*' is always in the table, so it is a duplicate. */
export function countryCodeIssue(typed: string, rows: readonly RateRow[]): CodeError | null {
  const code = normalizeCode(typed);
  if (!code) return 'empty';
  if (rows.some((r) => r.country === code)) return 'duplicate';
  if (!/^[A-Z]{2}$/.test(code)) return 'format';
  if (!KNOWN.has(code)) return 'unknown';
  return null;
}

/** The form with a new country (empty cells) just before '*'; unchanged when the code cannot be added. */
export function addCountry(f: RatesForm, typed: string): RatesForm {
  if (countryCodeIssue(typed, f.rows)) return f;
  const row: RateRow = { country: normalizeCode(typed), values: { marketing: '', utility: '', authentication: '' } };
  const at = f.rows.findIndex((r) => r.country === OTHER);
  const rows = at < 0 ? [...f.rows, row] : [...f.rows.slice(0, at), row, ...f.rows.slice(at)];
  return { ...f, rows };
}

/** The form without a country; '*' stays. */
export function removeCountry(f: RatesForm, country: string): RatesForm {
  if (country === OTHER) return f;
  return { ...f, rows: f.rows.filter((r) => r.country !== country) };
}

/** The form with one cell retyped. */
export function setRate(f: RatesForm, country: string, category: RateCategory, text: string): RatesForm {
  return {
    ...f,
    rows: f.rows.map((r) => (r.country === country ? { ...r, values: { ...r.values, [category]: text } } : r)),
  };
}

/** The same table, whatever the order of its countries and however its numbers were typed. */
export function sameTable(a: RateTable, b: RateTable): boolean {
  if (a.currency !== b.currency || a.source !== b.source || a.source_date !== b.source_date) return false;
  const ka = Object.keys(a.rates).sort();
  const kb = Object.keys(b.rates).sort();
  if (ka.join() !== kb.join()) return false;
  return ka.every((k) => CATEGORIES.every((c) => (a.rates[k]?.[c] ?? null) === (b.rates[k]?.[c] ?? null)));
}

/** True when the form, as it would be saved, differs from `saved` (a form with issues always differs). */
export function isDirty(f: RatesForm, saved: RateTable | null | undefined): boolean {
  if (!saved) return false;
  const t = toTable(f);
  return !t || !sameTable(t, saved);
}
