/**
 * The contacts list's state, kept for the whole session (back from a contact returns to the same
 * filter and place): the filter, the sort, the saved view it came from, and the server-paged rows.
 */
import { atom } from 'nanostores';
import { readJson, writeJson } from '../../lib/storage.ts';
import { crm } from './crm.api.ts';
import type { CrmContact, FieldDef } from './crm.types.ts';
import { normalize, toQuery, type ContactFilterModel, type Sort } from './filters.ts';
import { createPaged } from './paged.ts';

const saved = readJson<{
  filter?: ContactFilterModel;
  sort?: Sort;
  view?: { id: string; name: string; filter: ContactFilterModel } | null;
}>('contacts', {});

export const $filter = atom<ContactFilterModel>(normalize(saved.filter ?? {}));
export const $sort = atom<Sort>(saved.sort ?? '-created');
/** the saved view last applied (the filter may have been changed since) */
export const $view = atom<{ id: string; name: string; filter: ContactFilterModel } | null>(saved.view ?? null);
export const contacts = createPaged<CrmContact>(100);
export const scroll = { top: 0 };

const persist = () =>
  writeJson('contacts', { filter: { ...$filter.get(), q: undefined }, sort: $sort.get(), view: $view.get() });
$filter.listen(persist);
$sort.listen(persist);
$view.listen(persist);

let lastKey: string | null = null;

/**
 * Loads the list for the current filter and sort: a new query when they changed, else (refresh) the
 * same rows again, keeping the place — coming back from a contact shows what changed there.
 */
export function queryContacts(defs: Map<string, FieldDef>, opts: { refresh?: boolean } = {}): Promise<void> {
  const f = $filter.get();
  const sort = $sort.get();
  const key = `${toQuery(f, defs, { sort })}`;
  if (key === lastKey) {
    const st = contacts.$state.get();
    // not ready: the request for this very query is on its way
    return st.ready && (opts.refresh || st.error) ? contacts.reload() : Promise.resolve();
  }
  lastKey = key;
  return contacts.reset(
    (page, perPage, signal) => crm.page(toQuery(f, defs, { sort, page, perPage }), signal),
    (signal) => crm.count(toQuery(f, defs), signal),
  );
}
