/**
 * Reading untrusted webhook JSON: lenient about representation (numbers vs numeric strings),
 * strict about meaning, and never throwing.
 */
export type Rec = Record<string, unknown>;

export function attempt<T>(fn: () => T, fallback: () => T): T {
  try {
    return fn();
  } catch {
    return fallback();
  }
}

export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Identifiers: Meta sends some as JSON numbers (template ids); empty means absent. */
export function id(v: unknown): string | undefined {
  const s = str(v)?.trim();
  return s ? s : undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** A missing or garbled timestamp falls back to arrival time: 1970 would bury the message in the inbox. */
export function unixSeconds(v: unknown): number {
  const n = num(v);
  return n !== undefined && n >= 0 ? Math.trunc(n) : Math.floor(Date.now() / 1000);
}

export function category(v: unknown): string | undefined {
  return str(v)?.replace(/-/g, '_');
}

export function listOf(v: unknown, key: string): string[] {
  return arr(v)
    .map((x) => (isRec(x) ? str(x[key]) : str(x)))
    .filter((x): x is string => !!x);
}

export function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
