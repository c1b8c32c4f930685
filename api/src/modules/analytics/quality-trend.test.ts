import { describe, expect, it } from 'vitest';
import { qualityTrend } from './number-status.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-12-01T15:00:00Z');

describe('the 30-day quality strip', () => {
  it('a quality that dropped today was high on the days before (the change says what it came from)', () => {
    const days = qualityTrend(
      [{ at: new Date(now - 3_600_000).toISOString(), event: 'FLAGGED', rating: 'RED', from: 'GREEN' }],
      'RED',
      now,
      'Europe/Rome',
    );
    expect(days).toHaveLength(30);
    expect(days.slice(0, 29).every((d) => d.rating === 'GREEN')).toBe(true);
    expect(days.at(-1)).toEqual({ date: '2026-12-01', rating: 'RED' });
  });

  it('each day shows the rating in effect at its end; without a "from", the earliest rating known', () => {
    const days = qualityTrend(
      [
        { at: new Date(now - 10 * DAY).toISOString(), event: 'READ_FROM_META', rating: 'YELLOW' },
        { at: new Date(now - 4 * DAY).toISOString(), event: 'UNFLAGGED', rating: 'GREEN', from: 'YELLOW' },
      ],
      'GREEN',
      now,
      'Europe/Rome',
    );
    // the days before the first record (no "from"): its rating; from 4 days ago: green
    expect(days.slice(0, 25).map((d) => d.rating)).toEqual(Array(25).fill('YELLOW'));
    expect(days.slice(25).map((d) => d.rating)).toEqual(Array(5).fill('GREEN'));
  });
});
