/**
 * Permissions are decided in one place (permissions.ts). This keeps inline role checks from coming
 * back: a `role === 'admin'`-style test in the API or the web fails here unless the file is listed
 * below with the reason it is about data, not permission.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { sourceFiles as files } from '../../lib/source-files.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const INLINE =
  /\brole\s*[!=]==\s*['"]|['"](admin|manager|operator|viewer)['"]\s*[!=]==\s*[\w.?]*role\b|\.includes\([\w.?]*role\b|requireRole\(/;

/** files whose role comparisons are about the data, not about who may act */
const ALLOWED: Record<string, string> = {
  'api/src/engine/policy/permissions.ts': 'the table itself',
  'api/src/modules/users/users.service.ts': "a new operator's default, the last admin (the target's role)",
  'web/src/features/settings/UsersAdmin.tsx': "the edited member's role in a select and its see-unassigned switch",
  'web/src/features/inbox/conversations.store.ts': 'which inbox tabs each role has, and in what order (layout)',
  'web/src/features/inbox/inbox.ts': 'an operator losing sight of a reassigned chat (realtime behaviour of the rule)',
};

it('no inline role checks outside the policy', () => {
  const offenders: string[] = [];
  for (const dir of ['api/src', 'web/src', 'realtime/src']) {
    for (const f of files(join(ROOT, dir))) {
      const rel = relative(ROOT, f);
      if (rel.startsWith('api/src/modules/sandbox/') || ALLOWED[rel]) continue;
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (INLINE.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
  }
  expect(offenders).toEqual([]);
});
