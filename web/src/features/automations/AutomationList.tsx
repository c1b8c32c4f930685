/**
 * The automations list: a card per automation with what starts it, its state, how many contacts are inside,
 * an on/off switch, and duplicate / delete (asked first). Activating from here can be refused by the server
 * (an incomplete flow, a phrase another automation uses): the toast says why and the builder shows where.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { Confirm } from '../campaigns/cmp-ui.tsx';
import { loadTaxonomy } from '../contacts/taxonomy.ts';
import { automationsApi } from './automations.api.ts';
import type { Automation } from './automations.types.ts';
import { AutoHeader, StateBadge, triggerText } from './auto-ui.tsx';

export function ActiveSwitch(props: { a: Automation; onChange: (a: Automation) => void }) {
  const [busy, setBusy] = createSignal(false);
  const flip = async () => {
    setBusy(true);
    try {
      const next = await automationsApi.act(props.a.id, props.a.active ? 'pause' : 'activate');
      props.onChange(next);
      toast(next.active ? t('auto.done.activate') : t('auto.done.pause'));
    } catch (err) {
      toast(errorText(err), 'error', 8000);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      role="switch"
      class="auto-switch"
      aria-checked={props.a.active}
      disabled={busy()}
      onClick={() => void flip()}
      data-testid="auto-toggle"
    >
      <span class="auto-switch-track" aria-hidden="true" />
      <span>{t('auto.active')}</span>
      <span class="sr-only">: {props.a.name}</span>
    </button>
  );
}

export function AutomationList() {
  const [items, { mutate, refetch }] = createResource(() => automationsApi.list());
  const [deleting, setDeleting] = createSignal<Automation | null>(null);
  void loadTaxonomy().catch(() => undefined);
  const replace = (a: Automation) => mutate((xs) => xs?.map((x) => (x.id === a.id ? a : x)));

  const duplicate = async (a: Automation) => {
    try {
      const copy = await automationsApi.act(a.id, 'duplicate');
      toast(t('auto.done.duplicate'));
      navigate(`/automations/${copy.id}`);
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  return (
    <>
      <AutoHeader title={t('auto.title')}>
        <a class="btn small cmp-new" href="#/automations/new" data-testid="auto-new">
          <Icon name="plus" size={18} />
          {t('auto.newAutomation')}
        </a>
      </AutoHeader>
      <main class="tpl-main" id="main">
        <div class="cmp-page">
          <p class="muted">{t('auto.intro')}</p>
          <Show when={!items.error} fallback={<p class="notice notice-warn">{t('auto.loadError')}</p>}>
            <Show when={items()} fallback={<p class="muted">{t('app.loading')}</p>}>
              <Show when={items()?.length} fallback={<p class="empty">{t('auto.empty')}</p>}>
                <ul class="cmp-cards auto-cards" role="list" data-testid="auto-list">
                  <For each={items()}>
                    {(a) => (
                      <li class="card auto-card" data-testid="auto-card" data-name={a.name} data-state={a.state}>
                        <a href={`#/automations/${a.id}`} class="auto-card-link" data-testid="auto-open">
                          <span class="cmp-card-head">
                            <strong class="cmp-card-name">{a.name}</strong>
                            <StateBadge state={a.state} />
                          </span>
                          <span class="small auto-card-trigger" data-testid="auto-trigger-summary">
                            {triggerText(a.trigger)}
                          </span>
                          <span class="small muted" data-testid="auto-running">
                            {t('auto.running', a.running)}
                            <Show when={a.paused_reason}>
                              {' · '}
                              {t('auto.pausedReason', { reason: a.paused_reason })}
                            </Show>
                          </span>
                        </a>
                        <div class="auto-card-actions" role="group" aria-label={t('auto.actionsFor', { name: a.name })}>
                          <ActiveSwitch a={a} onChange={replace} />
                          <span class="cmp-spacer" />
                          <a class="btn small ghost" href={`#/automations/${a.id}/report`} data-testid="auto-report">
                            {t('auto.report.open')}
                          </a>
                          <button
                            type="button"
                            class="icon-btn"
                            title={t('auto.duplicate')}
                            aria-label={t('auto.duplicateNamed', { name: a.name })}
                            onClick={() => void duplicate(a)}
                            data-testid="auto-duplicate"
                          >
                            <Icon name="copy" size={20} />
                          </button>
                          <button
                            type="button"
                            class="icon-btn auto-danger"
                            title={t('auto.delete')}
                            aria-label={t('auto.deleteNamed', { name: a.name })}
                            onClick={() => setDeleting(a)}
                            data-testid="auto-delete"
                          >
                            <Icon name="trash" size={20} />
                          </button>
                        </div>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </Show>
          </Show>
        </div>
      </main>
      <Show when={deleting()} keyed>
        {(a) => (
          <Confirm
            text={a.running ? t('auto.confirmDeleteRunning', a.running) : t('auto.confirmDelete', { name: a.name })}
            action={t('auto.delete')}
            danger
            onClose={() => setDeleting(null)}
            onConfirm={async () => {
              try {
                await automationsApi.remove(a.id);
                toast(t('auto.done.delete'));
                await refetch();
              } catch (err) {
                toast(errorText(err), 'error');
              }
            }}
          />
        )}
      </Show>
    </>
  );
}
