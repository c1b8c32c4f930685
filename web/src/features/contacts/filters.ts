/**
 * The contact filter as the UI edits it, and its two wire forms: the query string of GET /contacts and
 * GET /contacts/export, and the JSON ContactFilter of bulk actions, saved views, POST export and list
 * members. All conditions are ANDed by the server. Pure (no DOM, no i18n) so it is unit-tested.
 */
import type { FieldDef, FieldType } from './crm.types.ts';

export type FieldOp = 'eq' | 'neq' | 'contains' | 'before' | 'after' | 'gt' | 'lt' | 'empty' | 'not_empty';

/** A custom-field condition; `value` is what the input holds (text), converted when sent. */
export interface FieldCond {
  key: string;
  op: FieldOp;
  value?: string;
}

export interface ContactFilterModel {
  q?: string;
  tags?: string[];
  tags_mode?: 'any' | 'all';
  lists?: string[];
  language?: string[];
  phone?: 'valid' | 'invalid';
  consent?: 'opted_in' | 'opted_out' | 'none';
  blocked?: boolean;
  deleted?: 'exclude' | 'include' | 'only';
  fields?: FieldCond[];
}

export type Sort = '-created' | 'created' | 'name' | '-name' | '-last_contacted_at' | 'last_contacted_at';
export const SORTS: Sort[] = ['-created', 'created', 'name', '-name', '-last_contacted_at', 'last_contacted_at'];

/** The operators that make sense for each field type (the server refuses the others). */
export const OPS_BY_TYPE: Record<FieldType, FieldOp[]> = {
  text: ['eq', 'neq', 'contains', 'empty', 'not_empty'],
  number: ['eq', 'neq', 'gt', 'lt', 'empty', 'not_empty'],
  date: ['eq', 'before', 'after', 'empty', 'not_empty'],
  datetime: ['before', 'after', 'empty', 'not_empty'],
  boolean: ['eq', 'empty', 'not_empty'],
};

export const needsValue = (op: FieldOp) => op !== 'empty' && op !== 'not_empty';

const ID = /^[a-z0-9]{15}$/;
const KEY = /^[A-Z][A-Z0-9_]{0,39}$/;
const ops = new Set<FieldOp>(['eq', 'neq', 'contains', 'before', 'after', 'gt', 'lt', 'empty', 'not_empty']);

export type CondError = 'unknown_field' | 'bad_op' | 'value_required' | 'not_a_number' | 'not_a_date' | 'not_a_boolean';

/** Why a condition cannot be sent as it is (undefined when it can). */
export function conditionError(c: FieldCond, def: FieldDef | undefined): CondError | undefined {
  if (!def) return 'unknown_field';
  if (!OPS_BY_TYPE[def.type].includes(c.op)) return 'bad_op';
  if (!needsValue(c.op)) return undefined;
  const v = (c.value ?? '').trim();
  if (!v) return 'value_required';
  if (def.type === 'number' && !Number.isFinite(Number(v.replace(',', '.')))) return 'not_a_number';
  if (def.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'not_a_date';
  if (def.type === 'datetime' && Number.isNaN(Date.parse(v))) return 'not_a_date';
  if (def.type === 'boolean' && v !== 'true' && v !== 'false') return 'not_a_boolean';
  return undefined;
}

/** The value as the API wants it: numbers and booleans typed, local datetimes as UTC ISO. */
export function wireValue(c: FieldCond, type: FieldType | undefined): string | number | boolean | undefined {
  if (!needsValue(c.op)) return undefined;
  const v = (c.value ?? '').trim();
  if (type === 'number') return Number(v.replace(',', '.'));
  if (type === 'boolean') return v === 'true';
  if (type === 'datetime') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? v : new Date(t).toISOString();
  }
  return v;
}

const uniq = (xs: string[] | undefined) => [...new Set((xs ?? []).map((x) => x.trim()).filter(Boolean))];

/** Drops empty parts and defaults so two equal filters compare equal. */
export function normalize(f: ContactFilterModel): ContactFilterModel {
  const out: ContactFilterModel = {};
  const q = f.q?.trim();
  if (q) out.q = q.slice(0, 100);
  const tags = uniq(f.tags).filter((x) => ID.test(x));
  if (tags.length) {
    out.tags = tags;
    if (f.tags_mode === 'all' && tags.length > 1) out.tags_mode = 'all';
  }
  const lists = uniq(f.lists).filter((x) => ID.test(x));
  if (lists.length) out.lists = lists;
  const language = uniq(f.language);
  if (language.length) out.language = language;
  if (f.phone) out.phone = f.phone;
  if (f.consent) out.consent = f.consent;
  if (f.blocked !== undefined) out.blocked = f.blocked;
  if (f.deleted && f.deleted !== 'exclude') out.deleted = f.deleted;
  const fields = (f.fields ?? [])
    .filter((c) => KEY.test(c.key) && ops.has(c.op))
    .map((c) => (needsValue(c.op) ? { key: c.key, op: c.op, value: c.value ?? '' } : { key: c.key, op: c.op }));
  if (fields.length) out.fields = fields;
  return out;
}

/** How many filter groups are set (the search box aside): the badge on the "Filters" button. */
export function activeCount(f: ContactFilterModel): number {
  const n = normalize(f);
  return (
    (n.tags ? 1 : 0) +
    (n.lists ? 1 : 0) +
    (n.language ? 1 : 0) +
    (n.phone ? 1 : 0) +
    (n.consent ? 1 : 0) +
    (n.blocked !== undefined ? 1 : 0) +
    (n.deleted ? 1 : 0) +
    (n.fields?.length ?? 0)
  );
}

export const isEmpty = (f: ContactFilterModel) => activeCount(f) === 0 && !normalize(f).q;

export function sameFilter(a: ContactFilterModel, b: ContactFilterModel): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

/** Only conditions that can be sent: an incomplete row in the editor never breaks the list. */
function sendableFields(f: ContactFilterModel, defs: Map<string, FieldDef>) {
  return (f.fields ?? [])
    .filter((c) => !conditionError(c, defs.get(c.key)))
    .map((c) => {
      const value = wireValue(c, defs.get(c.key)?.type);
      return value === undefined ? { key: c.key, op: c.op } : { key: c.key, op: c.op, value };
    });
}

/** Query parameters of GET /api/v1/contacts (and /contacts/export, without paging and sort). */
export function toQuery(
  f: ContactFilterModel,
  defs: Map<string, FieldDef>,
  extra: { sort?: Sort; page?: number; perPage?: number } = {},
): URLSearchParams {
  const n = normalize(f);
  const p = new URLSearchParams();
  if (n.q) p.set('q', n.q);
  if (n.tags) p.set('tag', n.tags.join(','));
  if (n.tags_mode) p.set('tags_mode', n.tags_mode);
  if (n.lists) p.set('list', n.lists.join(','));
  if (n.language) p.set('language', n.language.join(','));
  if (n.phone) p.set('phone', n.phone);
  if (n.consent) p.set('consent', n.consent);
  if (n.blocked !== undefined) p.set('blocked', String(n.blocked));
  if (n.deleted) p.set('deleted', n.deleted);
  const fields = sendableFields(n, defs);
  if (fields.length) p.set('where', JSON.stringify(fields));
  if (extra.sort && extra.sort !== '-created') p.set('sort', extra.sort);
  if (extra.page) p.set('page', String(extra.page));
  if (extra.perPage) p.set('perPage', String(extra.perPage));
  return p;
}

/** The JSON ContactFilter (bulk actions, saved views, POST export, list members by filter). */
export function toApiFilter(f: ContactFilterModel, defs: Map<string, FieldDef>): Record<string, unknown> {
  const n = normalize(f);
  const out: Record<string, unknown> = {};
  for (const k of ['q', 'tags', 'tags_mode', 'lists', 'language', 'phone', 'consent', 'blocked', 'deleted'] as const)
    if (n[k] !== undefined) out[k] = n[k];
  const fields = sendableFields(n, defs);
  if (fields.length) out.fields = fields;
  return out;
}

/** A saved view's filter (any JSON) back into the editor's model; unknown parts are dropped. */
export function fromApiFilter(raw: unknown): ContactFilterModel {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  const pick = <T extends string>(v: unknown, allowed: readonly T[]) =>
    typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
  const f: ContactFilterModel = {
    q: typeof r.q === 'string' ? r.q : undefined,
    tags: strs(r.tags),
    tags_mode: pick(r.tags_mode, ['any', 'all'] as const),
    lists: strs(r.lists),
    language: strs(r.language),
    phone: pick(r.phone, ['valid', 'invalid'] as const),
    consent: pick(r.consent, ['opted_in', 'opted_out', 'none'] as const),
    blocked: typeof r.blocked === 'boolean' ? r.blocked : undefined,
    deleted: pick(r.deleted, ['exclude', 'include', 'only'] as const),
    fields: Array.isArray(r.fields)
      ? r.fields.flatMap((c: unknown) => {
          const x = c as { key?: unknown; op?: unknown; value?: unknown };
          if (typeof x?.key !== 'string' || typeof x.op !== 'string' || !ops.has(x.op as FieldOp)) return [];
          const value = x.value === undefined || x.value === null ? undefined : String(x.value);
          return [
            {
              key: x.key,
              op: x.op as FieldOp,
              ...(value !== undefined
                ? { value: /^\d{4}-\d{2}-\d{2}T/.test(value) ? localDateTime(value) : value }
                : {}),
            },
          ];
        })
      : undefined,
  };
  return normalize(f);
}

/** "2025-05-01T08:30:00.000Z" → "2025-05-01T10:30" in the browser's zone (what <input type=datetime-local> holds). */
export function localDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
