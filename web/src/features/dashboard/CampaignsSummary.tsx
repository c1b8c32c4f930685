/**
 * The dashboard's campaigns card (issue: "summary of campaigns"): the latest campaigns that went out, each with
 * its state and headline rates (delivered, read, replied), linking to its own results page. The figures are
 * the campaigns screens' own (campaign-stats.ts), so the card and the report never disagree.
 */
import { createResource, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { campaignsApi } from '../campaigns/campaigns.api.ts';
import { figures, rates } from '../campaigns/campaign-stats.ts';
import type { Campaign } from '../campaigns/campaigns.types.ts';
import { StateBadge } from '../campaigns/cmp-ui.tsx';
import '../../styles/campaigns.css';

const SHOWN = 3;
const pct = (x: number) => `${Math.round(x * 100)} %`;

/** Campaigns that have sent something (or are sending), newest first. */
export function latestSent(items: Campaign[]): Campaign[] {
  return items.filter((c) => c.state !== 'draft' && c.state !== 'scheduled').slice(0, SHOWN);
}

export function CampaignsSummary() {
  const [list] = createResource(() => campaignsApi.list().then(latestSent));
  return (
    <article class="card dash-card" aria-labelledby="dash-campaigns-title" data-testid="dash-campaigns">
      <h2 id="dash-campaigns-title">{t('dash.campaigns.title')}</h2>
      <Show when={!list.error} fallback={<p class="error">{t('dash.campaigns.loadFailed')}</p>}>
        <Show when={list()} fallback={<p class="muted">{t('app.loading')}</p>}>
          {(items) => (
            <Show when={items().length} fallback={<p class="muted">{t('dash.campaigns.none')}</p>}>
              <ul class="dash-campaigns">
                <For each={items()}>
                  {(c) => {
                    const r = rates(figures(c.stats));
                    return (
                      <li>
                        <a href={`#/campaigns/${c.id}`} class="dash-campaign-link" data-testid="dash-campaign">
                          <span class="dash-campaign-name">{c.name}</span>
                          <StateBadge state={c.state} />
                        </a>
                        <dl class="dash-campaign-rates">
                          <div>
                            <dt>{t('dash.campaigns.delivered')}</dt>
                            <dd data-testid="dash-campaign-delivered">{pct(r.delivery)}</dd>
                          </div>
                          <div>
                            <dt>{t('dash.campaigns.read')}</dt>
                            <dd>{pct(r.read)}</dd>
                          </div>
                          <div>
                            <dt>{t('dash.campaigns.replied')}</dt>
                            <dd>{pct(r.reply)}</dd>
                          </div>
                        </dl>
                      </li>
                    );
                  }}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </Show>
      <a href="#/campaigns" class="dash-more">
        {t('dash.campaigns.all')}
      </a>
    </article>
  );
}
