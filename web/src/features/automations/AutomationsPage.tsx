/**
 * Automations, one lazy chunk: the list (#/automations), the builder (#/automations/new, #/automations/<id>) and
 * the report (#/automations/<id>/report). Admins and managers only, as the API decides (automationsCan).
 */
import { useStore } from '@nanostores/solid';
import { lazy, Match, Show, Suspense, Switch } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $session } from '../../stores/session.ts';
import '../../styles/templates.css';
import '../../styles/campaigns.css';
import '../../styles/automations.css';
import '../../styles/automations-panels.css';
import { automationsCan } from './automations-access.ts';
import { AutomationList } from './AutomationList.tsx';
import { AutoHeader } from './auto-ui.tsx';

const AutomationEditor = lazy(() => import('./AutomationEditor.tsx'));
const AutomationReport = lazy(() => import('./AutomationReport.tsx'));

export default function AutomationsPage(props: { id?: string | undefined; report?: boolean | undefined }) {
  const session = useStore($session);
  const loading = <p class="pad muted">{t('app.loading')}</p>;
  return (
    <section class="cmp-screen auto-screen" data-testid="automations">
      <Show
        when={automationsCan.manage(session()?.user)}
        fallback={
          <>
            <AutoHeader title={t('auto.title')} />
            <main class="tpl-main" id="main">
              <p class="pad muted">{t('errors.forbidden')}</p>
            </main>
          </>
        }
      >
        <Switch fallback={<AutomationList />}>
          <Match when={props.id && props.report ? props.id : undefined} keyed>
            {(id) => (
              <Suspense fallback={loading}>
                <AutomationReport id={id} />
              </Suspense>
            )}
          </Match>
          <Match when={props.id} keyed>
            {(id) => (
              <Suspense fallback={loading}>
                <AutomationEditor id={id === 'new' ? undefined : id} />
              </Suspense>
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}
