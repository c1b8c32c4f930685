/**
 * The manager's dashboard, one lazy chunk: WhatsApp status per number with the alerts banner (live),
 * the monthly report, the messages chart and team performance, as tabs (#/dashboard[/report|/messages|
 * /team]). Admins and managers see everything (analytics.read); operators see their own performance
 * only (analytics.own), which the server enforces too.
 */
import { useStore } from '@nanostores/solid';
import { createEffect, For, Match, on, onCleanup, Show, Switch } from 'solid-js';
import { t } from '../../i18n/index.ts';
import type { DashboardTab } from '../../router.ts';
import { $session, can } from '../../stores/session.ts';
import '../../styles/dashboard.css';
import { AlertsBanner } from './AlertsBanner.tsx';
import { CampaignsSummary } from './CampaignsSummary.tsx';
import { campaignsCan } from '../campaigns/campaigns-access.ts';
import { $numberStatus, $numberStatusError, startDashboardLive } from './dashboard.store.ts';
import { MessagesChart } from './MessagesChart.tsx';
import { MonthlyReport } from './MonthlyReport.tsx';
import { NumberCard } from './NumberCard.tsx';
import { TeamPerformance } from './TeamPerformance.tsx';

const TABS: DashboardTab[] = ['status', 'report', 'messages', 'team'];
const href = (tab: DashboardTab) => (tab === 'status' ? '#/dashboard' : `#/dashboard/${tab}`);

function StatusTab() {
  const session = useStore($session);
  const numbers = useStore($numberStatus);
  const error = useStore($numberStatusError);
  return (
    <section class="dash-section" aria-labelledby="status-title">
      <h2 id="status-title" class="sr-only">
        {t('dash.tabs.status')}
      </h2>
      <AlertsBanner />
      <Show when={error() && !numbers()}>
        <p class="error" role="alert">
          {t('dash.loadFailed', { message: error() })}
        </p>
      </Show>
      <Show when={numbers()} fallback={<Show when={!error()}>{<p class="muted">{t('app.loading')}</p>}</Show>}>
        {(list) => (
          <Show when={list().length} fallback={<p class="empty">{t('dash.noNumbers')}</p>}>
            <div class="dash-cards" data-testid="number-cards">
              <For each={list()}>{(n) => <NumberCard n={n} />}</For>
              <Show when={campaignsCan.manage(session()?.user)}>
                <CampaignsSummary />
              </Show>
            </div>
          </Show>
        )}
      </Show>
    </section>
  );
}

export default function DashboardPage(props: { tab: DashboardTab }) {
  const session = useStore($session);
  const lead = () => can.do(session()?.user, 'analytics.read');
  // operators have one view, their own figures, whatever the address says
  const tab = (): DashboardTab => (lead() ? props.tab : 'team');

  createEffect(
    on(lead, (isLead) => {
      if (!isLead) return;
      const stop = startDashboardLive(true);
      onCleanup(stop);
    }),
  );

  return (
    <div class="dash-screen">
      <header class="topbar">
        <h1 class="topbar-title">{lead() ? t('dash.title') : t('dash.tabs.mine')}</h1>
      </header>
      <Show when={lead()}>
        <nav class="dash-tabs" aria-label={t('dash.tabs.label')}>
          <For each={TABS}>
            {(x) => (
              <a href={href(x)} aria-current={tab() === x ? 'page' : undefined} data-testid={`dash-tab-${x}`}>
                {t(`dash.tabs.${x}`)}
              </a>
            )}
          </For>
        </nav>
      </Show>
      <main class="dash-main" id="main" data-testid="dashboard">
        <div class="dash-page">
          <Switch>
            <Match when={tab() === 'status'}>
              <StatusTab />
            </Match>
            <Match when={tab() === 'report'}>
              <MonthlyReport />
            </Match>
            <Match when={tab() === 'messages'}>
              <MessagesChart />
            </Match>
            <Match when={tab() === 'team'}>
              <TeamPerformance own={!lead()} />
            </Match>
          </Switch>
        </div>
      </main>
    </div>
  );
}
