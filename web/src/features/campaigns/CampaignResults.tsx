/**
 * A campaign's results, live while it sends: state and actions, the "waiting for the messaging limit" notice,
 * totals and rates, the funnel and button taps (plain CSS bars), and the recipients table with its CSV.
 */
import { createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { tx } from '../templates/tx.ts';
import { buttonTaps, figures, funnel, rates } from './campaign-stats.ts';
import { createLiveCampaign } from './campaign-live.ts';
import { type Act, actionsFor } from './campaign-actions.ts';
import { campaignsApi } from './campaigns.api.ts';
import type { Campaign } from './campaigns.types.ts';
import { CmpHeader } from './CampaignsPage.tsx';
import { ProgressBar } from './CampaignList.tsx';
import { Confirm, num, pct, Stat, StateBadge, when } from './cmp-ui.tsx';
import { RecipientsTable } from './RecipientsTable.tsx';
import { costText, durationText } from './WizardReview.tsx';

function Actions(props: { c: Campaign; onChange: (c: Campaign) => void }) {
  const [asking, setAsking] = createSignal<Act | null>(null);
  const run = async (a: Act) => {
    try {
      if (a === 'delete') {
        await campaignsApi.remove(props.c.id);
        toast(t('cmp.done.delete'));
        navigate('/campaigns', { replace: true });
        return;
      }
      const next = await campaignsApi.act(props.c.id, a);
      toast(tx(`cmp.done.${a}`));
      if (a === 'duplicate') navigate(`/campaigns/${next.id}/edit`);
      else props.onChange(next);
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  const label = (a: Act) => tx(`cmp.${a}`);
  return (
    <div class="cmp-actions" role="group" aria-label={t('cmp.actions')}>
      <Show when={actionsFor(props.c).edit}>
        <a class="btn small" href={`#/campaigns/${props.c.id}/edit`} data-testid="cmp-edit">
          {t('cmp.edit')}
        </a>
      </Show>
      <For each={actionsFor(props.c).acts}>
        {(a) => (
          <button
            type="button"
            class="btn small"
            classList={{ danger: a === 'delete' || a === 'cancel' }}
            onClick={() => setAsking(a)}
            data-testid={`cmp-act-${a}`}
          >
            {label(a)}
          </button>
        )}
      </For>
      <Show when={asking()} keyed>
        {(a) => (
          <Confirm
            text={tx(`cmp.confirm.${a}`)}
            action={label(a)}
            danger={a === 'delete' || a === 'cancel'}
            onClose={() => setAsking(null)}
            onConfirm={() => run(a)}
          />
        )}
      </Show>
    </div>
  );
}

export default function CampaignResults(props: { id: string }) {
  const live = createLiveCampaign(props.id);
  const f = () => figures(live.campaign()?.stats);
  const r = () => rates(f());
  return (
    <>
      <CmpHeader title={live.campaign()?.name ?? t('cmp.title')} back="#/campaigns" />
      <main class="tpl-main" id="main">
        <Show
          when={live.campaign()}
          fallback={
            <p class="pad" classList={{ muted: !live.error() }}>
              {live.error() ? t('cmp.notFound') : t('app.loading')}
            </p>
          }
        >
          {(c) => (
            <div class="cmp-page cmp-results" data-testid="cmp-results" data-state={c().state}>
              <div class="cmp-results-head">
                <StateBadge state={c().state} />
                <Show when={live.live()}>
                  <span class="cmp-live" data-testid="cmp-live">
                    {t('cmp.live')}
                  </span>
                </Show>
                <span class="small muted">
                  {c().template?.name ?? t('cmp.kindText')}
                  <Show when={c().next_run_at && c().state === 'scheduled'}>
                    {' · '}
                    {t('cmp.nextRun', { at: when(c().next_run_at) })}
                  </Show>
                </span>
                <Actions c={c()} onChange={(x) => live.setCampaign(x)} />
              </div>
              <Show when={c().state === 'sending' && (c().resume_at || f().waiting > 0)}>
                <p class="notice notice-warn" role="status" data-testid="cmp-waiting">
                  {c().resume_at ? t('cmp.waitingLimit', { at: when(c().resume_at) }) : t('cmp.waitingLimitSoon')}
                </p>
              </Show>
              <Show when={c().state !== 'draft'}>
                <ProgressBar c={c()} />
              </Show>
              <section aria-labelledby="cmp-totals-title">
                <h2 id="cmp-totals-title" class="sr-only">
                  {t('cmp.totals')}
                </h2>
                <div class="cmp-stats" data-testid="cmp-totals">
                  <Stat label={t('cmp.stat.recipients')} value={num(f().recipients)} testid="cmp-stat-recipients" />
                  <Stat label={t('cmp.stat.excluded')} value={num(f().excluded)} testid="cmp-stat-excluded" />
                  <Stat label={t('cmp.stat.pending')} value={num(f().pending)} testid="cmp-stat-pending" />
                  <Stat label={t('cmp.stat.sent')} value={num(f().sent)} testid="cmp-stat-sent" />
                  <Stat label={t('cmp.stat.delivered')} value={num(f().delivered)} testid="cmp-stat-delivered" />
                  <Stat label={t('cmp.stat.read')} value={num(f().read)} testid="cmp-stat-read" />
                  <Stat label={t('cmp.stat.replied')} value={num(f().replied)} testid="cmp-stat-replied" />
                  <Stat label={t('cmp.stat.failed')} value={num(f().failed)} testid="cmp-stat-failed" />
                  <Show when={f().cancelled > 0}>
                    <Stat label={t('cmp.stat.cancelled')} value={num(f().cancelled)} testid="cmp-stat-cancelled" />
                  </Show>
                </div>
              </section>
              <div class="cmp-two">
                <section class="card" aria-labelledby="cmp-rates-title" data-testid="cmp-rates">
                  <h2 id="cmp-rates-title">{t('cmp.rates')}</h2>
                  <dl class="cmp-dl">
                    <For each={['delivery', 'read', 'reply', 'failure'] as const}>
                      {(k) => (
                        <>
                          <dt>{tx(`cmp.rate.${k}`)}</dt>
                          <dd data-testid={`cmp-rate-${k}`}>{pct(r()[k])}</dd>
                        </>
                      )}
                    </For>
                  </dl>
                  <p class="small muted">{t('cmp.rateHint')}</p>
                  <Show when={c().estimate}>
                    <dl class="cmp-dl">
                      <dt>{t('cmp.duration')}</dt>
                      <dd>{durationText(c().estimate!.duration_s)}</dd>
                      <dt>{t('cmp.cost')}</dt>
                      <dd>{costText(c().estimate)}</dd>
                    </dl>
                  </Show>
                </section>
                <section class="card" aria-labelledby="cmp-funnel-title" data-testid="cmp-funnel">
                  <h2 id="cmp-funnel-title">{t('cmp.funnel')}</h2>
                  <ol class="cmp-bars">
                    <For each={funnel(f())}>
                      {(s) => (
                        <li data-step={s.key}>
                          <span class="cmp-bar-label">{tx(`cmp.stat.${s.key}`)}</span>
                          <span class="cmp-bar-track" aria-hidden="true">
                            <span class="cmp-bar-fill" style={{ width: `${Math.round(s.share * 100)}%` }} />
                          </span>
                          <span class="cmp-bar-value" data-testid={`cmp-funnel-${s.key}`}>
                            {num(s.value)}
                          </span>
                        </li>
                      )}
                    </For>
                  </ol>
                </section>
              </div>
              <section class="card" aria-labelledby="cmp-taps-title" data-testid="cmp-taps">
                <h2 id="cmp-taps-title">{t('cmp.buttonTaps')}</h2>
                <Show when={buttonTaps(c().stats).length} fallback={<p class="muted small">{t('cmp.noTaps')}</p>}>
                  <ol class="cmp-bars">
                    <For each={buttonTaps(c().stats)}>
                      {(b) => (
                        <li data-testid="cmp-tap" data-button={b.title}>
                          <span class="cmp-bar-label">{b.title}</span>
                          <span class="cmp-bar-track" aria-hidden="true">
                            <span class="cmp-bar-fill alt" style={{ width: `${Math.round(b.share * 100)}%` }} />
                          </span>
                          <span class="cmp-bar-value">{num(b.n)}</span>
                        </li>
                      )}
                    </For>
                  </ol>
                </Show>
              </section>
              <RecipientsTable id={c().id} name={c().name} changes={live.changes} />
            </div>
          )}
        </Show>
      </main>
    </>
  );
}
