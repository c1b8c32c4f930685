/**
 * Bulk actions on the selected contacts or on all matching the filter: tag, untag, add to / remove
 * from a list, block, unblock, delete, restore, export. More than 1,000 contacts run as a job on the
 * server; its progress is followed here (and it keeps running if the sheet is closed).
 */
import { useStore } from '@nanostores/solid';
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $session } from '../../stores/session.ts';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { crm, download, exportIds, watchJob, type BulkAction, type Selection } from './crm.api.ts';
import type { Job } from './crm.types.ts';
import { crmError, JobProgress, num } from './crm-ui.tsx';
import { $lists, $tags, crmCan } from './taxonomy.ts';

type Action = BulkAction | 'export';

export function BulkSheet(props: { selection: Selection; count: number; onDone: () => void; onClose: () => void }) {
  const session = useStore($session);
  const tags = useStore($tags);
  const lists = useStore($lists);
  const me = () => session()?.user;
  const actions = (): Action[] => {
    const a: Action[] = ['tag', 'untag', 'add_to_list', 'remove_from_list', 'block', 'unblock'];
    if (crmCan.bulkDelete(me())) a.push('delete', 'restore');
    if (crmCan.importExport(me())) a.push('export');
    return a;
  };
  const [action, setAction] = createSignal<Action>('tag');
  const [ref, setRef] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [job, setJob] = createSignal<Job | null>(null);
  const [result, setResult] = createSignal<{ matched: number; changed: number } | null>(null);
  let watcher: ReturnType<typeof watchJob> | undefined;
  onCleanup(() => watcher?.stop());

  const needsTag = () => action() === 'tag' || action() === 'untag';
  const needsList = () => action() === 'add_to_list' || action() === 'remove_from_list';
  const ready = () => !busy() && (!needsTag() && !needsList() ? true : !!ref());
  const all = () => 'filter' in props.selection;

  const apply = async (e: SubmitEvent) => {
    e.preventDefault();
    const a = action();
    if (a === 'delete' && !confirm(t('crm.bulk.confirmDelete', { n: num(props.count) }))) return;
    setBusy(true);
    setResult(null);
    try {
      if (a === 'export') {
        const name = `contacts-${new Date().toISOString().slice(0, 10)}.csv`;
        if ('ids' in props.selection) await exportIds(props.selection.ids, name);
        else await download('/api/v1/contacts/export', name, { filter: props.selection.filter });
        toast(t('crm.list.exported'));
        props.onClose();
        return;
      }
      const res = await crm.bulk(a, props.selection, needsTag() ? { tag: ref() } : needsList() ? { list: ref() } : {});
      if (res.job) {
        setJob(res.job);
        watcher = watchJob(res.job.id, setJob);
        const done = await watcher.done;
        const r = (done.result ?? {}) as { matched?: number; changed?: number };
        if (done.state === 'succeeded') setResult({ matched: r.matched ?? 0, changed: r.changed ?? 0 });
        else
          toast(
            done.state === 'cancelled'
              ? t('crm.common.jobCancelled')
              : t('crm.common.jobFailed', { error: done.error }),
            'error',
          );
      } else {
        setResult({ matched: res.matched ?? 0, changed: res.changed ?? 0 });
      }
      props.onDone();
    } catch (err) {
      toast(crmError(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet title={t('crm.bulk.title')} onClose={props.onClose} testid="bulk-sheet">
      <form class="bulk-form" onSubmit={apply}>
        <p class="notice" data-testid="bulk-target">
          {all() ? t('crm.bulk.targetAll', { n: num(props.count) }) : t('crm.bulk.target', props.count)}
        </p>
        <fieldset class="filter-group">
          <legend>{t('crm.bulk.action')}</legend>
          <div class="radio-list">
            <For each={actions()}>
              {(a) => (
                <label class="check">
                  <input
                    type="radio"
                    name="bulk-action"
                    value={a}
                    checked={action() === a}
                    onChange={() => (setAction(a), setRef(''), setResult(null))}
                    data-testid={`bulk-${a}`}
                  />
                  {t(`crm.bulk.${a}`)}
                </label>
              )}
            </For>
          </div>
        </fieldset>
        <Show when={needsTag()}>
          <Show when={tags().length} fallback={<p class="notice notice-warn">{t('crm.bulk.noTags')}</p>}>
            <label class="field">
              <span>{t('crm.bulk.chooseTag')}</span>
              <select value={ref()} onChange={(e) => setRef(e.currentTarget.value)} required data-testid="bulk-ref">
                <option value="">{t('crm.bulk.choose')}</option>
                <For each={tags()}>{(x) => <option value={x.id}>{x.name}</option>}</For>
              </select>
            </label>
          </Show>
        </Show>
        <Show when={needsList()}>
          <Show when={lists().length} fallback={<p class="notice notice-warn">{t('crm.bulk.noLists')}</p>}>
            <label class="field">
              <span>{t('crm.bulk.chooseList')}</span>
              <select value={ref()} onChange={(e) => setRef(e.currentTarget.value)} required data-testid="bulk-ref">
                <option value="">{t('crm.bulk.choose')}</option>
                <For each={lists()}>{(x) => <option value={x.id}>{x.name}</option>}</For>
              </select>
            </label>
          </Show>
        </Show>
        <Show when={all() && props.count > 1000 && action() !== 'export'}>
          <p class="muted small">{t('crm.bulk.asJob')}</p>
        </Show>
        <Show when={job() && busy()}>
          <JobProgress job={job()} onCancel={() => void crm.cancelJob(job()!.id).catch(() => undefined)} />
        </Show>
        <Show when={result()}>
          {(r) => (
            <p class="notice notice-ok" role="status" data-testid="bulk-result">
              {t('crm.bulk.result', { changed: num(r().changed), matched: num(r().matched) })}
            </p>
          )}
        </Show>
        <div class="row-actions">
          <button type="submit" class="btn btn-primary" disabled={!ready()} data-testid="bulk-apply">
            {busy() ? t('crm.common.working') : t('crm.bulk.apply')}
          </button>
          <Show when={result()}>
            <button type="button" class="btn" onClick={() => props.onClose()}>
              {t('common.close')}
            </button>
          </Show>
        </div>
      </form>
    </Sheet>
  );
}
