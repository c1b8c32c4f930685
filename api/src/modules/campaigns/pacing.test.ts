import { describe, expect, it } from 'vitest';
import { feedRate } from './pacing.ts';

const at = (now: number, departed: number, mps: number) => ({ now, departed, mps, staleMs: 20_000 });

describe('a campaign feeds its number', () => {
  it('at an 80 cap, always the cap, whatever the machine achieved', () => {
    let s = feedRate(undefined, at(0, 0, 80));
    expect(s.fed).toBe(80);
    s = feedRate(s.sample, at(5000, 100, 80)); // 20 msg/s left
    expect(s.fed).toBe(80);
  });

  it('at a 1,000 cap, at what left for Meta plus half, climbing while the machine keeps up', () => {
    let s = feedRate(undefined, at(0, 0, 1000));
    expect(s.fed).toBe(80); // nothing measured yet
    s = feedRate(s.sample, at(5000, 400, 1000)); // 80/s left
    expect(s.fed).toBe(120);
    s = feedRate(s.sample, at(10_000, 1000, 1000)); // 120/s left: the machine keeps up
    expect(s.fed).toBe(180);
    s = feedRate(s.sample, at(15_000, 1325, 1000)); // 65/s: it does not
    expect(s.fed).toBe(98);
    s = feedRate(s.sample, at(20_000, 1475, 1000)); // 30/s: never below the floor
    expect(s.fed).toBe(80);
    s = feedRate(s.sample, at(25_000, 1475 + 5000 * 900, 1000)); // never above the cap
    expect(s.fed).toBe(1000);
  });

  it('a slice right after another keeps the last rate; a long gap starts again from the floor', () => {
    let s = feedRate(undefined, at(0, 0, 1000));
    s = feedRate(s.sample, at(5000, 1000, 1000));
    expect(s.fed).toBe(300);
    const again = feedRate(s.sample, at(5200, 1010, 1000));
    expect(again.fed).toBe(300);
    expect(again.sample).toBe(s.sample);
    expect(feedRate(s.sample, at(60_000, 1100, 1000)).fed).toBe(80);
  });
});
