/** Periods in the business time zone: buckets across the DST change, months, the previous month. */
import { describe, expect, it } from 'vitest';
import { bucketBounds, bucketKey, monthBounds, previousMonth } from './analytics.service.ts';

const ROME = 'Europe/Rome';
const T = (iso: string) => Date.parse(iso);

describe('business-time periods', () => {
  it('a day is 23 hours on the spring DST change and 25 in October', () => {
    const [a, b] = bucketBounds(T('2026-03-29T12:00:00Z'), 'day', ROME);
    expect([new Date(a).toISOString(), (b - a) / 3_600_000]).toEqual(['2026-03-28T23:00:00.000Z', 23]);
    const [c, d] = bucketBounds(T('2026-10-25T12:00:00Z'), 'day', ROME);
    expect((d - c) / 3_600_000).toBe(25);
  });

  it('months, quarters and years start at local midnight; keys agree with bounds', () => {
    expect(monthBounds('2026-03', ROME).map((t) => new Date(t).toISOString())).toEqual([
      '2026-02-28T23:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
    ]);
    expect(previousMonth('2026-01')).toBe('2025-12');
    const key = bucketKey('quarter', ROME);
    // 31 March 23:30 in Rome is still Q1, 1 April 00:30 is Q2
    expect(key(T('2026-03-31T21:30:00Z'))).toBe('2026-Q0');
    expect(key(T('2026-03-31T22:30:00Z'))).toBe('2026-Q1');
    for (const bucket of ['day', 'month', 'quarter', 'year'] as const) {
      const t = T('2026-10-25T01:30:00Z');
      const [start, end] = bucketBounds(t, bucket, ROME);
      expect(bucketKey(bucket, ROME)(start)).toBe(bucketKey(bucket, ROME)(t));
      expect(bucketKey(bucket, ROME)(end - 1)).toBe(bucketKey(bucket, ROME)(t));
      expect(bucketKey(bucket, ROME)(end)).not.toBe(bucketKey(bucket, ROME)(t));
    }
  });
});
