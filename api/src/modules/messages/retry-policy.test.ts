import { describe, expect, it } from 'vitest';
import { backoffMs, retryDecision } from './retry-policy.ts';

const base = { baseMs: 1000, maxMs: 60_000, random: () => 1, now: 0 };
const e = (code: number) => ({ code, title: 'x' });

describe('retryDecision', () => {
  it.each([
    // attempt, code, retryable, retryAfterMs, deadline, expected delay (undefined = give up)
    [1, 131000, true, undefined, 15 * 60_000, 1000],
    [6, 131000, true, undefined, 15 * 60_000, 32_000], // the old cap was 6 attempts: now it goes on
    [12, 130429, true, undefined, 15 * 60_000, 60_000], // capped at maxMs
    [1, 130429, true, 5000, 15 * 60_000, 5000], // Retry-After wins over a shorter back-off
    [9, 130429, true, 90_000, 15 * 60_000, 90_000], // and over the cap
    [2, 131056, true, undefined, 15 * 60_000, 16_000], // pair rate: 4^n seconds
    [3, 131000, true, undefined, 2500, 2500], // the horizon is near: one last try right at it
    [3, 131000, true, undefined, 0, undefined], // past the horizon: give up
    [1, 131026, false, undefined, 15 * 60_000, undefined], // permanent: at once
  ])('attempt %i, code %i → %s', (attempt, code, retryable, retryAfterMs, deadline, expected) => {
    const d = retryDecision({ ...base, attempt, error: e(code), retryable, retryAfterMs, deadline });
    expect(d.retryInMs).toBe(expected);
  });

  it('a Retry-After beyond the horizon gives up instead of retrying too early', () => {
    expect(
      retryDecision({ ...base, attempt: 1, error: e(130429), retryable: true, retryAfterMs: 10_000, deadline: 5000 })
        .retryInMs,
    ).toBeUndefined();
  });

  it('jitter keeps the delay between half and all of the back-off', () => {
    expect(backoffMs(3, e(131000), undefined, 1000, 60_000, () => 0)).toBe(2000);
    expect(backoffMs(3, e(131000), undefined, 1000, 60_000, () => 1)).toBe(4000);
  });
});
