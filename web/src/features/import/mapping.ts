/**
 * Which contact field each CSV column feeds. The server suggests a mapping from the header; here it is
 * completed in the browser: dynamic fields matched by key or label, the usual column names in Italian,
 * English, French, German and Spanish, and — when no header says so — the column whose values look like
 * phone numbers or email addresses. Every target is used once. Pure, unit-tested.
 */
import type { FieldDef } from '../contacts/crm.types.ts';

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
export type StandardTarget = (typeof STANDARD_TARGETS)[number];
export type Target = StandardTarget | `field:${string}` | 'ignore';

/** "Numéro de Téléphone" → "numero de telefone"; separators become single spaces. */
export function normHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[_\-./]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const ALIASES: Record<StandardTarget, string[]> = {
  phone: [
    'phone',
    'phone number',
    'telephone',
    'tel',
    'mobile',
    'mobile phone',
    'cell',
    'cellphone',
    'cell phone',
    'whatsapp',
    'whatsapp number',
    'wa id',
    'msisdn',
    'telefono',
    'cellulare',
    'numero',
    'numero di telefono',
    'numero telefono',
    'cell',
    'tel cellulare',
    'numero whatsapp',
    'telefon',
    'handy',
    'handynummer',
    'telefonnummer',
    'numero de telephone',
    'portable',
    'movil',
    'numero de telefono',
  ],
  first_name: ['first name', 'firstname', 'given name', 'forename', 'nome', 'prenom', 'vorname', 'nombre'],
  last_name: [
    'last name',
    'lastname',
    'surname',
    'family name',
    'cognome',
    'nom',
    'nom de famille',
    'nachname',
    'apellido',
    'apellidos',
  ],
  name: [
    'name',
    'full name',
    'fullname',
    'display name',
    'contact',
    'contact name',
    'nome completo',
    'nominativo',
    'ragione sociale',
    'nom complet',
    'vollstandiger name',
    'nombre completo',
  ],
  email: [
    'email',
    'e mail',
    'mail',
    'email address',
    'indirizzo email',
    'posta elettronica',
    'courriel',
    'correo',
    'correo electronico',
  ],
  language: ['language', 'lang', 'locale', 'lingua', 'langue', 'sprache', 'idioma'],
  notes: [
    'notes',
    'note',
    'comment',
    'comments',
    'remarks',
    'commento',
    'commenti',
    'annotazioni',
    'bemerkung',
    'notas',
  ],
  country: ['country', 'country code', 'paese', 'nazione', 'stato', 'pays', 'land', 'pais'],
};
const ALIAS = new Map<string, StandardTarget>();
for (const t of STANDARD_TARGETS) for (const a of ALIASES[t]) if (!ALIAS.has(a)) ALIAS.set(a, t);

const isTarget = (t: string, defs: Map<string, FieldDef>): t is Target =>
  t === 'ignore' ||
  (STANDARD_TARGETS as readonly string[]).includes(t) ||
  (t.startsWith('field:') && !!defs.get(t.slice(6))?.on_contact);

const PHONEISH = /^[+(]?[\d\s().\-/]{6,}$/;
const EMAILISH = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function mostly(values: string[], test: (v: string) => boolean): boolean {
  const filled = values.map((v) => v.trim()).filter(Boolean);
  if (filled.length < 1) return false;
  return filled.filter(test).length / filled.length >= 0.6;
}

export const looksLikePhones = (values: string[]) =>
  mostly(values, (v) => PHONEISH.test(v) && v.replace(/\D/g, '').length >= 6);
export const looksLikeEmails = (values: string[]) => mostly(values, (v) => EMAILISH.test(v));

/** The target a header names, if any. */
export function targetForHeader(header: string, defs: Map<string, FieldDef>): Target | undefined {
  const key = header
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  const byKey = defs.get(key);
  if (byKey?.on_contact) return `field:${byKey.key}`;
  const n = normHeader(header);
  if (!n) return undefined;
  for (const d of defs.values()) if (d.on_contact && d.label && normHeader(d.label) === n) return `field:${d.key}`;
  for (const d of defs.values()) if (d.on_contact && normHeader(d.key) === n) return `field:${d.key}`;
  return ALIAS.get(n);
}

export function suggestMapping(
  header: string[],
  preview: string[][],
  defs: Map<string, FieldDef>,
  server: string[] = [],
): Target[] {
  const used = new Set<Target>();
  const out: Target[] = header.map(() => 'ignore');
  const take = (i: number, t: Target | undefined) => {
    if (!t || t === 'ignore' || used.has(t) || out[i] !== 'ignore') return;
    out[i] = t;
    used.add(t);
  };
  // 1. what the server suggested (valid targets only), 2. names, 3. values
  header.forEach((_, i) => {
    const s = server[i];
    if (s && isTarget(s, defs)) take(i, s);
  });
  for (const [i, h] of header.entries()) take(i, targetForHeader(h, defs));
  const column = (i: number) => preview.map((r) => r[i] ?? '');
  if (!used.has('phone')) {
    const i = header.findIndex((_, k) => out[k] === 'ignore' && looksLikePhones(column(k)));
    if (i >= 0) take(i, 'phone');
  }
  if (!used.has('email')) {
    const i = header.findIndex((_, k) => out[k] === 'ignore' && looksLikeEmails(column(k)));
    if (i >= 0) take(i, 'email');
  }
  return out;
}

export interface MappingProblems {
  /** no column is the phone */
  noPhone: boolean;
  /** targets chosen for more than one column */
  duplicates: Target[];
  /** required dynamic fields no column feeds */
  missingRequired: string[];
}

export function mappingProblems(mapping: Target[], defs: Map<string, FieldDef>): MappingProblems {
  const counts = new Map<Target, number>();
  for (const t of mapping) if (t !== 'ignore') counts.set(t, (counts.get(t) ?? 0) + 1);
  const mapped = new Set(mapping.filter((t) => t.startsWith('field:')).map((t) => t.slice(6)));
  return {
    noPhone: !counts.has('phone'),
    duplicates: [...counts].filter(([, n]) => n > 1).map(([t]) => t),
    missingRequired: [...defs.values()]
      .filter((d) => d.required && d.on_contact && !mapped.has(d.key))
      .map((d) => d.key),
  };
}

/** Blocking problems only: a missing required field is reported by the analysis, row by row. */
export const mappingOk = (p: MappingProblems) => !p.noPhone && !p.duplicates.length;
