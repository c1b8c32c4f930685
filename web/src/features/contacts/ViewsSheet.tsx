/** Saved views: apply one, delete your own (admins any), save the current filter as personal or shared. */
import { useStore } from '@nanostores/solid';
import { createResource, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $session, can } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { crm } from './crm.api.ts';
import type { SavedView } from './crm.types.ts';
import { crmError } from './crm-ui.tsx';
import { fromApiFilter, isEmpty, toApiFilter, type ContactFilterModel } from './filters.ts';
import { CrmIcon } from './icons.tsx';
import { $fieldsByKey, crmCan } from './taxonomy.ts';

export function ViewsSheet(props: {
  current: ContactFilterModel;
  onApply: (v: SavedView, f: ContactFilterModel) => void;
  onClose: () => void;
}) {
  const session = useStore($session);
  const me = () => session()?.user;
  const [views, { refetch }] = createResource(() => crm.views());
  const [name, setName] = createSignal('');
  const [shared, setShared] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const canDelete = (v: SavedView) => can.do(me(), 'contact_view.write', { kind: 'owned', owner: v.owner });

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!name().trim()) return;
    setBusy(true);
    try {
      const v = await crm.saveView({
        name: name().trim(),
        filter: toApiFilter(props.current, $fieldsByKey.get()),
        shared: shared(),
      });
      toast(t('crm.views.saved'));
      setName('');
      props.onApply(v, props.current);
    } catch (err) {
      toast(crmError(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const remove = async (v: SavedView) => {
    if (!confirm(t('crm.common.confirmDelete', { name: v.name }))) return;
    try {
      await crm.deleteView(v.id);
      toast(t('crm.views.deleted'));
      void refetch();
    } catch (err) {
      toast(crmError(err), 'error');
    }
  };

  return (
    <Sheet title={t('crm.views.title')} onClose={props.onClose} testid="views-sheet">
      <Show when={views()} fallback={<p class="muted">{views.error ? crmError(views.error) : t('app.loading')}</p>}>
        {(list) => (
          <Show when={list().length} fallback={<p class="muted">{t('crm.views.none')}</p>}>
            <ul class="menu-list" role="list">
              <For each={list()}>
                {(v) => (
                  <li class="view-item" data-testid="view-item" data-name={v.name}>
                    <button
                      type="button"
                      class="menu-item"
                      onClick={() => props.onApply(v, fromApiFilter(v.filter))}
                      aria-label={t('crm.views.apply', { name: v.name })}
                    >
                      <CrmIcon name="bookmark" />
                      <span>{v.name}</span>
                      <span class="chip">{v.shared ? t('crm.views.shared') : t('crm.views.personal')}</span>
                    </button>
                    <Show when={canDelete(v)}>
                      <button
                        type="button"
                        class="icon-btn"
                        aria-label={t('crm.views.delete', { name: v.name })}
                        onClick={() => void remove(v)}
                        data-testid="view-delete"
                      >
                        <Icon name="trash" />
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <form class="card" onSubmit={save} data-testid="view-form">
        <h3>{t('crm.views.save')}</h3>
        <Show when={!isEmpty(props.current)} fallback={<p class="muted small">{t('crm.views.emptyFilter')}</p>}>
          <label class="field">
            <span>{t('crm.views.name')}</span>
            <input
              value={name()}
              onInput={(e) => setName(e.currentTarget.value)}
              maxLength={100}
              required
              data-testid="view-name"
            />
          </label>
          <Show when={crmCan.shareViews(me())}>
            <label class="check">
              <input
                type="checkbox"
                checked={shared()}
                onChange={(e) => setShared(e.currentTarget.checked)}
                data-testid="view-shared"
              />{' '}
              {t('crm.views.share')}
            </label>
          </Show>
          <button type="submit" class="btn btn-primary" disabled={busy() || !name().trim()} data-testid="view-save">
            {t('common.save')}
          </button>
        </Show>
      </form>
    </Sheet>
  );
}
