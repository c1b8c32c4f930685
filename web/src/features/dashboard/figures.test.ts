import { describe, expect, it } from 'vitest';
import {
  dateInput,
  dayIso,
  defaultRange,
  delta,
  heatLevel,
  lastMonths,
  limitFill,
  phoneState,
  previousMonth,
  qualityLevel,
  splitDuration,
  tierSize,
} from './figures.ts';

describe('quality and phone state', () => {
  it.each([
    ['GREEN', 'high'],
    ['YELLOW', 'medium'],
    ['RED', 'low'],
    ['UNKNOWN', 'unknown'],
    ['', 'unknown'],
  ])('%s is %s', (r, want) => expect(qualityLevel(r)).toBe(want));

  it.each([
    ['CONNECTED', 'connected'],
    ['FLAGGED', 'flagged'],
    ['RESTRICTED', 'restricted'],
    ['RATE_LIMITED', 'restricted'],
    ['PENDING', 'other'],
  ])('%s is %s', (s, want) => expect(phoneState(s)).toBe(want));
});

describe('messaging limit fill', () => {
  it.each([
    [0, 250, 0, 'ok'],
    [199, 250, 79, 'ok'],
    [200, 250, 80, 'warn'],
    [249, 250, 99, 'warn'],
    [250, 250, 100, 'full'],
    [300, 250, 100, 'full'],
    [5, 0, 100, 'full'],
  ] as const)('%i of %i → %i %% %s', (used, limit, pct, level) =>
    expect(limitFill(used, limit)).toEqual({ pct, level }),
  );

  it('an unlimited tier has no bar to fill', () =>
    expect(limitFill(12_000, null)).toEqual({ pct: 0, level: 'unlimited' }));

  it.each([
    ['TIER_250', 250],
    ['TIER_2K', 2000],
    ['TIER_100K', 100_000],
    ['TIER_UNLIMITED', null],
    ['SOMETHING', undefined],
  ])('%s holds %s customers', (tier, n) => expect(tierSize(tier)).toBe(n));
});

describe('month-on-month delta', () => {
  it('up, down, same and from zero', () => {
    expect(delta(120, 100)).toEqual({ diff: 20, pct: 20, dir: 'up' });
    expect(delta(2, 3)).toEqual({ diff: -1, pct: -33.3, dir: 'down' });
    expect(delta(7, 7)).toEqual({ diff: 0, pct: 0, dir: 'same' });
    expect(delta(5, 0)).toEqual({ diff: 5, pct: null, dir: 'up' });
  });
});

describe('months and ranges', () => {
  it('steps back across the year', () => {
    expect(previousMonth('2025-03')).toBe('2025-02');
    expect(previousMonth('2025-01')).toBe('2024-12');
    expect(lastMonths('2025-02', 4)).toEqual(['2025-02', '2025-01', '2024-12', '2024-11']);
  });

  it('a bucket looks back a readable span', () => {
    const now = Date.parse('2025-06-10T12:00:00Z');
    expect(defaultRange('minute', now)).toEqual({ from: '2025-06-10T10:00:00.000Z', to: '2025-06-10T12:00:00.000Z' });
    expect(defaultRange('day', now).from).toBe('2025-05-11T12:00:00.000Z');
    expect(dateInput(new Date(2025, 0, 5, 23, 30).toISOString())).toBe('2025-01-05');
    // a chosen day covers the whole local day, across a month end
    expect(dayIso('2025-01-31', false)).toBe(new Date(2025, 0, 31).toISOString());
    expect(dayIso('2025-01-31', true)).toBe(new Date(2025, 1, 1).toISOString());
  });
});

describe('heatmap and durations', () => {
  it('shades relative to the busiest cell', () => {
    expect([0, 1, 25, 26, 50, 75, 100].map((v) => heatLevel(v, 100))).toEqual([0, 1, 1, 2, 2, 3, 4]);
    expect(heatLevel(3, 0)).toBe(0);
  });

  it('splits seconds into days, hours and minutes', () => {
    expect(splitDuration(40)).toEqual({ d: 0, h: 0, m: 0, under_minute: true });
    expect(splitDuration(3 * 3600 + 5 * 60 + 20)).toEqual({ d: 0, h: 3, m: 5, under_minute: false });
    expect(splitDuration(2 * 86400 + 3600)).toEqual({ d: 2, h: 1, m: 0, under_minute: false });
  });
});
