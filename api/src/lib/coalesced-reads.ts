/**
 * Reads of "the rows whose `field` is this value" asked for within a few milliseconds of each other go to
 * the store as one query (DataLoader's batching, no cache). A campaign hands two dozen recipients to the
 * send path at once; each reads its contact, its chat and its template: that was three store reads per
 * message, now three per batch. Nothing is remembered: every answer comes from a read started after it
 * was asked for, so it is as fresh as a read of its own (the send checks rely on that: consent, blocks,
 * a template paused by Meta).
 */
import DataLoader from 'dataloader';
import type { PocketBase } from './pb.ts';
import { rowsWhereAnyOf } from './pb-any-of.ts';

/** how long a read waits for others to join it */
const WINDOW_MS = 2;
/** values per batch (rowsWhereAnyOf splits them into filters within PocketBase's limits) */
const MAX_BATCH = 300;

export type RowsBy<T> = (value: string) => Promise<T[]>;

/**
 * `read(value)` answers the rows of `collection` whose `field` equals `value` (with `extra` ANDed),
 * batched with the reads asked for alongside it.
 */
export function coalescedRowsBy<T extends object>(
  pb: PocketBase,
  collection: string,
  field: string,
  opts: { extra?: string; fields?: string; windowMs?: number } = {},
): RowsBy<T> {
  const loader = new DataLoader<string, T[]>(
    async (values) => {
      const rows = await rowsWhereAnyOf<T>(pb, collection, field, values, {
        ...(opts.extra ? { extra: opts.extra } : {}),
        ...(opts.fields ? { fields: opts.fields } : {}),
      });
      const by = new Map<string, T[]>();
      for (const r of rows) {
        const k = String((r as Record<string, unknown>)[field] ?? '');
        const list = by.get(k);
        if (list) list.push(r);
        else by.set(k, [r]);
      }
      return values.map((v) => by.get(v) ?? []);
    },
    {
      cache: false,
      maxBatchSize: MAX_BATCH,
      batchScheduleFn: (run) => setTimeout(run, opts.windowMs ?? WINDOW_MS),
    },
  );
  return (value) => loader.load(value);
}
