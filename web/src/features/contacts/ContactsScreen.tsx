/**
 * The contacts list: search, filters (tags, lists, language, phone, consent, blocked, deleted, custom
 * fields — ANDed), saved views, a virtualised server-paged list and bulk actions on a selection or on
 * everything matching the filter. Export for admins and managers.
 */
import { useStore } from '@nanostores/solid';
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $session } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { BulkSheet } from './BulkSheet.tsx';
import { $filter, $sort, $view, contacts, queryContacts, scroll } from './contacts.store.ts';
import { ContactVirtualList } from './ContactVirtualList.tsx';
import { download } from './crm.api.ts';
import { CrmHeader, crmError, CrmTabs, num } from './crm-ui.tsx';
import { filterChips, FilterSheet } from './FilterSheet.tsx';
import { activeCount, isEmpty, sameFilter, toApiFilter, toQuery, type ContactFilterModel } from './filters.ts';
import { CrmIcon } from './icons.tsx';
import { $fieldsByKey, $lists, $tags, crmCan } from './taxonomy.ts';
import { ViewsSheet } from './ViewsSheet.tsx';

export function ContactsScreen() {
  const session = useStore($session);
  const filter = useStore($filter);
  const sort = useStore($sort);
  const view = useStore($view);
  const state = useStore(contacts.$state);
  const fields = useStore($fieldsByKey);
  const tagsVersion = useStore($tags);
  const listsVersion = useStore($lists);
  const me = () => session()?.user;
  const [search, setSearch] = createSignal(filter().q ?? '');
  const [sheet, setSheet] = createSignal<'filters' | 'views' | 'bulk' | null>(null);
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = createSignal(false);
  const [exporting, setExporting] = createSignal(false);
  let debounce: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(debounce));

  const onSearch = (v: string) => {
    setSearch(v);
    clearTimeout(debounce);
    debounce = setTimeout(() => $filter.set({ ...$filter.get(), q: v.trim() || undefined }), 250);
  };

  // a new query when the filter, the sort or the field definitions (custom conditions) change
  // useStore reconciles objects in place: the filter is compared by value
  let first = true;
  createEffect(
    on([() => JSON.stringify(filter()), sort, fields], () => {
      void queryContacts(fields(), { refresh: first });
      if (!first) clearSelection();
      first = false;
    }),
  );

  const toggle = (id: string) => {
    const next = new Set(selected());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
    setAllMatching(false);
  };
  const clearSelection = () => {
    setSelected(new Set<string>());
    setAllMatching(false);
  };
  const count = () => (allMatching() ? state().total : selected().size);
  const selection = () => (allMatching() ? { filter: toApiFilter(filter(), fields()) } : { ids: [...selected()] });

  const exportAll = async () => {
    setExporting(true);
    toast(t('crm.list.exporting'));
    try {
      const q = toQuery(filter(), fields());
      await download(
        `/api/v1/contacts/export${q.size ? `?${q}` : ''}`,
        `contacts-${new Date().toISOString().slice(0, 10)}.csv`,
      );
      toast(t('crm.list.exported'));
    } catch (err) {
      toast(crmError(err), 'error');
    } finally {
      setExporting(false);
    }
  };

  const viewLabel = () => {
    const v = view();
    if (!v) return undefined;
    return sameFilter(v.filter, { ...filter(), q: undefined })
      ? t('crm.views.active', { name: v.name })
      : t('crm.views.modified', { name: v.name });
  };
  const chips = () => (fields(), tagsVersion().length, listsVersion().length, filterChips(filter()));

  return (
    <div class="crm-screen">
      <CrmHeader title={t('crm.list.title')} titleId="contacts-title">
        <Show when={crmCan.importExport(me())}>
          <a
            class="icon-btn"
            href="#/contacts/import"
            aria-label={t('crm.list.import')}
            title={t('crm.list.import')}
            data-testid="contacts-import"
          >
            <CrmIcon name="upload" />
          </a>
          <button
            type="button"
            class="icon-btn"
            aria-label={t('crm.list.exportAll', { n: num(state().total) })}
            title={t('crm.list.export')}
            disabled={exporting()}
            onClick={() => void exportAll()}
            data-testid="contacts-export"
          >
            <Icon name="download" />
          </button>
        </Show>
        <Show when={crmCan.create(me())}>
          <a
            class="icon-btn"
            href="#/contacts/new"
            aria-label={t('crm.list.add')}
            title={t('crm.list.add')}
            data-testid="contacts-add"
          >
            <Icon name="plus" />
          </a>
        </Show>
      </CrmHeader>
      <CrmTabs current="contacts" />
      <main class="crm-main" id="main">
        <div class="crm-toolbar">
          <div class="searchbar" role="search">
            <Icon name="search" size={18} />
            <input
              type="search"
              value={search()}
              onInput={(e) => onSearch(e.currentTarget.value)}
              placeholder={t('crm.list.search')}
              aria-label={t('crm.list.search')}
              data-testid="contacts-search"
              enterkeyhint="search"
            />
            <Show when={search()}>
              <button
                type="button"
                class="icon-btn small"
                aria-label={t('crm.list.clearSearch')}
                onClick={() => onSearch('')}
              >
                <Icon name="close" size={18} />
              </button>
            </Show>
          </div>
          <div class="crm-filterbar">
            <button
              type="button"
              class="btn small"
              classList={{ 'btn-on': activeCount(filter()) > 0 }}
              onClick={() => setSheet('filters')}
              data-testid="open-filters"
            >
              <CrmIcon name="filter" size={18} /> {t('crm.list.filters')}
              <Show when={activeCount(filter())}>
                <span class="badge">{activeCount(filter())}</span>
              </Show>
            </button>
            <button type="button" class="btn small" onClick={() => setSheet('views')} data-testid="open-views">
              <CrmIcon name="bookmark" size={18} /> {t('crm.list.views')}
            </button>
            <span class="crm-count" role="status" data-testid="contacts-count">
              {!state().ready ? '' : state().counted ? t('crm.list.count', state().total) : t('crm.list.counting')}
            </span>
          </div>
          <Show when={viewLabel()}>
            {(l) => (
              <p class="crm-viewline small muted" data-testid="active-view">
                {l()}
              </p>
            )}
          </Show>
          <Show when={chips().length}>
            <ul class="filter-chips" role="list" aria-label={t('crm.filter.active', chips().length)}>
              <For each={chips()}>
                {(c) => (
                  <li class="chip filter-chip">
                    <span>{c.label}</span>
                    <button
                      type="button"
                      class="chip-x"
                      aria-label={t('crm.filter.remove', { what: c.label })}
                      onClick={() => $filter.set(c.without($filter.get()))}
                    >
                      ×
                    </button>
                  </li>
                )}
              </For>
              <li>
                <button
                  type="button"
                  class="btn ghost small"
                  onClick={() => ($filter.set({ q: $filter.get().q }), $view.set(null))}
                  data-testid="clear-filters"
                >
                  {t('crm.common.clearAll')}
                </button>
              </li>
            </ul>
          </Show>
        </div>
        <ContactVirtualList
          list={contacts}
          label={t('crm.list.results')}
          testid="contacts-list"
          isSelected={(c) => allMatching() || selected().has(c.id)}
          isDisabled={() => allMatching()}
          onToggle={crmCan.bulk(me()) ? (c) => toggle(c.id) : undefined}
          empty={
            <p class="empty" data-testid="contacts-empty">
              {isEmpty(filter()) ? t('crm.list.empty') : t('crm.list.emptyFilter')}
            </p>
          }
          error={t('crm.list.loadError')}
          onRetry={() => void contacts.reload()}
          initialScroll={scroll.top}
          onScroll={(top) => (scroll.top = top)}
          resetKey={() => state().query}
        />
        <Show when={count() > 0}>
          <div class="crm-selbar" role="region" aria-label={t('crm.list.bulk')} data-testid="selection-bar">
            <span class="crm-selcount" data-testid="selection-count">
              {allMatching()
                ? t('crm.list.allSelected', { n: num(state().total) })
                : t('crm.list.selected', selected().size)}
            </span>
            <Show when={!allMatching() && state().counted && state().total > selected().size}>
              <button
                type="button"
                class="btn ghost small"
                onClick={() => setAllMatching(true)}
                data-testid="select-all-matching"
              >
                {t('crm.list.selectAll', { n: num(state().total) })}
              </button>
            </Show>
            <span class="crm-selactions">
              <button
                type="button"
                class="btn btn-primary small"
                onClick={() => setSheet('bulk')}
                data-testid="open-bulk"
              >
                {t('crm.list.bulk')}
              </button>
              <button
                type="button"
                class="icon-btn small"
                aria-label={t('crm.list.clearSelection')}
                onClick={clearSelection}
              >
                <Icon name="close" size={18} />
              </button>
            </span>
          </div>
        </Show>
      </main>
      <Show when={sheet() === 'filters'}>
        <FilterSheet
          value={filter()}
          sort={sort()}
          onClose={() => setSheet(null)}
          onApply={(f, s) => {
            $filter.set(f);
            if (s) $sort.set(s);
            setSheet(null);
          }}
        />
      </Show>
      <Show when={sheet() === 'views'}>
        <ViewsSheet
          current={filter()}
          onClose={() => setSheet(null)}
          onApply={(v, f) => {
            // two plain copies: `f` may be the live filter itself (saving the current filters), and
            // useStore reconciles later filters into it in place — the view would follow every change
            const copy = () => JSON.parse(JSON.stringify(f)) as ContactFilterModel;
            $view.set({ id: v.id, name: v.name, filter: copy() });
            $filter.set({ ...copy(), q: $filter.get().q });
            setSheet(null);
          }}
        />
      </Show>
      <Show when={sheet() === 'bulk'}>
        <BulkSheet
          selection={selection()}
          count={count()}
          onClose={() => setSheet(null)}
          onDone={() => {
            clearSelection();
            void contacts.reload();
          }}
        />
      </Show>
    </div>
  );
}
