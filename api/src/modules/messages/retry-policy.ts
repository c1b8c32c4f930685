/**
 * When a failed send is tried again. Pure, so the table in retry-policy.test.ts pins it down.
 * Transient errors retry with exponential back-off and full jitter until a deadline (the retry horizon
 * after the first attempt); Retry-After is honoured; 131056 (pair rate) grows as 4^n seconds as Meta
 * advises; permanent errors are not retried.
 */
import type { ChannelError } from '../channels/channel.types.ts';

/** Exponential back-off with full jitter; 131056 (pair rate) grows as 4^n seconds like Meta advises. */
export function backoffMs(
  attempt: number,
  error: ChannelError,
  retryAfterMs: number | undefined,
  base: number,
  max: number,
  random = Math.random,
): number {
  const exp = error.code === 131056 ? 4 ** attempt * 1000 : base * 2 ** (attempt - 1);
  const jittered = Math.min(max, exp) * (0.5 + random() / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export interface RetryInput {
  /** the attempt that just failed, from 1 */
  attempt: number;
  error: ChannelError;
  retryable: boolean;
  retryAfterMs?: number | undefined;
  now: number;
  /** no attempt is scheduled after this moment */
  deadline: number;
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

export function retryDecision(i: RetryInput): { retryInMs?: number } {
  if (!i.retryable) return {};
  const delay = backoffMs(i.attempt, i.error, i.retryAfterMs, i.baseMs, i.maxMs, i.random);
  if (i.now + delay > i.deadline) {
    // the horizon is near: one last attempt right at it, unless even that is too late
    const last = i.deadline - i.now;
    return last >= Math.max(i.retryAfterMs ?? 0, 1) ? { retryInMs: last } : {};
  }
  return { retryInMs: delay };
}
