/**
 * CSV output (export, import report). Cells a spreadsheet would run as a formula — starting with
 * = + - @, tab or carriage return — get a leading apostrophe (OWASP "CSV injection"). Phone numbers
 * are the one legitimate "+" value: they are written without it in a `phone` column of digits
 * (393401234567 — what WhatsApp itself calls the wa_id), so they stay usable in every spreadsheet and
 * re-import unchanged (a number with a country code needs no default country).
 */
const FORMULA = /^[=+\-@\t\r]/;

export function neutralise(v: string): string {
  return FORMULA.test(v) ? `'${v}` : v;
}

export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  s = neutralise(s);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** "+393401234567" → "393401234567" */
export const phoneDigits = (e164: string) => e164.replace(/^\+/, '');
