import { describe, expect, it } from 'vitest';
import { orderedRecordId } from './records.ts';

describe('orderedRecordId', () => {
  it('is a PocketBase id that sorts in the order ids were made, even within one millisecond', () => {
    const at = Date.parse('2026-12-02T01:00:00Z');
    const ids = Array.from({ length: 2000 }, (_, i) => orderedRecordId(at + Math.floor(i / 500)));
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{15}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
