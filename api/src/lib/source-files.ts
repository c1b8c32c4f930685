/** Every TypeScript source file under `dir` (tests left out): what the guard tests read. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) yield p;
  }
}
