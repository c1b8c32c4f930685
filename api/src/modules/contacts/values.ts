/**
 * Dynamic field values: what a CSV cell or an API value becomes for each field type. Dates are stored
 * as "YYYY-MM-DD" and datetimes as ISO UTC so that string comparison in filters is chronological.
 */
import type { FieldType } from '../../lib/records.ts';

export type DateOrder = 'dmy' | 'mdy';
export type Coerced = { ok: true; value: string | number | boolean | null } | { ok: false; reason: string };

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

function ymd(y: number, m: number, d: number): string | undefined {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return t.toISOString().slice(0, 10);
}

/**
 * Excel serial days. Only 5-digit serials (1927-05-18 … 2173) are taken as dates, so a bare year such
 * as "1990" is never silently turned into 1905.
 */
function excelSerial(s: string): number | undefined {
  if (!/^\d{5}(\.\d+)?$/.test(s)) return undefined;
  return EXCEL_EPOCH + Math.round(Number(s) * DAY);
}

export function parseDate(raw: string, order: DateOrder = 'dmy'): string | undefined {
  const s = raw.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:\s.*)?$/.exec(s);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    let y = Number(m[3]);
    if (m[3]!.length === 2) y += y > 30 ? 1900 : 2000;
    return order === 'dmy' ? ymd(y, b, a) : ymd(y, a, b);
  }
  const serial = excelSerial(s);
  return serial === undefined ? undefined : new Date(serial).toISOString().slice(0, 10);
}

export function parseDateTime(raw: string, order: DateOrder = 'dmy'): string | undefined {
  const s = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s)) {
    // without an offset the time is read as UTC (there is no per-row timezone in a CSV)
    const t = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  const m = /^(.+?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) {
    const day = parseDate(m[1]!, order);
    const [h, min, sec] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
    if (!day || h > 23 || min > 59 || sec > 59) return undefined;
    return new Date(Date.parse(`${day}T00:00:00Z`) + ((h * 60 + min) * 60 + sec) * 1000).toISOString();
  }
  const serial = excelSerial(s);
  if (serial !== undefined) return new Date(serial).toISOString();
  const day = parseDate(s, order);
  return day ? `${day}T00:00:00.000Z` : undefined;
}

/** "12", "12.5", "12,5", "1.234,56", "1,234.56", "-3" */
export function parseNumber(raw: string): number | undefined {
  let s = raw.trim().replace(/[\s']/g, '');
  if (!/^[-+]?[\d.,]+$/.test(s)) return undefined;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? '.' : ',';
    const thousands = dec === '.' ? ',' : '.';
    s = s.split(thousands).join('').replace(dec, '.');
  } else if (lastComma >= 0) {
    if (s.indexOf(',') !== lastComma) return undefined;
    s = s.replace(',', '.');
  } else if (lastDot >= 0 && s.indexOf('.') !== lastDot) {
    s = s.split('.').join('');
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'si', 'sì', 's', 'vero', 'x', 'on', 'oui', 'ja']);
const FALSE = new Set(['false', '0', 'no', 'n', 'falso', 'off', 'non', 'nein']);

/** Converts a value (CSV text or JSON) to the field's stored form; empty → null (clears the value). */
export function coerceValue(type: FieldType, input: unknown, order: DateOrder = 'dmy'): Coerced {
  if (input === null || input === undefined || (typeof input === 'string' && input.trim() === ''))
    return { ok: true, value: null };
  if (type === 'boolean' && typeof input === 'boolean') return { ok: true, value: input };
  if (type === 'number' && typeof input === 'number')
    return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, reason: 'not_a_number' };
  if (typeof input !== 'string' && typeof input !== 'number' && typeof input !== 'boolean')
    return { ok: false, reason: `not_a_${type}` };
  const s = String(input).trim();
  switch (type) {
    case 'text':
      return s.length > 1000 ? { ok: false, reason: 'text_too_long' } : { ok: true, value: s };
    case 'number': {
      const n = parseNumber(s);
      return n === undefined ? { ok: false, reason: 'not_a_number' } : { ok: true, value: n };
    }
    case 'boolean': {
      const k = s.toLowerCase();
      if (TRUE.has(k)) return { ok: true, value: true };
      if (FALSE.has(k)) return { ok: true, value: false };
      return { ok: false, reason: 'not_a_boolean' };
    }
    case 'date': {
      const d = parseDate(s, order);
      return d ? { ok: true, value: d } : { ok: false, reason: 'not_a_date' };
    }
    case 'datetime': {
      const d = parseDateTime(s, order);
      return d ? { ok: true, value: d } : { ok: false, reason: 'not_a_datetime' };
    }
  }
}

const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;]{2,}$/;
export const isEmail = (s: string) => s.length <= 200 && EMAIL.test(s);

/** "it", "IT", "it-IT", "it_it" → "it" / "it_IT" as stored (the inbox uses WhatsApp's codes). */
export function normaliseLanguage(raw: string): string | undefined {
  const m = /^([a-zA-Z]{2})(?:[-_]([a-zA-Z]{2}))?$/.exec(raw.trim());
  if (!m) return undefined;
  return m[2] ? `${m[1]!.toLowerCase()}_${m[2].toUpperCase()}` : m[1]!.toLowerCase();
}
