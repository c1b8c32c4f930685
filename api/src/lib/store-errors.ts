/**
 * "The store is unavailable" versus "this write is bad". The first — connection refused or reset,
 * timeouts, 5xx, 429, our own superuser credentials refused — says nothing about the event being
 * written: processing pauses and retries it. Only the second (a validation error, a 4xx about the
 * record itself) may dead-letter an event.
 */
import { ClientResponseError } from './pb.ts';

const NETWORK_CODES =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|UND_ERR|socket hang up|fetch failed|other side closed/i;

export function isStoreUnavailable(err: unknown): boolean {
  if (err instanceof ClientResponseError) {
    // status 0: no HTTP answer at all (refused, reset, aborted by a timeout)
    if (err.status === 0 || err.status >= 500 || err.status === 429) return true;
    // our superuser token or the route itself vanished: a problem of the store, not of the event
    if (err.status === 401 || err.status === 403) return true;
    return false;
  }
  if (err instanceof Error) {
    if (err.name === 'AbortError' || err.name === 'TimeoutError') return true;
    const cause = (err as { cause?: unknown }).cause;
    const text = `${err.message} ${cause instanceof Error ? `${cause.message} ${(cause as { code?: string }).code ?? ''}` : ''}`;
    return NETWORK_CODES.test(text);
  }
  return false;
}

/** One readable line for a refusal: PocketBase's message and the fields it names, without repeating itself. */
export function refusalText(err: unknown): string {
  if (err instanceof ClientResponseError) {
    const data = err.response?.data as Record<string, unknown> | undefined;
    const fields = data
      ? Object.entries(data)
          .filter(
            ([, v]) => typeof v === 'object' && v !== null && typeof (v as { message?: unknown }).message === 'string',
          )
          .map(([k, v]) => `${k}: ${(v as { message: string }).message}`)
      : [];
    return `HTTP ${err.status}: ${err.message}${fields.length ? ` (${fields.join('; ')})` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}
