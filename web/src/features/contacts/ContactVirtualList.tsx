/**
 * A virtualised, server-paged list of contacts (rows of a fixed height, only the visible ones in the
 * DOM, their pages fetched as they come into view), with optional selection checkboxes. Used by the
 * contacts screen and by both panes of a list's members.
 */
import { useStore } from '@nanostores/solid';
import { createVirtualizer } from '@tanstack/solid-virtual';
import { createEffect, For, Index, on, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import type { CrmContact, CrmTag } from './crm.types.ts';
import type { PagedList } from './paged.ts';
import { countryOfDigits, flag } from './phone.ts';
import { $tagsById } from './taxonomy.ts';

const ROW = 72;

export const displayName = (c: Pick<CrmContact, 'name' | 'first_name' | 'last_name' | 'profile_name' | 'phone'>) =>
  c.name || [c.first_name, c.last_name].filter(Boolean).join(' ') || c.profile_name || c.phone;

/** Spaces in a +E.164 number for reading: "+39 340 111 2201" (grouping after the country code is approximate). */
export function prettyPhone(p: string): string {
  const m = /^\+(\d+)$/.exec(p);
  const cc = m ? countryOfDigits(m[1]!) : undefined;
  if (!m || !cc) return p;
  const rest = m[1]!.slice(cc.dial.length);
  const groups =
    rest.length > 7 ? [rest.slice(0, 3), rest.slice(3, 6), rest.slice(6)] : [rest.slice(0, 3), rest.slice(3)];
  return `+${cc.dial} ${groups.filter(Boolean).join(' ')}`;
}

export function StatusBadges(props: { c: CrmContact }) {
  return (
    <>
      <Show when={props.c.deleted_at}>
        <span class="badge-s danger">{t('crm.badge.deleted')}</span>
      </Show>
      <Show when={props.c.blocked}>
        <span class="badge-s danger">{t('crm.badge.blocked')}</span>
      </Show>
      <Show when={!props.c.phone_valid}>
        <span class="badge-s warn">{t('crm.badge.invalid')}</span>
      </Show>
      <Show when={props.c.opted_out_at && !props.c.marketing_allowed}>
        <span class="badge-s">{t('crm.badge.optedOut')}</span>
      </Show>
    </>
  );
}

/** The tags of a contact as chips; `byId` comes from the caller (one store subscription for a whole list). */
export function TagChips(props: { ids: string[]; max?: number; byId: Map<string, CrmTag> }) {
  const tags = () => props.ids.map((id) => props.byId.get(id)).filter((x): x is CrmTag => !!x);
  const max = () => props.max ?? 3;
  return (
    <Show when={tags().length}>
      <span class="crm-row-tags">
        <For each={tags().slice(0, max())}>
          {(tg) => (
            <span class="chip tag" style={tg.color ? { '--tag': tg.color } : undefined}>
              {tg.name}
            </span>
          )}
        </For>
        <Show when={tags().length > max()}>
          <span class="chip">+{tags().length - max()}</span>
        </Show>
      </span>
    </Show>
  );
}

export interface VirtualListProps {
  list: PagedList<CrmContact>;
  label: string;
  testid: string;
  /** selection: checkboxes when given */
  isSelected?: (c: CrmContact) => boolean;
  isDisabled?: (c: CrmContact) => boolean;
  onToggle?: (c: CrmContact) => void;
  /** rows link to the contact page (default) */
  link?: boolean;
  extra?: (c: CrmContact) => JSX.Element;
  empty: JSX.Element;
  error: string;
  onRetry: () => void;
  initialScroll?: number;
  onScroll?: (top: number) => void;
  resetKey?: () => unknown;
}

export function ContactVirtualList(props: VirtualListProps) {
  const state = useStore(props.list.$state);
  const tagsById = useStore($tagsById);
  let el!: HTMLDivElement;
  const virtualizer = createVirtualizer({
    get count() {
      return state().total;
    },
    getScrollElement: () => el,
    estimateSize: () => ROW,
    initialRect: {
      width: typeof window === 'undefined' ? 0 : window.innerWidth,
      height: typeof window === 'undefined' ? 0 : window.innerHeight,
    },
    overscan: 8,
  });

  createEffect(() => {
    const items = virtualizer.getVirtualItems();
    // (useStore updates the state object in place: read the fields that change)
    if (!state().ready || !state().total || !items.length) return;
    void state().pages;
    // fetch a little ahead (and behind) so a steady scroll rarely meets an empty row
    props.list.ensure(Math.max(0, items[0]!.index - 20), items[items.length - 1]!.index + 40);
  });

  onMount(() => {
    if (props.initialScroll) requestAnimationFrame(() => (el.scrollTop = props.initialScroll ?? 0));
  });
  if (props.resetKey) createEffect(on(props.resetKey, () => el && (el.scrollTop = 0), { defer: true }));
  onCleanup(() => props.onScroll?.(el?.scrollTop ?? 0));

  return (
    <div
      class="list-scroll crm-list"
      ref={el}
      role="region"
      aria-busy={state().loading}
      aria-label={props.label}
      data-testid={props.testid}
      onScroll={() => props.onScroll?.(el.scrollTop)}
    >
      <Show when={state().error && !state().total}>
        <div class="empty">
          <p>{props.error}</p>
          <button class="btn" type="button" onClick={() => props.onRetry()}>
            {t('common.retry')}
          </button>
        </div>
      </Show>
      <Show when={state().ready && !state().error && !state().total}>{props.empty}</Show>
      <div role="list" style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative', width: '100%' }}>
        <Index each={virtualizer.getVirtualItems()}>
          {(row) => {
            const c = () => (state().pages, props.list.item(row().index));
            return (
              <div
                role="listitem"
                class="conv-slot"
                style={{ transform: `translateY(${row().start}px)`, height: `${ROW}px` }}
              >
                <Show
                  when={c()}
                  fallback={
                    <div class="crm-row crm-row-loading" aria-hidden="true">
                      <span class="skeleton-avatar" />
                      <span class="skeleton-line" />
                    </div>
                  }
                >
                  {(x) => {
                    const body = (
                      <>
                        <Avatar name={displayName(x())} seed={x().id} size={40} />
                        <span class="crm-row-main">
                          <span class="crm-row-line">
                            <span class="crm-name" data-testid="contact-row-name">
                              {displayName(x())}
                            </span>
                            <StatusBadges c={x()} />
                          </span>
                          <span class="crm-row-line crm-sub">
                            <span class="crm-phone">{prettyPhone(x().phone)}</span>
                            <Show when={x().country}>
                              <span aria-hidden="true">{flag(x().country)}</span>
                            </Show>
                          </span>
                          <TagChips ids={x().tags} max={3} byId={tagsById()} />
                        </span>
                        {props.extra?.(x())}
                      </>
                    );
                    const check = (named: boolean) => (
                      <input
                        type="checkbox"
                        class="crm-checkbox"
                        checked={!!props.isSelected?.(x())}
                        disabled={!!props.isDisabled?.(x())}
                        onChange={() => props.onToggle?.(x())}
                        aria-label={named ? t('crm.list.select', { name: displayName(x()) }) : undefined}
                        data-testid="contact-check"
                      />
                    );
                    const cls = () => ({ selected: !!props.isSelected?.(x()), deleted: !!x().deleted_at });
                    return props.link === false ? (
                      <label class="crm-row crm-row-pick" classList={cls()} data-testid="contact-row" data-id={x().id}>
                        <span class="crm-check">{check(false)}</span>
                        <span class="crm-row-link">{body}</span>
                      </label>
                    ) : (
                      <div class="crm-row" classList={cls()} data-testid="contact-row" data-id={x().id}>
                        <Show when={props.onToggle}>
                          <label class="crm-check">{check(true)}</label>
                        </Show>
                        <a class="crm-row-link" href={`#/contacts/${x().id}`}>
                          {body}
                        </a>
                      </div>
                    );
                  }}
                </Show>
              </div>
            );
          }}
        </Index>
      </div>
    </div>
  );
}
