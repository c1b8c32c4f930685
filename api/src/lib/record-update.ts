/**
 * Partial record updates that never undo a concurrent one.
 *
 * PocketBase's update route loads the record, applies the body and saves every column. The load happens
 * outside the write transaction, so two updates of different fields of one record racing each other keep
 * only one of them: the later save writes back the other's field as it was before (measured on this
 * machine: 3 of 20 pairs of concurrent updates of a list lost a field; a campaign started while its cost
 * estimate was being saved went back to "scheduled" and never sent).
 *
 * Sent as a one-request /api/batch, the load, the change and the save run in one transaction, and
 * PocketBase runs one write transaction at a time: every update starts from the one before it. Validation,
 * hooks, realtime events and the answer are the plain route's; a refusal keeps its own status (404, 400
 * with the fields' errors) instead of the batch's wrapper. Every update the API makes goes through here
 * (no-racy-updates.test.ts keeps it so).
 */
import { ClientResponseError, type PocketBase } from './pb.ts';

export interface UpdateOptions {
  fields?: string;
  expand?: string;
  /** accepted for the plain route's signature; updates are never auto-cancelled */
  requestKey?: string | null;
}

export async function updateRecord<T = Record<string, unknown>>(
  pb: PocketBase,
  collection: string,
  id: string,
  data: Record<string, unknown> | FormData,
  opts: UpdateOptions = {},
): Promise<T> {
  const batch = pb.createBatch();
  const { requestKey: _ignored, ...query } = opts;
  batch.collection(collection).update(id, data, query);
  try {
    const [res] = await batch.send({ requestKey: null });
    return res!.body as T;
  } catch (err) {
    throw unwrapBatchError(err);
  }
}

/** The refusal of the batch's only request, as the plain route would have answered it. */
export function unwrapBatchError(err: unknown): unknown {
  if (!(err instanceof ClientResponseError)) return err;
  const inner = (err.response?.data as { requests?: Record<string, { response?: { status?: number } }> } | undefined)
    ?.requests?.['0']?.response;
  if (!inner || typeof inner.status !== 'number') return err;
  return new ClientResponseError({
    url: err.url,
    status: inner.status,
    response: inner,
    isAbort: false,
    originalError: err,
  });
}
