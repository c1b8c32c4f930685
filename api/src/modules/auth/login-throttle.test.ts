import { describe, expect, it } from 'vitest';
import type { AppError } from '../../lib/errors.ts';
import { LoginThrottle } from './login-throttle.ts';

describe('LoginThrottle', () => {
  const make = () => {
    let now = 1_000_000;
    const t = new LoginThrottle({ maxFailures: 3, maxFailuresPerAddress: 5, lockMs: 60_000, now: () => now });
    return { t, tick: (ms: number) => (now += ms) };
  };
  const refused = (fn: () => void) => {
    try {
      fn();
      return undefined;
    } catch (err) {
      return err as AppError;
    }
  };

  it('locks the account (any case of the e-mail) for the lock time after the maximum of failures', () => {
    const { t, tick } = make();
    for (let i = 0; i < 3; i++) t.failed('Ann@x.it', `10.0.0.${i}`);
    const err = refused(() => t.check('ann@x.it', '10.0.0.9'));
    expect(err?.status).toBe(429);
    expect(err?.headers?.['retry-after']).toBe('60');
    tick(30_000);
    expect(refused(() => t.check('ann@x.it', '10.0.0.9'))?.headers?.['retry-after']).toBe('30');
    tick(30_001);
    expect(refused(() => t.check('ann@x.it', '10.0.0.9'))).toBeUndefined();
  });

  it('failures spread wider than the window do not add up', () => {
    const { t, tick } = make();
    for (let i = 0; i < 6; i++) {
      t.failed('bob@x.it', '10.0.0.1');
      tick(40_000);
      if (i % 2 === 1) tick(30_000);
    }
    expect(refused(() => t.check('bob@x.it', '10.0.0.2'))).toBeUndefined();
  });

  it('locks an address trying many accounts; success clears only the account', () => {
    const { t } = make();
    for (let i = 0; i < 5; i++) t.failed(`u${i}@x.it`, '10.0.0.1');
    expect(refused(() => t.check('fresh@x.it', '10.0.0.1'))?.status).toBe(429);
    expect(refused(() => t.check('fresh@x.it', '10.0.0.2'))).toBeUndefined();
    t.failed('c@x.it', '10.1.0.1');
    t.failed('c@x.it', '10.1.0.1');
    t.succeeded('c@x.it');
    t.failed('c@x.it', '10.1.0.1');
    expect(refused(() => t.check('c@x.it', '10.1.0.3'))).toBeUndefined();
  });
});
