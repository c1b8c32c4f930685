/**
 * "The rows whose `field` is one of these values", for batched lookups (a chunk's wamids, a page's ids).
 *
 * PocketBase refuses a filter longer than 3,500 characters or with more than 200 expressions (its
 * search provider's MaxFilterLength / DefaultFilterExprLimit) with a 400. Slicing by a fixed count is
 * not enough: 100 real WhatsApp wamids (about 60 characters each) make an 8,000-character filter. The
 * values are bound with pb.filter and packed into as few filters as fit both limits, which are queried
 * concurrently (one round-trip of latency).
 */
import type { PocketBase } from './pb.ts';

/** below PocketBase's 3,500 so an `extra` condition and the parentheses always fit */
export const MAX_FILTER_CHARS = 3000;
/** PocketBase's default is 200 expressions per filter */
export const MAX_FILTER_TERMS = 150;

/** The values as `(field = 'a' || field = 'b' …)` filters, each within PocketBase's limits (with `extra` ANDed). */
export function anyOfFilters(pb: PocketBase, field: string, values: readonly string[], extra = ''): string[] {
  const tail = extra ? ` && (${extra})` : '';
  const budget = MAX_FILTER_CHARS - tail.length - 2;
  if (budget < 100) throw new Error(`anyOfFilters: the extra condition is too long (${extra.length} characters)`);
  const out: string[] = [];
  let terms: string[] = [];
  let length = 0;
  const flush = () => {
    if (terms.length) out.push(`(${terms.join(' || ')})${tail}`);
    terms = [];
    length = 0;
  };
  for (const v of new Set(values)) {
    const term = pb.filter(`${field} = {:v}`, { v });
    if (term.length > budget) throw new Error(`anyOfFilters: a ${field} value is too long to look up`);
    if (terms.length && (length + term.length + 4 > budget || terms.length >= MAX_FILTER_TERMS)) flush();
    length += term.length + (terms.length ? 4 : 0);
    terms.push(term);
  }
  flush();
  return out;
}

/**
 * The rows of `collection` whose `field` is any of `values` (all pages; `extra` narrows them).
 *
 * `fields` is for few fields of big rows only: PocketBase answers it by marshalling each record to JSON,
 * parsing it back into a map, picking and marshalling again (tools/picker) — 60 % of its list handler's
 * CPU in the campaign bench, where the hot reads asked for most of a small row anyway. And with an `extra`
 * condition on an indexed column, SQLite may walk that index instead of the ids (see query-plans.test.ts).
 */
export async function rowsWhereAnyOf<T>(
  pb: PocketBase,
  collection: string,
  field: string,
  values: readonly string[],
  opts: { extra?: string; fields?: string } = {},
): Promise<T[]> {
  if (!values.length) return [];
  const filters = anyOfFilters(pb, field, values, opts.extra);
  const pages = await Promise.all(
    filters.map((filter) =>
      pb.collection(collection).getFullList<T>({
        filter,
        batch: 500,
        requestKey: null,
        ...(opts.fields ? { fields: opts.fields } : {}),
      }),
    ),
  );
  return pages.flat();
}
