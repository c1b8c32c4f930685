/** The conversation list: tabs, search, and a virtualised, infinitely paged list that updates live. */
import { useStore } from '@nanostores/solid';
import { createVirtualizer } from '@tanstack/solid-virtual';
import { createEffect, createMemo, createSignal, For, Index, lazy, on, onCleanup, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { readJson, writeJson } from '../../lib/storage.ts';
import { route } from '../../router.ts';
import { $now } from '../../stores/now.ts';
import { $session, can } from '../../stores/session.ts';
import { $teamById } from '../../stores/team.ts';
import { Icon } from '../../ui/Icon.tsx';
import { defaultTab, visibleTabs, type StatusFilter, type Tab } from './conversations.store.ts';
import { ConversationRow } from './ConversationRow.tsx';
import { BusinessHoursBadge } from '../calendar/BusinessHoursBadge.tsx';
import { $counts } from './counts.ts';
import '../../styles/counts.css';
import { conversations } from './inbox.ts';
import { SandboxBadge } from '../numbers/SandboxBadge.tsx';
import { SetupBanner } from '../numbers/SetupChecklist.tsx';
import { $numbers, $numbersById, numberLabel, numbersReady } from '../numbers/numbers.store.ts';

const NewChat = lazy(() => import('./NewChat.tsx'));

const ROW_HEIGHT = 80;
/** the first screen of this page load decides once where an operator lands (see below) */
let landed = false;

export function InboxList() {
  const session = useStore($session);
  const list = useStore(conversations.$list);
  const now = useStore($now);
  const team = useStore($teamById);
  const counts = useStore($counts);
  /** the counts shown on tabs: what waits to be picked up, and what is unread */
  const tabCount = (tb: Tab) =>
    (tb === 'unassigned' ? counts()?.unassigned : tb === 'unread' ? counts()?.unread : undefined) ?? 0;
  const tabs = () => visibleTabs(session()?.user);
  const saved = readJson<{ tab?: Tab; status?: StatusFilter }>('inbox', {});
  const [tab, setTab] = createSignal<Tab>(
    saved.tab && tabs().includes(saved.tab) ? saved.tab : defaultTab(session()?.user),
  );
  const [status, setStatus] = createSignal<StatusFilter>(saved.status ?? 'open');
  const [search, setSearch] = createSignal('');
  const [query, setQuery] = createSignal('');
  // several business numbers: filter and label chats by number (one number: nothing changes)
  const numbers = useStore($numbers);
  const numbersById = useStore($numbersById);
  const [number, setNumber] = createSignal('');
  const [newChat, setNewChat] = createSignal(false);
  const [numbersKnown, setNumbersKnown] = createSignal(false);
  void numbersReady.then(() => setNumbersKnown(true));
  let debounce: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(debounce));

  const onSearch = (v: string) => {
    setSearch(v);
    clearTimeout(debounce);
    debounce = setTimeout(() => setQuery(v.trim()), 250);
  };

  // An operator who may pick up unassigned chats and has none of their own lands on "Unassigned"
  // (decided once per page load, from the server's answer for "Mine"; not remembered as their choice).
  const [landing, setLanding] = createSignal(!landed && tab() === 'mine' && tabs().includes('unassigned'));
  let autoTab = false;
  createEffect(
    on([tab, status, query, number], ([tb, st, q, num]) => {
      if (!autoTab) writeJson('inbox', { tab: tb, status: st });
      autoTab = false;
      const loaded = numbersReady.then(() =>
        conversations.setQuery({ tab: tb, status: st, q, ...(num ? { number: num } : {}) }),
      );
      if (!landing()) return;
      landed = true;
      void loaded.then(() => {
        const s = conversations.$list.get();
        if (tab() === 'mine' && s.query.tab === 'mine' && !s.error && !s.loading && s.total === 0) {
          autoTab = true;
          setTab('unassigned');
        }
        setLanding(false);
      });
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
    initialRect: {
      width: typeof window === 'undefined' ? 0 : window.innerWidth,
      height: typeof window === 'undefined' ? 0 : window.innerHeight,
    },
    overscan: 6,
    getItemKey: (i) => list().items[i]?.id ?? `more-${i}`,
  });

  // page in more rows as the end comes into view
  createEffect(() => {
    const items = virtualizer.getVirtualItems();
    const last = items[items.length - 1];
    if (last && last.index >= list().items.length - 8 && list().hasMore && !list().loading)
      void conversations.loadMore();
  });

  createEffect(on([tab, status, query, number], () => scrollEl && (scrollEl.scrollTop = 0), { defer: true }));

  const onTabKey = (e: KeyboardEvent) => {
    const all = tabs();
    const i = all.indexOf(tab());
    const next =
      e.key === 'ArrowRight'
        ? all[(i + 1) % all.length]
        : e.key === 'ArrowLeft'
          ? all[(i - 1 + all.length) % all.length]
          : undefined;
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
        <div class="topbar-heading">
          <h1 id="inbox-title" class="topbar-title">
            {t('inbox.title')}
          </h1>
          <SandboxBadge />
        </div>
        <Show when={can.send(session()?.user)}>
          <button
            type="button"
            class="icon-btn"
            aria-label={t('numbers.newChat.button')}
            title={t('numbers.newChat.button')}
            onClick={() => setNewChat(true)}
            data-testid="new-chat-button"
          >
            <Icon name="plus" />
          </button>
        </Show>
        <label class="status-select">
          <span class="sr-only">{t('inbox.statusFilter')}</span>
          <select
            value={status()}
            onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)}
            data-testid="status-filter"
          >
            <option value="open">{t('inbox.open')}</option>
            <option value="closed">{t('inbox.closed')}</option>
          </select>
        </label>
        <a
          class="icon-btn"
          href="#/settings"
          aria-label={t('inbox.settings')}
          title={t('inbox.settings')}
          data-testid="open-settings"
        >
          <Icon name="settings" />
        </a>
      </header>
      <BusinessHoursBadge />
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
      <Show when={numbers().length > 1}>
        <label class="number-filter">
          <span>{t('numbers.numberFilter')}</span>
          <select value={number()} onChange={(e) => setNumber(e.currentTarget.value)} data-testid="number-filter">
            <option value="">{t('numbers.allNumbers')}</option>
            <For each={numbers()}>{(n) => <option value={n.id}>{numberLabel(n)}</option>}</For>
          </select>
        </label>
      </Show>
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
              <Show when={tabCount(tb) > 0}>
                {' '}
                <span class="tab-count" data-testid={`tab-count-${tb}`} aria-hidden="true">
                  {tabCount(tb)}
                </span>
                <span class="sr-only">{t('own.tabCount', tabCount(tb))}</span>
              </Show>
            </button>
          )}
        </For>
      </div>
      <div
        class="list-scroll"
        ref={scrollEl}
        id="conversation-list"
        role="tabpanel"
        aria-label={t('inbox.count', list().total)}
        aria-busy={list().loading}
        data-testid="conversation-list"
      >
        <Show when={list().error && !list().items.length}>
          <div class="empty">
            <p>{t('inbox.loadError')}</p>
            <button class="btn" type="button" onClick={() => void conversations.reload()}>
              {t('common.retry')}
            </button>
          </div>
        </Show>
        <Show when={numbersKnown() && !landing() && !list().loading && !list().error && !list().items.length}>
          <p class="empty" data-testid="inbox-empty">
            {query() ? t('inbox.emptySearch', { q: query() }) : t('inbox.empty')}
          </p>
        </Show>
        <div role="list" style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative', width: '100%' }}>
          <Index each={virtualizer.getVirtualItems()}>
            {(row) => (
              <div
                role="listitem"
                class="conv-slot"
                style={{ transform: `translateY(${row().start}px)`, height: `${ROW_HEIGHT}px` }}
              >
                <Show
                  when={list().items[row().index]}
                  fallback={<div class="conv-loading">{t('inbox.loadingMore')}</div>}
                >
                  {(c) => (
                    <ConversationRow
                      c={c()}
                      active={route().chatId === c().id}
                      now={now()}
                      me={session()?.user.id ?? ''}
                      team={team()}
                      numberName={numbers().length > 1 ? numberLabel(numbersById().get(c().wa_number)) : undefined}
                      twin={sharedNames().has(c().contact_name)}
                    />
                  )}
                </Show>
              </div>
            )}
          </Index>
        </div>
      </div>
      {/* below the list: appearing late, it never moves the rows */}
      <SetupBanner />
      <Show when={newChat()}>
        <NewChat onClose={() => setNewChat(false)} />
      </Show>
    </section>
  );
}
