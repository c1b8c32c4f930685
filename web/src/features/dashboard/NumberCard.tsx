/**
 * One number's WhatsApp standing, as Spoki's "Stato di WhatsApp" and "Limiti dei messaggi" show it:
 * quality (with a 30-day strip), phone status with Meta's detail, throughput, the messaging limit as a
 * bar of unique customers in the rolling 24 h and what moves the number up a tier, and the people
 * contacted in 24 h and 7 days. Every colour also has a word, so nothing is said by colour alone.
 */
import { For, Show } from 'solid-js';
import { formatNumber } from './format.ts';
import { t } from '../../i18n/index.ts';
import { prettyPhone } from '../numbers/numbers.store.ts';
import type { NumberStatus } from './dashboard.api.ts';
import { limitFill, phoneState, qualityLevel, tierSize } from './figures.ts';

function tierText(tier: string): string {
  const n = tierSize(tier);
  return n === null ? t('dash.status.unlimited') : n === undefined ? tier : formatNumber(n);
}

function QualityTrend(props: { days: NumberStatus['quality_trend'] }) {
  const count = (l: string) => props.days.filter((d) => qualityLevel(d.rating) === l).length;
  return (
    <figure class="dash-trend-box">
      <figcaption class="muted small">{t('dash.status.trend')}</figcaption>
      <div
        class="dash-trend"
        role="img"
        aria-label={t('dash.status.trendSummary', { high: count('high'), medium: count('medium'), low: count('low') })}
        data-testid="quality-trend"
      >
        <For each={props.days}>
          {(d) => {
            const level = qualityLevel(d.rating);
            return (
              <span
                class="dash-trend-day"
                data-level={level}
                title={t('dash.status.trendDay', { date: d.date, level: t(`dash.status.levels.${level}`) })}
              />
            );
          }}
        </For>
      </div>
    </figure>
  );
}

export function NumberCard(props: { n: NumberStatus }) {
  const quality = () => qualityLevel(props.n.quality_rating);
  const phone = () => phoneState(props.n.status);
  const fill = () => limitFill(props.n.limit_used_24h, props.n.limit);
  const name = () => props.n.verified_name || prettyPhone(props.n.display_phone_number);
  return (
    <article
      class="card dash-card"
      data-testid="number-card"
      data-number={props.n.id}
      aria-labelledby={`n-${props.n.id}`}
    >
      <header class="dash-card-head">
        <h2 id={`n-${props.n.id}`}>{name()}</h2>
        <Show when={props.n.verified_name}>
          <span class="muted">{prettyPhone(props.n.display_phone_number)}</span>
        </Show>
      </header>

      <dl class="dash-facts">
        <div>
          <dt>{t('dash.status.quality')}</dt>
          <dd>
            <span class="dash-pill" data-level={quality()} data-testid="quality">
              {t(`dash.status.levels.${quality()}`)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('dash.status.phone')}</dt>
          <dd>
            <span class="dash-pill" data-phone={phone()} data-testid="phone-status">
              {t(`dash.status.phoneStates.${phone()}`, { status: props.n.status })}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('dash.status.throughput')}</dt>
          <dd data-testid="throughput">
            {t('dash.status.throughputValue', {
              level: props.n.throughput || 'STANDARD',
              mps: formatNumber(props.n.throughput_mps || 80),
            })}
          </dd>
        </div>
      </dl>
      <Show when={props.n.status_detail}>
        <p class="dash-detail" data-testid="status-detail">
          {props.n.status_detail}
        </p>
      </Show>
      <Show when={props.n.quality_trend?.length}>
        <QualityTrend days={props.n.quality_trend} />
      </Show>

      <section class="dash-limit" aria-labelledby={`l-${props.n.id}`}>
        <h3 id={`l-${props.n.id}`}>{t('dash.status.limit')}</h3>
        <p class="muted">{t('dash.status.limitTier', { tier: tierText(props.n.messaging_limit) })}</p>
        <Show
          when={props.n.limit !== null}
          fallback={
            <p data-testid="limit-used">
              {t('dash.status.limitUsedUnlimited', { used: formatNumber(props.n.limit_used_24h) })}
            </p>
          }
        >
          <div
            class="dash-bar"
            role="progressbar"
            aria-valuemin="0"
            aria-valuemax={props.n.limit ?? 0}
            aria-valuenow={Math.min(props.n.limit_used_24h, props.n.limit ?? 0)}
            aria-labelledby={`l-${props.n.id}`}
            data-level={fill().level}
            data-testid="limit-bar"
          >
            <span style={{ width: `${fill().pct}%` }} />
          </div>
          <p data-testid="limit-used">
            {t('dash.status.limitUsed', {
              used: formatNumber(props.n.limit_used_24h),
              limit: formatNumber(props.n.limit ?? 0),
            })}
          </p>
        </Show>
        <p class="muted small">{t('dash.status.limitHint')}</p>
        <Show when={props.n.next_tier} fallback={<p class="small">{t('dash.status.topTier')}</p>}>
          {(next) => (
            <p class="small" data-testid="next-tier">
              <strong>{t('dash.status.nextTier', { tier: tierText(next().tier) })}</strong>{' '}
              {t('dash.status.nextTierRule', { rule: next().rule })}
            </p>
          )}
        </Show>
      </section>

      <dl class="dash-counts">
        <div>
          <dt>{t('dash.status.contacted24h')}</dt>
          <dd data-testid="contacted-24h">{formatNumber(props.n.contacted_24h)}</dd>
        </div>
        <div>
          <dt>{t('dash.status.contacted7d')}</dt>
          <dd data-testid="contacted-7d">{formatNumber(props.n.contacted_7d)}</dd>
        </div>
      </dl>
    </article>
  );
}
