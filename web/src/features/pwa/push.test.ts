import { afterEach, describe, expect, it, vi } from 'vitest';
import { PUSH_TIMEOUT_MS, PushTimeoutError, withTimeout } from './push.ts';

afterEach(() => vi.useRealTimers());

describe('enabling push never hangs', () => {
  it('a subscription that never completes fails with PushTimeoutError after the limit', async () => {
    vi.useFakeTimers();
    const never = new Promise<never>(() => undefined);
    const result = withTimeout(never, PUSH_TIMEOUT_MS);
    const settled = vi.fn();
    result.catch(settled);
    await vi.advanceTimersByTimeAsync(PUSH_TIMEOUT_MS - 1);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).rejects.toBeInstanceOf(PushTimeoutError);
  });

  it('a subscription that completes in time passes its result and clears the timer', async () => {
    vi.useFakeTimers();
    await expect(withTimeout(Promise.resolve('ok'), PUSH_TIMEOUT_MS)).resolves.toBe('ok');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a failure keeps its own error (e.g. the push service refused)', async () => {
    await expect(withTimeout(Promise.reject(new Error('AbortError: push service error')), 1000)).rejects.toThrow(
      'push service error',
    );
  });

  it('the limit is 20 seconds', () => expect(PUSH_TIMEOUT_MS).toBe(20_000));
});
