/** The conversation list: tabs, search, and a virtualised, infinitely paged list that updates live. */
import { useStore } from '@nanostores/solid';
import { createVirtualizer } from '@tanstack/solid-virtual';
import { createEffect, createMemo, createSignal, For, Index, on, onCleanup, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { readJson, writeJson } from '../../lib/storage.ts';
import { route } from '../../router.ts';
import { $now } from '../../stores/now.ts';
import { $session } from '../../stores/session.ts';
import { $teamById } from '../../stores/team.ts';
import { Icon } from '../../ui/Icon.tsx';
import { defaultTab, visibleTabs, type StatusFilter, type Tab } from './conversations.store.ts';
import { ConversationRow } from './ConversationRow.tsx';
import { conversations } from './inbox.ts';

const ROW_HEIGHT = 80;

export function InboxList() {
  const session = useStore($session);
  const list = useStore(conversations.$list);
  const now = useStore($now);
  const team = useStore($teamById);
  const tabs = () => visibleTabs(session()?.user);
  const saved = readJson<{ tab?: Tab; status?: StatusFilter }>('inbox', {});
  const [tab, setTab] = createSignal<Tab>(saved.tab && tabs().includes(saved.tab) ? saved.tab : defaultTab(session()?.user));
  const [status, setStatus] = createSignal<StatusFilter>(saved.status ?? 'open');
  const [search, setSearch] = createSignal('');
  const [query, setQuery] = createSignal('');
  let debounce: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(debounce));

  const onSearch = (v: string) => {
    setSearch(v);
    clearTimeout(debounce);
    debounce = setTimeout(() => setQuery(v.trim()), 250);
  };

  createEffect(
    on([tab, status, query], ([tb, st, q]) => {
      writeJson('inbox', { tab: tb, status: st });
      void conversations.setQuery({ tab: tb, status: st, q });
    }),
  );

  let scrollEl!: HTMLDivElement;
  const virtualizer = createVirtualizer({
    get count() {
      return list().items.length + (list().hasMore ? 1 : 0);
    },
    getScrollElement: () => scrollEl,
    estimateSize: () => ROW_HEIGHT,
    // render the first screenful at once instead of waiting for the ResizeObserver's first report
    initialRect: { width: typeof window === 'undefined' ? 0 : window.innerWidth, height: typeof window === 'undefined' ? 0 : window.innerHeight },
    overscan: 6,
    getItemKey: (i) => list().items[i]?.id ?? `more-${i}`,
  });

  // page in more rows as the end comes into view
  createEffect(() => {
    const items = virtualizer.getVirtualItems();
    const last = items[items.length - 1];
    if (last && last.index >= list().items.length - 8 && list().hasMore && !list().loading) void conversations.loadMore();
  });

  createEffect(on([tab, status, query], () => scrollEl && (scrollEl.scrollTop = 0), { defer: true }));

  const onTabKey = (e: KeyboardEvent) => {
    const all = tabs();
    const i = all.indexOf(tab());
    const next = e.key === 'ArrowRight' ? all[(i + 1) % all.length] : e.key === 'ArrowLeft' ? all[(i - 1 + all.length) % all.length] : undefined;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    (e.currentTarget as HTMLElement).parentElement?.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus();
  };

  /** Names two or more loaded chats share: those rows show the phone, so two "Marco"s are told apart. */
  const sharedNames = createMemo(() => {
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const c of list().items) if (c?.contact_name) (seen.has(c.contact_name) ? twice : seen).add(c.contact_name);
    return twice;
  });

  return (
    <section class="inbox" aria-labelledby="inbox-title">
      <header class="topbar">
        <h1 id="inbox-title" class="topbar-title">{t('inbox.title')}</h1>
        <label class="status-select">
          <span class="sr-only">{t('inbox.statusFilter')}</span>
          <select value={status()} onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)} data-testid="status-filter">
            <option value="open">{t('inbox.open')}</option>
            <option value="closed">{t('inbox.closed')}</option>
          </select>
        </label>
        <a class="icon-btn" href="#/settings" aria-label={t('inbox.settings')} title={t('inbox.settings')} data-testid="open-settings">
          <Icon name="settings" />
        </a>
      </header>
      <div class="searchbar" role="search">
        <Icon name="search" size={18} />
        <input
          type="search"
          value={search()}
          onInput={(e) => onSearch(e.currentTarget.value)}
          placeholder={t('inbox.search')}
          aria-label={t('inbox.search')}
          data-testid="inbox-search"
          enterkeyhint="search"
        />
        <Show when={search()}>
          <button type="button" class="icon-btn small" aria-label={t('inbox.clearSearch')} onClick={() => onSearch('')}>
            <Icon name="close" size={18} />
          </button>
        </Show>
      </div>
      <div class="tabs" role="tablist" aria-label={t('inbox.tabs')}>
        <For each={tabs()}>
          {(tb) => (
            <button
              type="button"
              role="tab"
              class="tab"
              data-tab={tb}
              data-testid={`tab-${tb}`}
              aria-selected={tab() === tb}
              aria-controls="conversation-list"
              tabindex={tab() === tb ? 0 : -1}
              onClick={() => setTab(tb)}
              onKeyDown={onTabKey}
            >
              {t(`inbox.${tb}`)}
            </button>
          )}
        </For>
      </div>
      <div class="list-scroll" ref={scrollEl} id="conversation-list" role="tabpanel" aria-label={t('inbox.count', list().total)} aria-busy={list().loading} data-testid="conversation-list">
        <Show when={list().error && !list().items.length}>
          <div class="empty">
            <p>{t('inbox.loadError')}</p>
            <button class="btn" type="button" onClick={() => void conversations.reload()}>{t('common.retry')}</button>
          </div>
        </Show>
        <Show when={!list().loading && !list().error && !list().items.length}>
          <p class="empty" data-testid="inbox-empty">{query() ? t('inbox.emptySearch', { q: query() }) : t('inbox.empty')}</p>
        </Show>
        <div role="list" style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative', width: '100%' }}>
          <Index each={virtualizer.getVirtualItems()}>
            {(row) => (
              <div role="listitem" class="conv-slot" style={{ transform: `translateY(${row().start}px)`, height: `${ROW_HEIGHT}px` }}>
                <Show when={list().items[row().index]} fallback={<div class="conv-loading">{t('inbox.loadingMore')}</div>}>
                  {(c) => <ConversationRow c={c()} active={route().chatId === c().id} now={now()} me={session()?.user.id ?? ''} team={team()} twin={sharedNames().has(c().contact_name)} />}
                </Show>
              </div>
            )}
          </Index>
        </div>
      </div>
    </section>
  );
}
