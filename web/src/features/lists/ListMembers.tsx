/**
 * A list's members, two panes side by side (one at a time on phones): on the left the contacts matching
 * a filter — those already in the list marked — to add one by one or all at once; on the right the
 * members, to remove. Counts follow every change; large additions run as a job with progress.
 */
import { useStore } from '@nanostores/solid';
import { createEffect, createMemo, createSignal, on, onCleanup, onMount, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $session } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { ContactVirtualList } from '../contacts/ContactVirtualList.tsx';
import { crm, watchJob, type Selection } from '../contacts/crm.api.ts';
import type { BulkResult, CrmContact, Job } from '../contacts/crm.types.ts';
import { CrmHeader, crmError, JobProgress, num } from '../contacts/crm-ui.tsx';
import { filterChips, FilterSheet } from '../contacts/FilterSheet.tsx';
import { activeCount, toApiFilter, toQuery, type ContactFilterModel } from '../contacts/filters.ts';
import { CrmIcon } from '../contacts/icons.tsx';
import { createPaged } from '../contacts/paged.ts';
import { $fieldsByKey, $listsById, crmCan, loadLists } from '../contacts/taxonomy.ts';

function SearchBox(props: { value: string; onInput: (v: string) => void; label: string; testid: string }) {
  return (
    <div class="searchbar" role="search">
      <Icon name="search" size={18} />
      <input
        type="search"
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        placeholder={props.label}
        aria-label={props.label}
        data-testid={props.testid}
      />
    </div>
  );
}

export default function ListMembers(props: { id: string }) {
  const session = useStore($session);
  const listsById = useStore($listsById);
  const defs = useStore($fieldsByKey);
  const allowed = () => crmCan.manageTaxonomy(session()?.user);
  const list = () => listsById().get(props.id);
  const candidates = createPaged<CrmContact>(100);
  const members = createPaged<CrmContact>(100);
  const cState = useStore(candidates.$state);
  const mState = useStore(members.$state);
  const [pane, setPane] = createSignal<'candidates' | 'members'>('candidates');
  const [filter, setFilter] = createSignal<ContactFilterModel>({});
  const [cSearch, setCSearch] = createSignal('');
  const [mSearch, setMSearch] = createSignal('');
  const [cSel, setCSel] = createSignal<ReadonlySet<string>>(new Set());
  const [mSel, setMSel] = createSignal<ReadonlySet<string>>(new Set());
  const [inList, setInList] = createSignal<number | null>(null);
  const [filtersOpen, setFiltersOpen] = createSignal(false);
  const [job, setJob] = createSignal<Job | null>(null);
  const [busy, setBusy] = createSignal(false);
  let watcher: ReturnType<typeof watchJob> | undefined;
  onCleanup(() => watcher?.stop());
  onMount(() => !list() && void loadLists());

  const candidateFilter = createMemo(() => ({ ...filter(), q: cSearch().trim() || undefined }));
  const loadCandidates = async (keep = false) => {
    const f = candidateFilter();
    const d = defs();
    setCSel(new Set<string>());
    if (keep) await candidates.reload();
    else
      await candidates.reset(
        (page, perPage, signal) => crm.page(toQuery(f, d, { page, perPage }), signal),
        (signal) => crm.count(toQuery(f, d), signal),
      );
    // how many of them are already members (when the filter does not itself pick lists)
    if (f.lists?.length) setInList(null);
    else crm.count(toQuery({ ...f, lists: [props.id] }, d)).then(setInList, () => setInList(null));
  };
  const loadMembers = async (keep = false) => {
    const q = mSearch().trim();
    setMSel(new Set<string>());
    if (keep) await members.reload();
    else
      await members.reset(
        (page, perPage, signal) => crm.page(toQuery({ lists: [props.id], q }, defs(), { page, perPage }), signal),
        (signal) => crm.count(toQuery({ lists: [props.id], q }, defs()), signal),
      );
  };

  let debounce: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(debounce));
  createEffect(
    on([candidateFilter, defs, () => props.id], () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void loadCandidates(), cSearch() ? 250 : 0);
    }),
  );
  let mDebounce: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(mDebounce));
  createEffect(
    on([mSearch, () => props.id], () => {
      clearTimeout(mDebounce);
      mDebounce = setTimeout(() => void loadMembers(), mSearch() ? 250 : 0);
    }),
  );

  const toggle = (set: () => ReadonlySet<string>, put: (s: ReadonlySet<string>) => void) => (c: CrmContact) => {
    const next = new Set(set());
    if (next.has(c.id)) next.delete(c.id);
    else next.add(c.id);
    put(next);
  };

  const change = async (op: 'add' | 'remove', sel: Selection) => {
    setBusy(true);
    try {
      let res: BulkResult = await crm.members(props.id, op, sel);
      if (res.job) {
        setJob(res.job);
        watcher = watchJob(res.job.id, setJob);
        const done = await watcher.done;
        if (done.state !== 'succeeded')
          toast(
            done.state === 'cancelled'
              ? t('crm.common.jobCancelled')
              : t('crm.common.jobFailed', { error: done.error }),
            'error',
          );
        res = (done.result ?? {}) as BulkResult;
        setJob(null);
      }
      const n = res.changed ?? 0;
      toast(op === 'add' ? (n ? t('crm.picker.added', n) : t('crm.picker.nothingNew')) : t('crm.picker.removed', n));
      await Promise.all([loadCandidates(true), loadMembers(true)]);
      void loadLists(true);
    } catch (err) {
      toast(crmError(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const notInList = () => (inList() === null ? cState().total : Math.max(0, cState().total - inList()!));
  const chips = () => (defs(), filterChips(filter()));

  return (
    <div class="crm-screen">
      <CrmHeader title={list()?.name ?? t('crm.lists.title')} titleId="lm-title" back="/lists">
        <span class="topbar-count" data-testid="members-total">
          {mState().ready && mState().counted && !mSearch() ? t('crm.picker.membersCount', mState().total) : ''}
        </span>
      </CrmHeader>
      <Show when={allowed()} fallback={<p class="pad notice">{t('errors.forbidden')}</p>}>
        <div class="segmented picker-switch" role="radiogroup" aria-label={t('crm.picker.panes')}>
          <button
            type="button"
            role="radio"
            aria-checked={pane() === 'candidates'}
            onClick={() => setPane('candidates')}
            data-testid="pane-candidates"
          >
            {t('crm.picker.candidates')}
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={pane() === 'members'}
            onClick={() => setPane('members')}
            data-testid="pane-members"
          >
            {t('crm.picker.members')}
            {mState().ready && mState().counted && !mSearch() ? ` (${num(mState().total)})` : ''}
          </button>
        </div>
        <main class="crm-main picker" id="main">
          <section
            class="picker-pane"
            classList={{ active: pane() === 'candidates' }}
            aria-labelledby="pane-c-title"
            data-testid="candidates-pane"
          >
            <h2 class="picker-title" id="pane-c-title">
              {t('crm.picker.candidates')}
            </h2>
            <div class="crm-toolbar">
              <SearchBox
                value={cSearch()}
                onInput={setCSearch}
                label={t('crm.list.search')}
                testid="candidates-search"
              />
              <div class="crm-filterbar">
                <button
                  type="button"
                  class="btn small"
                  classList={{ 'btn-on': activeCount(filter()) > 0 }}
                  onClick={() => setFiltersOpen(true)}
                  data-testid="candidates-filters"
                >
                  <CrmIcon name="filter" size={18} /> {t('crm.list.filters')}
                  <Show when={activeCount(filter())}>
                    <span class="badge">{activeCount(filter())}</span>
                  </Show>
                </button>
                <span class="crm-count" role="status" data-testid="candidates-count">
                  {!cState().ready
                    ? ''
                    : !cState().counted
                      ? t('crm.list.counting')
                      : inList() === null
                        ? t('crm.list.count', cState().total)
                        : t('crm.picker.candidatesCount', { n: num(cState().total), m: num(inList()!) })}
                </span>
              </div>
              <Show when={chips().length}>
                <ul class="filter-chips" role="list">
                  {chips().map((c) => (
                    <li class="chip filter-chip">
                      <span>{c.label}</span>
                      <button
                        type="button"
                        class="chip-x"
                        aria-label={t('crm.filter.remove', { what: c.label })}
                        onClick={() => setFilter(c.without(filter()))}
                      >
                        ×
                      </button>
                    </li>
                  ))}
                </ul>
              </Show>
            </div>
            <ContactVirtualList
              list={candidates}
              label={t('crm.picker.candidates')}
              testid="candidates-list"
              link={false}
              isSelected={(c) => c.lists.includes(props.id) || cSel().has(c.id)}
              isDisabled={(c) => c.lists.includes(props.id)}
              onToggle={toggle(cSel, setCSel)}
              extra={(c) =>
                c.lists.includes(props.id) ? <span class="badge-s ok">{t('crm.picker.inList')}</span> : null
              }
              empty={<p class="empty">{t('crm.list.emptyFilter')}</p>}
              error={t('crm.list.loadError')}
              onRetry={() => void loadCandidates()}
              resetKey={() => cState().query}
            />
            <div class="picker-actions">
              <button
                type="button"
                class="btn btn-primary small"
                disabled={busy() || !cSel().size}
                onClick={() => void change('add', { ids: [...cSel()] })}
                data-testid="add-selected"
              >
                {t('crm.picker.addSelected', { n: num(cSel().size) })}
              </button>
              <button
                type="button"
                class="btn small"
                disabled={busy() || !cState().counted || !cState().total || notInList() === 0}
                onClick={() => void change('add', { filter: toApiFilter(candidateFilter(), defs()) })}
                data-testid="add-all"
              >
                {t('crm.picker.addAll', { n: num(notInList()) })}
              </button>
            </div>
          </section>
          <section
            class="picker-pane"
            classList={{ active: pane() === 'members' }}
            aria-labelledby="pane-m-title"
            data-testid="members-pane"
          >
            <h2 class="picker-title" id="pane-m-title">
              {t('crm.picker.members')}
            </h2>
            <div class="crm-toolbar">
              <SearchBox
                value={mSearch()}
                onInput={setMSearch}
                label={t('crm.picker.searchMembers')}
                testid="members-search"
              />
              <div class="crm-filterbar">
                <span class="crm-count" role="status" data-testid="members-count">
                  {!mState().ready
                    ? ''
                    : mState().counted
                      ? t('crm.picker.membersCount', mState().total)
                      : t('crm.list.counting')}
                </span>
              </div>
            </div>
            <ContactVirtualList
              list={members}
              label={t('crm.picker.members')}
              testid="members-list"
              link={false}
              isSelected={(c) => mSel().has(c.id)}
              onToggle={toggle(mSel, setMSel)}
              empty={<p class="empty">{t('crm.picker.noMembers')}</p>}
              error={t('crm.list.loadError')}
              onRetry={() => void loadMembers()}
              resetKey={() => mState().query}
            />
            <div class="picker-actions">
              <button
                type="button"
                class="btn small danger"
                disabled={busy() || !mSel().size}
                onClick={() => void change('remove', { ids: [...mSel()] })}
                data-testid="remove-selected"
              >
                {t('crm.picker.removeSelected', { n: num(mSel().size) })}
              </button>
            </div>
          </section>
        </main>
        <Show when={job()}>
          <div class="picker-job">
            <JobProgress job={job()} onCancel={() => void crm.cancelJob(job()!.id).catch(() => undefined)} />
          </div>
        </Show>
      </Show>
      <Show when={filtersOpen()}>
        <FilterSheet
          value={filter()}
          hideDeleted
          onClose={() => setFiltersOpen(false)}
          onApply={(f) => (setFilter({ ...f, q: undefined }), setFiltersOpen(false))}
        />
      </Show>
    </div>
  );
}
