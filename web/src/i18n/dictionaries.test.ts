/**
 * Every language has every string. Other modules add keys to en.ts / it.ts (or a new `<area>.en.ts`):
 * this test fails, naming the keys, until fr / es / it carry them too — with the same {{ placeholders }}
 * and the same kind (text or plural function).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { it as itDict } from './it.ts';
import { LOCALES, type Locale } from './locales.ts';

type Entry = { kind: 'text' | 'plural'; placeholders: string };

/** key path → what the translation must keep: its kind and its {{ placeholders }}. */
function flattenDict(obj: unknown, prefix = '', out = new Map<string, Entry>()): Map<string, Entry> {
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, { kind: 'text', placeholders: placeholders(v) });
    else if (typeof v === 'function') out.set(key, { kind: 'plural', placeholders: '' });
    else if (v && typeof v === 'object') flattenDict(v, key, out);
    else out.set(key, { kind: 'text', placeholders: `<not a string: ${typeof v}>` });
  }
  return out;
}

const placeholders = (s: string) =>
  [...new Set([...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]))].sort().join(',');

/** Differences of `other` against the reference, as readable lines (empty when complete). */
function compareDicts(reference: unknown, other: unknown): string[] {
  const ref = flattenDict(reference);
  const got = flattenDict(other);
  const problems: string[] = [];
  for (const [key, want] of ref) {
    const have = got.get(key);
    if (!have) problems.push(`missing ${key}`);
    else if (have.kind !== want.kind) problems.push(`${key}: is a ${have.kind}, English has a ${want.kind}`);
    else if (have.placeholders !== want.placeholders)
      problems.push(`${key}: placeholders {${have.placeholders}} instead of {${want.placeholders}}`);
  }
  for (const key of got.keys()) if (!ref.has(key)) problems.push(`extra ${key} (not in English)`);
  return problems;
}

const here = dirname(fileURLToPath(import.meta.url));
const FILE = new RegExp(`^(?:([\\w-]+)\\.)?(${LOCALES.join('|')})\\.ts$`);

/** Every dictionary file in this folder, grouped by area: '' (en.ts, it.ts …), 'contacts', 'pwa' … */
function dictionaryFiles(): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  for (const f of readdirSync(here)) {
    const m = FILE.exec(f);
    if (!m) continue;
    const area = m[1] ?? '';
    if (!groups.has(area)) groups.set(area, new Map());
    groups.get(area)!.set(m[2]!, join(here, f));
  }
  return groups;
}

/** The dictionary a file exports: its one exported object. */
async function load(file: string): Promise<unknown> {
  const mod = (await import(file)) as Record<string, unknown>;
  const objects = Object.values(mod).filter((v) => v && typeof v === 'object');
  expect(objects, `${file} should export exactly one dictionary object`).toHaveLength(1);
  return objects[0];
}

describe('dictionaries', () => {
  it('each area has a file per language', () => {
    const groups = dictionaryFiles();
    expect([...groups.keys()].sort()).toEqual(expect.arrayContaining(['', 'contacts', 'pwa']));
    for (const [area, files] of groups)
      expect([...files.keys()].sort(), `dictionary files for "${area || 'main'}"`).toEqual([...LOCALES].sort());
  });

  it.each([...LOCALES].filter((l) => l !== 'en'))(
    'every file in %s has exactly the English keys and placeholders',
    async (locale) => {
      const problems: string[] = [];
      for (const [area, files] of dictionaryFiles()) {
        const reference = await load(files.get('en')!);
        const translated = files.get(locale);
        if (!translated) {
          problems.push(`${area}: no ${locale} file`);
          continue;
        }
        problems.push(
          ...compareDicts(reference, await load(translated)).map((p) => `${area || 'main'}.${locale}: ${p}`),
        );
      }
      expect(problems).toEqual([]);
    },
  );

  it.each([
    ['it', itDict],
    ['fr', fr],
    ['es', es],
  ] as [Locale, unknown][])('the assembled %s dictionary matches English', (_l, dict) => {
    expect(compareDicts(en, dict)).toEqual([]);
  });

  it('plural functions say a number in every language', () => {
    for (const [l, dict] of [
      ['en', en],
      ['it', itDict],
      ['fr', fr],
      ['es', es],
    ] as const) {
      for (const key of ['inbox.count', 'crm.list.count', 'crm.picker.added']) {
        const fn = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], dict) as (
          n: number,
        ) => string;
        expect(fn(1), `${l} ${key}(1)`).toMatch(/\b1\b/);
        expect(fn(1234), `${l} ${key}(1234)`).toMatch(/1.?234/);
      }
    }
  });

  it('spots what a helper would forget', () => {
    expect(compareDicts({ a: { b: 'x {{ n }}', c: 'y' } }, { a: { b: 'x' }, d: 'z' })).toEqual([
      'a.b: placeholders {} instead of {n}',
      'missing a.c',
      'extra d (not in English)',
    ]);
    expect(compareDicts({ n: (k: number) => `${k}` }, { n: 'text' })).toEqual(['n: is a text, English has a plural']);
  });
});
