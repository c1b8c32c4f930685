/**
 * Record updates go through updateRecord (record-update.ts): PocketBase's plain update route loads the
 * record outside its write transaction, so two concurrent updates of different fields of one record can
 * undo each other. This keeps the plain route from coming back; a batch the caller sends is one
 * transaction and is fine.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { sourceFiles as files } from './source-files.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const PLAIN_UPDATE = /([\w.)\]]+)\s*\.collection\(([^()]*)\)\s*\.update\s*[<(]/g;

it('no plain PocketBase record update outside a batch', () => {
  const offenders: string[] = [];
  for (const dir of ['api/src', 'realtime/src', 'web/src']) {
    for (const f of files(join(ROOT, dir))) {
      const rel = relative(ROOT, f);
      if (rel === 'api/src/lib/record-update.ts') continue;
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(PLAIN_UPDATE)) {
        if (m[1] === 'batch') continue;
        offenders.push(`${rel}:${text.slice(0, m.index).split('\n').length}: ${m[0].replace(/\s+/g, ' ')}`);
      }
    }
  }
  expect(offenders).toEqual([]);
});
