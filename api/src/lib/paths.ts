/**
 * Where the repository's non-code parts are — the built web app, migrations, PocketBase hooks —
 * found from this file, whether it runs from source (tsx) or from the server bundle in dist/server.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'pb_migrations'))) return dir;
    const up = dirname(dir);
    if (up === dir)
      throw new Error(`Spunta: no pb_migrations/ next to a package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

export const ROOT = findRoot();
export const MIGRATIONS_DIR = join(ROOT, 'pb_migrations');
export const HOOKS_DIR = join(ROOT, 'pb_hooks');
export const WEB_DIST = join(ROOT, 'dist', 'web');
