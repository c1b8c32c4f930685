/**
 * An automation's report: how many entered, are inside (running, of them waiting), completed and exited; each
 * step with how often it ran, was skipped, failed and (for a wait) got a reply, with its errors; why contacts
 * exited. The per-step table scrolls sideways inside a labelled region on a phone.
 */
import { createResource, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { num, Stat } from '../campaigns/cmp-ui.tsx';
import { tx } from '../templates/tx.ts';
import { automationsApi } from './automations.api.ts';
import { actionLabel, AutoHeader, StateBadge, stepLabel, triggerText } from './auto-ui.tsx';

export default function AutomationReport(props: { id: string }) {
  const [automation] = createResource(() => props.id, automationsApi.get);
  const [report, { refetch }] = createResource(() => props.id, automationsApi.report);
  const exits = () => Object.entries(report()?.exit_reasons ?? {}).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <AutoHeader
        title={automation() ? t('auto.report.titleOf', { name: automation()!.name }) : t('auto.report.title')}
        back="#/automations"
      >
        <a class="btn small" href={`#/automations/${props.id}`} data-testid="auto-edit">
          {t('auto.edit')}
        </a>
      </AutoHeader>
      <main class="tpl-main" id="main">
        <Show
          when={report()}
          fallback={
            <p class="pad" classList={{ muted: !report.error }}>
              {report.error ? t('auto.notFound') : t('app.loading')}
            </p>
          }
        >
          {(r) => (
            <div class="cmp-page auto-report" data-testid="auto-report-page">
              <div class="auto-status">
                <Show when={automation()}>
                  {(a) => (
                    <>
                      <StateBadge state={a().state} />
                      <span class="small muted">{triggerText(a().trigger)}</span>
                    </>
                  )}
                </Show>
                <span class="cmp-spacer" />
                <button
                  type="button"
                  class="btn small"
                  disabled={report.loading}
                  onClick={() => void refetch()}
                  data-testid="auto-report-refresh"
                >
                  {t('auto.report.refresh')}
                </button>
              </div>
              <section aria-labelledby="auto-totals-title">
                <h2 id="auto-totals-title" class="sr-only">
                  {t('auto.report.totals')}
                </h2>
                <div class="cmp-stats" data-testid="auto-totals">
                  <For each={['entered', 'running', 'waiting', 'completed', 'exited'] as const}>
                    {(k) => (
                      <Stat
                        label={tx(`auto.report.${k}`)}
                        value={num(r()[k])}
                        testid={`auto-stat-${k}`}
                        {...(k === 'running' ? { hint: t('auto.report.runningHint') } : {})}
                      />
                    )}
                  </For>
                </div>
              </section>
              <section class="card" aria-labelledby="auto-steps-title">
                <h2 id="auto-steps-title">{t('auto.report.steps')}</h2>
                <Show when={r().steps.length} fallback={<p class="muted small">{t('auto.report.noSteps')}</p>}>
                  <div class="auto-table-wrap" role="region" aria-labelledby="auto-steps-title" tabindex="0">
                    <table class="auto-table" data-testid="auto-report-steps">
                      <thead>
                        <tr>
                          <th scope="col">{t('auto.report.step')}</th>
                          <th scope="col">{t('auto.report.action')}</th>
                          <th scope="col">{t('auto.report.done')}</th>
                          <th scope="col">{t('auto.report.skipped')}</th>
                          <th scope="col">{t('auto.report.failed')}</th>
                          <th scope="col">{t('auto.report.replied')}</th>
                          <th scope="col">{t('auto.report.errors')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={r().steps}>
                          {(s) => (
                            <tr data-testid="auto-report-step" data-step={s.step} data-action={s.action}>
                              <th scope="row">{stepLabel(s.step)}</th>
                              <td>{actionLabel(s.action)}</td>
                              <td data-testid="auto-report-done">{num(s.done)}</td>
                              <td data-testid="auto-report-skipped">{num(s.skipped)}</td>
                              <td data-testid="auto-report-failed">{num(s.failed)}</td>
                              <td data-testid="auto-report-replied">{num(s.replied)}</td>
                              <td>
                                <Show when={s.errors.length} fallback="—">
                                  <ul class="auto-errors">
                                    <For each={s.errors}>
                                      {(e) => (
                                        <li>
                                          {e.detail} <span class="muted">×{num(e.count)}</span>
                                        </li>
                                      )}
                                    </For>
                                  </ul>
                                </Show>
                              </td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
              </section>
              <section class="card" aria-labelledby="auto-exits-title" data-testid="auto-exits">
                <h2 id="auto-exits-title">{t('auto.report.exitReasons')}</h2>
                <Show when={exits().length} fallback={<p class="muted small">{t('auto.report.noExits')}</p>}>
                  <dl class="cmp-dl">
                    <For each={exits()}>
                      {([reason, n]) => (
                        <>
                          <dt>{tx(`auto.exits.${reason}`) || reason}</dt>
                          <dd data-testid="auto-exit" data-reason={reason}>
                            {num(n)}
                          </dd>
                        </>
                      )}
                    </For>
                  </dl>
                </Show>
              </section>
            </div>
          )}
        </Show>
      </main>
    </>
  );
}
