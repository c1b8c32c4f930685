/** Retry delays: exponential from `baseMs`, capped at `maxMs`, with ±20 % jitter so retries spread out. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** 0 for tests that assert exact instants */
  jitter?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 10_000, maxMs: 60 * 60_000, jitter: 0.2 };

/** Delay before attempt `attempt + 1`, after `attempt` (≥ 1) failed. */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const raw = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  const j = opts.jitter ?? 0.2;
  return Math.round(raw * (1 - j + 2 * j * random()));
}
