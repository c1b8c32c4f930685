import { describe, expect, it } from 'vitest';
import { buttonTaps, durationParts, figures, funnel, progress, rates } from './campaign-stats.ts';
import type { CampaignStats } from './campaigns.types.ts';

const stats = (p: Partial<Omit<CampaignStats, 'excluded'>> & { excluded?: Record<string, number> }): CampaignStats => ({
  audience: 0,
  queued: 0,
  waiting_limit: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  replied: 0,
  failed: 0,
  cancelled: 0,
  buttons: {},
  ...p,
  excluded: { ...p.excluded } as CampaignStats['excluded'],
});

describe('campaign figures', () => {
  it('adds later states to earlier ones and leaves the exclusions out of the recipients', () => {
    const f = figures(
      stats({
        audience: 12,
        excluded: { opted_out: 1, blocked: 1 },
        queued: 1,
        waiting_limit: 1,
        sent: 2,
        delivered: 2,
        read: 3,
        replied: 1,
        failed: 1,
      }),
    );
    expect(f).toMatchObject({ recipients: 10, excluded: 2, sent: 7, delivered: 5, read: 3, pending: 2, done: 8 });
    expect(progress(f)).toBeCloseTo(0.8);
    expect(rates(f)).toEqual({ delivery: 5 / 8, read: 3 / 5, reply: 1 / 5, failure: 1 / 8 });
    expect(funnel(f).map((s) => [s.key, s.value])).toEqual([
      ['recipients', 10],
      ['sent', 7],
      ['delivered', 5],
      ['read', 3],
      ['replied', 1],
    ]);
    expect(funnel(f)[1]!.share).toBeCloseTo(0.7);
  });

  it('a cancelled campaign counts who was never sent apart: not pending, still among the recipients', () => {
    const f = figures(stats({ audience: 10, sent: 3, failed: 1, cancelled: 6 }));
    expect(f).toMatchObject({ recipients: 10, pending: 0, cancelled: 6, done: 4 });
  });

  it('has no NaN before anything happened', () => {
    const f = figures(undefined);
    expect(progress(f)).toBe(0);
    expect(rates(f)).toEqual({ delivery: 0, read: 0, reply: 0, failure: 0 });
    expect(funnel(f).every((s) => s.share === 0)).toBe(true);
  });

  it('orders button taps by count with their share', () => {
    expect(buttonTaps(stats({ buttons: { No: 1, Sì: 3, Forse: 0 } }))).toEqual([
      { title: 'Sì', n: 3, share: 0.75 },
      { title: 'No', n: 1, share: 0.25 },
    ]);
  });

  it('splits durations', () => {
    expect(durationParts(3725.4)).toEqual({ h: 1, m: 2, s: 5 });
  });
});
