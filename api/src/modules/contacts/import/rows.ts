/** One CSV record → the contact data it carries, or the reason it cannot be imported. */
import type { ContactFieldRecord } from '../../../lib/records.ts';
import { isCountry, parsePhone } from '../phone.ts';
import { coerceValue, isEmail, normaliseLanguage, type DateOrder } from '../values.ts';

export const STANDARD_TARGETS = [
  'phone',
  'first_name',
  'last_name',
  'name',
  'email',
  'language',
  'notes',
  'country',
] as const;
export type Target = (typeof STANDARD_TARGETS)[number] | `field:${string}` | 'ignore';

export interface RowOptions {
  mapping: Target[];
  defaultCountry?: string | undefined;
  dateOrder: DateOrder;
  invalidPhones: 'skip' | 'import';
  defs: Map<string, ContactFieldRecord>;
}

export type RowResult =
  | {
      ok: true;
      phone: string;
      valid: boolean;
      country: string;
      data: Record<string, string>;
      fields: Record<string, unknown>;
      warnings: string[];
      bad?: Record<string, string>;
    }
  | { ok: false; reason: string; phone?: string };

const ALIASES: Record<string, Target> = {
  phone: 'phone',
  telefono: 'phone',
  cellulare: 'phone',
  mobile: 'phone',
  cell: 'phone',
  numero: 'phone',
  'numero di telefono': 'phone',
  'phone number': 'phone',
  whatsapp: 'phone',
  tel: 'phone',
  téléphone: 'phone',
  telefon: 'phone',
  first_name: 'first_name',
  'first name': 'first_name',
  firstname: 'first_name',
  nome: 'first_name',
  prénom: 'first_name',
  vorname: 'first_name',
  last_name: 'last_name',
  'last name': 'last_name',
  lastname: 'last_name',
  surname: 'last_name',
  cognome: 'last_name',
  nom: 'last_name',
  nachname: 'last_name',
  name: 'name',
  'full name': 'name',
  'nome completo': 'name',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  language: 'language',
  lingua: 'language',
  lang: 'language',
  langue: 'language',
  notes: 'notes',
  note: 'notes',
  country: 'country',
  paese: 'country',
  nazione: 'country',
  pays: 'country',
};

/** A first guess at the mapping from the header (the wizard lets the user change it). */
export function suggestMapping(header: string[], defs: Map<string, ContactFieldRecord>): Target[] {
  const used = new Set<Target>();
  return header.map((h) => {
    const key = h
      .trim()
      .toLowerCase()
      .replace(/[_\s]+/g, ' ');
    const upper = h
      .trim()
      .toUpperCase()
      .replace(/[\s-]+/g, '_');
    const def = defs.get(upper);
    const t: Target = def?.on_contact
      ? `field:${def.key}`
      : (ALIASES[key] ?? ALIASES[key.replace(/ /g, '_')] ?? 'ignore');
    if (t !== 'ignore' && used.has(t)) return 'ignore';
    used.add(t);
    return t;
  });
}

export function normaliseRow(cells: string[], o: RowOptions): RowResult {
  const data: Record<string, string> = {};
  const fields: Record<string, unknown> = {};
  const warnings: string[] = [];
  /** the cell behind each warning, for the analysis to show */
  const bad: Record<string, string> = {};
  const warn = (w: string, raw: string) => {
    warnings.push(w);
    bad[w] = raw.slice(0, 100);
  };
  let phoneRaw = '';
  let country = o.defaultCountry;
  o.mapping.forEach((t, i) => {
    if (t === 'phone') phoneRaw = cells[i] ?? '';
    else if (t === 'country' && isCountry((cells[i] ?? '').trim())) country = (cells[i] ?? '').trim().toUpperCase();
  });
  const phone = parsePhone(phoneRaw, country);
  if (!phone.ok) return { ok: false, reason: phone.reason };
  if (!phone.valid && o.invalidPhones === 'skip') return { ok: false, reason: 'phone_invalid', phone: phone.e164 };
  for (let i = 0; i < o.mapping.length; i++) {
    const t = o.mapping[i]!;
    const raw = (cells[i] ?? '').trim();
    if (t === 'ignore' || t === 'phone' || t === 'country') continue;
    if (t.startsWith('field:')) {
      const def = o.defs.get(t.slice(6))!;
      if (!raw) {
        if (def.required) return { ok: false, reason: `missing_required:${def.key}`, phone: phone.e164 };
        continue;
      }
      const v = coerceValue(def.type, raw, o.dateOrder);
      if (v.ok) fields[def.key] = v.value;
      else warn(`invalid_value:${def.key}`, raw);
      continue;
    }
    // Blank cells carry no information: they never clear what the contact already has.
    if (!raw) continue;
    if (t === 'email') {
      if (isEmail(raw)) data.email = raw;
      else warn('invalid_value:email', raw);
    } else if (t === 'language') {
      const l = normaliseLanguage(raw);
      if (l) data.language = l;
      else warn('invalid_value:language', raw);
    } else {
      const max = t === 'notes' ? 5000 : t === 'name' ? 200 : 100;
      data[t] = raw.slice(0, max);
    }
  }
  return {
    ok: true,
    phone: phone.e164,
    valid: phone.valid,
    country: phone.country,
    data,
    fields,
    warnings,
    ...(warnings.length ? { bad } : {}),
  };
}
