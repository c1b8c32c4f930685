/**
 * On a contact's page (admins and managers): the automations the contact is inside now, and the way out —
 * of one, or of all (their pending steps do not run).
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { toast } from '../../ui/toast.ts';
import { Confirm } from '../campaigns/cmp-ui.tsx';
import { automationsApi } from './automations.api.ts';

export function ContactAutomations(props: { contactId: string }) {
  const [runs, { refetch }] = createResource(
    () => props.contactId,
    async (id) => {
      const [mine, all] = await Promise.all([automationsApi.runsOf(id), automationsApi.list()]);
      const names = new Map(all.map((a) => [a.id, a.name]));
      return mine.filter((r) => r.open_key).map((r) => ({ ...r, name: names.get(r.automation) ?? '' }));
    },
  );
  const [leaving, setLeaving] = createSignal<{ automation?: string; name: string } | null>(null);
  const exit = async (automation?: string) => {
    try {
      const r = await automationsApi.exit(props.contactId, automation);
      toast(t('auto.contact.exited', r.ended));
      await refetch();
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), 'error');
    }
  };
  return (
    <section class="card cp-card" aria-labelledby="cp-automations" data-testid="cp-automations">
      <h2 id="cp-automations" class="cp-card-title">
        {t('auto.contact.title')}
      </h2>
      <Show when={runs()?.length} fallback={<p class="muted small">{t('auto.contact.none')}</p>}>
        <ul class="consent-history">
          <For each={runs()}>
            {(r) => (
              <li
                class="consent-item"
                style={{ display: 'flex', 'justify-content': 'space-between', 'align-items': 'center', gap: '.5rem' }}
              >
                <span>
                  <a href={`#/automations/${r.automation}`}>{r.name || t('auto.contact.unnamed')}</a>
                  <span class="muted">
                    {' '}
                    · {t(`auto.contact.state.${r.state === 'held' ? 'running' : (r.state as 'running')}`)}
                  </span>
                </span>
                <button
                  type="button"
                  class="btn ghost small"
                  onClick={() => setLeaving({ automation: r.automation, name: r.name })}
                >
                  {t('auto.contact.exit')}
                </button>
              </li>
            )}
          </For>
        </ul>
        <Show when={(runs()?.length ?? 0) > 1}>
          <button type="button" class="btn btn-danger small" onClick={() => setLeaving({ name: '' })}>
            {t('auto.contact.exitAll')}
          </button>
        </Show>
      </Show>
      <Show when={leaving()} keyed>
        {(l) => (
          <Confirm
            text={l.automation ? t('auto.contact.confirmOne', { name: l.name }) : t('auto.contact.confirmAll')}
            action={t('auto.contact.exit')}
            danger
            onClose={() => setLeaving(null)}
            onConfirm={() => exit(l.automation)}
          />
        )}
      </Show>
    </section>
  );
}
