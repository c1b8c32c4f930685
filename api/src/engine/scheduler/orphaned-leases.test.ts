import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { newOwnerName, orphanedOwners } from './orphaned-leases.ts';

describe('orphanedOwners', () => {
  const gone = new Set([111, 222]);
  const exists = (pid: number) => !gone.has(pid);

  it('names the workers of this host whose process is gone', () => {
    expect(orphanedOwners(['box/111/a1b2c3', 'box/333/d4e5f6', 'box/222/0f0f0f'], 'box', exists)).toEqual([
      'box/111/a1b2c3',
      'box/222/0f0f0f',
    ]);
  });

  it('leaves other hosts and other names to their leases', () => {
    expect(orphanedOwners(['other/111/a1b2c3', 'victim', 'box/111', 'box/x/abcdef'], 'box', () => false)).toEqual([]);
  });

  it('this pid: a worker this process made lives, one it did not (a container restarted as PID 1) is gone', () => {
    const mine = newOwnerName('abc123');
    const previousLife = `${hostname()}/${process.pid}/def456`;
    expect(orphanedOwners([mine, previousLife], hostname(), () => true)).toEqual([previousLife]);
  });

  it('reads a host name that holds slashes', () => {
    expect(orphanedOwners(['a/b/111/abcdef'], 'a/b', exists)).toEqual(['a/b/111/abcdef']);
  });
});
