/** The rolling 24 h count of customers reached, step by step. */
import { describe, expect, it } from 'vitest';
import { RollingReach } from './rolling-reach.ts';
import { highestTier, limitOf } from './tiers.ts';

const H = 3600_000;

describe('RollingReach', () => {
  it('counts each customer once and lets them go 24 h after their latest counted send', () => {
    const r = new RollingReach();
    r.add('a', 'm1', 0);
    r.add('b', 'm2', 1 * H);
    r.add('a', 'm3', 2 * H); // a again: counted once, their 24 h now run from 2 h
    expect(r.used(3 * H)).toBe(2);
    expect(r.nextRelease(3 * H)).toBe(25 * H); // b leaves first
    expect(r.has('a', 24.5 * H)).toBe(true);
    expect(r.used(25 * H)).toBe(1);
    expect(r.nextRelease(25 * H)).toBe(26 * H);
    expect(r.used(26 * H)).toBe(0);
    expect(r.nextRelease(26 * H)).toBeUndefined();
  });

  it('a refused message gives its place back only when it was the customer’s one counted message', () => {
    const r = new RollingReach();
    r.add('a', 'm1', 0);
    r.add('b', 'm2', 1);
    r.add('b', 'm3', 2);
    expect(r.release('m1')).toBe(true);
    expect(r.release('m2')).toBe(false);
    expect(r.used(3)).toBe(1);
    expect(r.release('unknown')).toBe(false);
    expect(r.nextRelease(3)).toBe(2 + 24 * H);
  });

  it('a provisional id becomes the stored message id', () => {
    const r = new RollingReach();
    r.add('a', 'hold:1', 0);
    r.rename('hold:1', 'msg1');
    expect(r.release('hold:1')).toBe(false);
    expect(r.release('msg1')).toBe(true);
    expect(r.used(1)).toBe(0);
  });

  it('stays small over many customers and expiries', () => {
    const r = new RollingReach(1000);
    for (let i = 0; i < 50_000; i++) r.add(`c${i % 700}`, `m${i}`, i);
    expect(r.used(50_000)).toBe(700);
    expect(r.used(60_000)).toBe(0);
  });
});

describe('tiers', () => {
  it.each([
    ['TIER_250', 250],
    ['TIER_2K', 2000],
    ['TIER_10K', 10_000],
    ['TIER_100K', 100_000],
    ['TIER_UNLIMITED', null],
    ['tier_1k', 1000],
    ['2000', 2000],
    ['-1', null],
    ['', 250],
    ['SOMETHING_NEW', 250],
  ])('%s → %s', (tier, limit) => expect(limitOf(tier)).toBe(limit));
  it('a portfolio has the highest tier of its numbers', () => {
    expect(highestTier(['TIER_250', 'TIER_2K', ''])).toBe('TIER_2K');
    expect(highestTier(['TIER_100K', 'TIER_UNLIMITED'])).toBe('TIER_UNLIMITED');
    expect(highestTier(['', ''])).toBe('');
  });
});
