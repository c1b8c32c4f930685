import { describe, expect, it } from 'vitest';
import { instantOf, offsetRange, yearlyToday } from './automation-dates.ts';

const at = (iso: string) => Date.parse(iso);

describe('date triggers', () => {
  it('reads a date at a local time, and a datetime as stored', () => {
    expect(new Date(instantOf('2026-07-14', 'Europe/Rome', '09:00')!).toISOString()).toBe('2026-07-14T07:00:00.000Z');
    expect(new Date(instantOf('2026-12-14', 'Europe/Rome')!).toISOString()).toBe('2026-12-14T08:00:00.000Z');
    expect(instantOf('2026-12-14T10:30:00.000Z', 'Europe/Rome')).toBe(at('2026-12-14T10:30:00.000Z'));
    expect(instantOf('nonsense', 'Europe/Rome')).toBeUndefined();
  });
  it('a birthday is today in the zone, once its time has come', () => {
    const t = { type: 'date', field: 'B', mode: 'yearly', time: '09:00' } as const;
    expect(yearlyToday(t, at('2026-12-01T07:59:00Z'), 'Europe/Rome')).toBeUndefined();
    expect(yearlyToday(t, at('2026-12-01T08:00:00Z'), 'Europe/Rome')).toEqual({ monthDay: '-12-01', year: '2026' });
    // 03:00 UTC on the 2nd is still 22:00 on the 1st in New York
    expect(yearlyToday(t, at('2026-12-02T03:00:00Z'), 'America/New_York')).toEqual({
      monthDay: '-12-01',
      year: '2026',
    });
  });
  it('24 hours before a booking: the stored values whose moment may have come', () => {
    const now = at('2026-12-01T10:00:00Z');
    const r = offsetRange({ type: 'date', field: 'P', mode: 'before', offset: { hours: 24 } }, now);
    expect(r.shift).toBe(-86_400_000);
    // a booking tomorrow at 10:00 is due now: inside the range
    expect('2026-12-02T10:00:00.000Z' >= r.from && '2026-12-02T10:00:00.000Z' <= r.to).toBe(true);
    expect('2026-12-04T10:00:00.000Z' <= r.to).toBe(false);
  });
});
