/** The campaigns list: a card per campaign with its state, progress and next run or resume time. */
import { createResource, For, Show } from 'solid-js';
import { listTime, t } from '../../i18n/index.ts';
import { pbTime } from '../../lib/pb.ts';
import { Icon } from '../../ui/Icon.tsx';
import { tx } from '../templates/tx.ts';
import { figures, progress } from './campaign-stats.ts';
import { campaignsApi } from './campaigns.api.ts';
import type { Campaign } from './campaigns.types.ts';
import { CmpHeader } from './CampaignsPage.tsx';
import { StateBadge, when } from './cmp-ui.tsx';

/** Drafts and scheduled ones open in the wizard; the others on their results. */
export const campaignHref = (c: Pick<Campaign, 'id' | 'state'>) =>
  c.state === 'draft' ? `#/campaigns/${c.id}/edit` : `#/campaigns/${c.id}`;

export function ProgressBar(props: { c: Campaign }) {
  const f = () => figures(props.c.stats);
  const pct = () => Math.round(progress(f()) * 100);
  return (
    <div class="cmp-progress">
      <div
        class="cmp-bar"
        role="progressbar"
        aria-label={t('cmp.progressLabel')}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow={pct()}
        data-testid="cmp-progress"
      >
        <span style={{ width: `${pct()}%` }} />
      </div>
      <span class="small muted">{t('cmp.progress', { done: f().done, total: f().recipients })}</span>
    </div>
  );
}

export function CampaignList() {
  const [items] = createResource(() => campaignsApi.list());
  return (
    <>
      <CmpHeader title={t('cmp.title')}>
        <a class="btn small cmp-new" href="#/campaigns/new" data-testid="cmp-new">
          <Icon name="plus" size={18} />
          {t('cmp.newCampaign')}
        </a>
      </CmpHeader>
      <main class="tpl-main" id="main">
        <div class="cmp-page">
          <div class="cmp-list-intro">
            <p class="muted">{t('cmp.intro')}</p>
            <a class="btn small" href="#/campaigns/rates" data-testid="cmp-rates-link">
              <Icon name="list" size={18} />
              {t('cmp.rateCard.open')}
            </a>
          </div>
          <Show when={!items.error} fallback={<p class="notice notice-warn">{t('cmp.loadError')}</p>}>
            <Show when={!items.loading} fallback={<p class="muted">{t('app.loading')}</p>}>
              <Show when={items()?.length} fallback={<p class="empty">{t('cmp.empty')}</p>}>
                <ul class="cmp-cards" role="list" data-testid="cmp-list">
                  <For each={items()}>
                    {(c) => (
                      <li class="card cmp-card" data-testid="cmp-card" data-name={c.name} data-state={c.state}>
                        <a href={campaignHref(c)} class="cmp-card-link">
                          <span class="cmp-card-head">
                            <strong class="cmp-card-name">{c.name}</strong>
                            <StateBadge state={c.state} />
                            <Show when={c.schedule && 'cron' in c.schedule}>
                              <span class="chip">{t('cmp.recurring')}</span>
                            </Show>
                          </span>
                          <Show when={c.state !== 'draft'}>
                            <ProgressBar c={c} />
                          </Show>
                          <span class="small muted cmp-card-meta">
                            <Show
                              when={c.resume_at && c.state === 'sending'}
                              fallback={
                                <Show
                                  when={c.next_run_at && (c.state === 'scheduled' || c.state === 'sending')}
                                  fallback={t('cmp.created', { at: listTime(pbTime(c.created)) })}
                                >
                                  {t('cmp.nextRun', { at: when(c.next_run_at) })}
                                </Show>
                              }
                            >
                              {t('cmp.resumesAt', { at: when(c.resume_at) })}
                            </Show>
                            {' · '}
                            {c.template?.name ?? tx('cmp.kindText')}
                          </span>
                        </a>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </Show>
          </Show>
        </div>
      </main>
    </>
  );
}
