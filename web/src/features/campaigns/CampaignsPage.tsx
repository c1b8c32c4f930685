/**
 * Campaigns, one lazy chunk: the list (#/campaigns), the wizard (#/campaigns/new, #/campaigns/<id>/edit), the
 * results page (#/campaigns/<id>) and the rate card (#/campaigns/rates). Admins and managers only, as the API
 * decides (campaignsCan); the rate card is read-only for managers.
 */
import { useStore } from '@nanostores/solid';
import { type JSX, lazy, Match, Show, Suspense, Switch } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $session } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import '../../styles/templates.css';
import '../../styles/campaigns.css';
import { campaignsCan } from './campaigns-access.ts';
import { CampaignList } from './CampaignList.tsx';

const CampaignWizard = lazy(() => import('./CampaignWizard.tsx'));
const CampaignResults = lazy(() => import('./CampaignResults.tsx'));
const RatesPage = lazy(() => import('./RatesPage.tsx'));

/** The screen's top bar: the one h1, a way back, and the screen's own buttons. */
export function CmpHeader(props: { title: string; back?: string; children?: JSX.Element }) {
  return (
    <header class="topbar cmp-topbar">
      <Show when={props.back}>
        <a class="icon-btn" href={props.back} aria-label={t('cmp.back')} data-testid="cmp-back">
          <Icon name="back" />
        </a>
      </Show>
      <h1 class="topbar-title" data-testid="cmp-title">
        {props.title}
      </h1>
      {props.children}
    </header>
  );
}

export default function CampaignsPage(props: { id?: string | undefined; edit?: boolean | undefined }) {
  const session = useStore($session);
  const loading = <p class="pad muted">{t('app.loading')}</p>;
  return (
    <section class="cmp-screen" data-testid="campaigns">
      <Show
        when={campaignsCan.manage(session()?.user)}
        fallback={
          <>
            <CmpHeader title={t('cmp.title')} />
            <main class="tpl-main" id="main">
              <p class="pad muted">{t('errors.forbidden')}</p>
            </main>
          </>
        }
      >
        <Switch fallback={<CampaignList />}>
          <Match when={props.id === 'rates'}>
            <Suspense fallback={loading}>
              <RatesPage />
            </Suspense>
          </Match>
          <Match when={props.id === 'new' || (props.id && props.edit)}>
            <Suspense fallback={loading}>
              <CampaignWizard id={props.id === 'new' ? undefined : props.id} />
            </Suspense>
          </Match>
          <Match when={props.id} keyed>
            {(id) => (
              <Suspense fallback={loading}>
                <CampaignResults id={id} />
              </Suspense>
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}
