/**
 * The getting-started checklist: a one-line banner on the admin's inbox (until everything is done or it
 * is hidden) and the full list in Settings → Getting started, where it can be shown on the inbox again.
 */
import { useStore } from '@nanostores/solid';
import { For, onMount, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $session, can } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { $checklist, loadChecklist, setDismissed, type Checklist } from './setup.store.ts';
import '../../styles/numbers.css';

const counts = (l: Checklist | null | undefined) => {
  const steps = l?.steps ?? [];
  return { done: steps.filter((s) => s.done).length, total: steps.length };
};

const toggle = (dismissed: boolean) => setDismissed(dismissed).catch((err) => toast(errorText(err), 'error'));

export function SetupBanner() {
  const session = useStore($session);
  const list = useStore($checklist);
  onMount(() => {
    if (can.do(session()?.user, 'numbers.setup')) void loadChecklist();
  });
  const visible = () =>
    can.do(session()?.user, 'numbers.setup') && list() && !list()!.dismissed && list()!.steps.some((s) => !s.done);
  return (
    <Show when={visible()}>
      <div class="setup-banner" data-testid="setup-banner">
        <a href="#/settings/setup" class="setup-banner-link">
          <Icon name="check" size={18} />
          <span>{t('numbers.setup.banner', counts(list()))}</span>
        </a>
        <button
          type="button"
          class="icon-btn small"
          aria-label={t('numbers.setup.dismiss')}
          title={t('numbers.setup.dismiss')}
          onClick={() => void toggle(true)}
          data-testid="setup-dismiss"
        >
          <Icon name="close" size={18} />
        </button>
      </div>
    </Show>
  );
}

export default function SetupChecklistPage() {
  const list = useStore($checklist);
  onMount(() => void loadChecklist());
  return (
    <section class="settings-section" aria-labelledby="setup-title" data-testid="setup-checklist">
      <h2 id="setup-title">{t('numbers.setup.title')}</h2>
      <p class="muted">{t('numbers.setup.intro')}</p>
      <Show when={list()} fallback={<p class="muted">{t('app.loading')}</p>}>
        {(l) => (
          <>
            <p class="setup-progress" data-testid="setup-progress">
              {t('numbers.setup.progress', counts(l()))}
            </p>
            <ol class="setup-steps">
              <For each={l().steps}>
                {(s) => (
                  <li
                    class="setup-step"
                    classList={{ done: s.done }}
                    data-testid={`setup-step-${s.key}`}
                    data-done={s.done ? 'true' : 'false'}
                  >
                    <span class="setup-mark" aria-hidden="true">
                      {s.done ? '✓' : ''}
                    </span>
                    <span class="setup-text">
                      <a href={s.href} {...(s.external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
                        {t(`numbers.setup.steps.${s.key}`)}
                      </a>
                      <span class="muted small">{t(`numbers.setup.hints.${s.key}`)}</span>
                    </span>
                    <span class="chip" classList={{ ok: s.done }}>
                      {s.done ? t('numbers.setup.done') : t('numbers.setup.todo')}
                    </span>
                  </li>
                )}
              </For>
            </ol>
            <Show
              when={l().dismissed}
              fallback={
                <button type="button" class="btn small" onClick={() => void toggle(true)} data-testid="setup-hide">
                  {t('numbers.setup.dismiss')}
                </button>
              }
            >
              <p class="muted small">{t('numbers.setup.hiddenNote')}</p>
              <button type="button" class="btn small" onClick={() => void toggle(false)} data-testid="setup-show">
                {t('numbers.setup.show')}
              </button>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
