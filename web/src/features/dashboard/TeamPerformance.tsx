/**
 * Team performance over a range: per operator and for the whole team — conversations, messages sent,
 * first response, average response and resolution, on the clock or counting business hours only (one
 * toggle; the server computes both with the same definitions the CSV uses) — and a weekday × hour
 * heatmap of conversations as a real table. Operators get only their own row from the server.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { Icon } from '../../ui/Icon.tsx';
import { wide } from '../../ui/ScreenHeading.tsx';
import { toast } from '../../ui/toast.ts';
import { csvPaths, dashboardApi, downloadCsv, type Perf } from './dashboard.api.ts';
import { dateInput, dayIso, heatLevel } from './figures.ts';
import { formatDuration, formatNumber } from './format.ts';

function PerfCells(props: { p: Perf; business: boolean }) {
  const pick = (d: Perf['first_response_s']) => (props.business ? d.business : d.raw);
  return (
    <>
      <td data-label={t('dash.team.conversations')} data-testid="conversations">
        {formatNumber(props.p.conversations)}
      </td>
      <td data-label={t('dash.team.messagesSent')} data-testid="messages-sent">
        {formatNumber(props.p.messages_sent)}
      </td>
      <td data-label={t('dash.team.firstResponse')} data-testid="first-response">
        {formatDuration(pick(props.p.first_response_s))}
      </td>
      <td data-label={t('dash.team.avgResponse')} data-testid="avg-response">
        {formatDuration(pick(props.p.avg_response_s))}
      </td>
      <td data-label={t('dash.team.resolution')} data-testid="resolution">
        {formatDuration(pick(props.p.resolution_s))}
      </td>
    </>
  );
}

/**
 * A weekday × hour grid as a real table (each cell says its count). On a tablet the hours run across;
 * on a phone the table turns (hours down, the 7 days across) so it fits without scrolling sideways.
 */
function Heatmap(props: { grid: number[][] }) {
  const max = () => Math.max(0, ...props.grid.flat());
  const hours = Array.from({ length: 24 }, (_, h) => h);
  const days = [0, 1, 2, 3, 4, 5, 6] as const;
  const day = (d: number) => t(`dash.team.weekdays.${d as 0 | 1 | 2 | 3 | 4 | 5 | 6}`);
  const hh = (h: number) => String(h).padStart(2, '0');
  const cell = (d: number, h: number) => {
    const count = props.grid[d]?.[h] ?? 0;
    return (
      <td data-level={heatLevel(count, max())}>
        <span class="dash-heat-n">{count || ''}</span>
      </td>
    );
  };
  return (
    <div class="dash-table-wrap" role="region" tabindex="0" aria-label={t('dash.team.heatmap')}>
      <table class="dash-heat" data-testid="heatmap">
        <caption>{t('dash.team.heatmap')}</caption>
        <Show
          when={wide()}
          fallback={
            <>
              <thead>
                <tr>
                  <th scope="col">{t('dash.team.hour')}</th>
                  <For each={days}>{(d) => <th scope="col">{day(d)}</th>}</For>
                </tr>
              </thead>
              <tbody>
                <For each={hours}>
                  {(h) => (
                    <tr>
                      <th scope="row">{hh(h)}</th>
                      <For each={days}>{(d) => cell(d, h)}</For>
                    </tr>
                  )}
                </For>
              </tbody>
            </>
          }
        >
          <thead>
            <tr>
              <th scope="col">
                <span class="sr-only">{t('dash.team.day')}</span>
              </th>
              <For each={hours}>{(h) => <th scope="col">{hh(h)}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={days}>
              {(d) => (
                <tr>
                  <th scope="row">{day(d)}</th>
                  <For each={hours}>{(h) => cell(d, h)}</For>
                </tr>
              )}
            </For>
          </tbody>
        </Show>
      </table>
    </div>
  );
}

export function TeamPerformance(props: { own: boolean }) {
  const now = new Date();
  const [from, setFrom] = createSignal(dateInput(new Date(now.getFullYear(), now.getMonth(), 1).toISOString()));
  const [to, setTo] = createSignal(dateInput(now.toISOString()));
  const [business, setBusiness] = createSignal(false);
  const query = () => ({ from: dayIso(from(), false), to: dayIso(to(), true) });
  const [data] = createResource(query, (q) => dashboardApi.team(q));
  const download = () =>
    void downloadCsv(csvPaths.team(query()), `spunta-team-${from()}-${to()}.csv`).catch((err) =>
      toast(err instanceof ApiError ? err.message : String(err), 'error'),
    );
  return (
    <section class="dash-section" aria-labelledby="team-title">
      <h2 id="team-title" class="sr-only">
        {props.own ? t('dash.tabs.mine') : t('dash.tabs.team')}
      </h2>
      <div class="dash-toolbar">
        <label class="field">
          <span>{t('dash.team.from')}</span>
          <input type="date" value={from()} max={to()} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t('dash.team.to')}</span>
          <input type="date" value={to()} min={from()} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label class="dash-check">
          <input
            type="checkbox"
            checked={business()}
            onChange={(e) => setBusiness(e.currentTarget.checked)}
            data-testid="business-hours"
          />
          <span>{t('dash.team.businessHours')}</span>
        </label>
        <button type="button" class="btn" onClick={download} data-testid="team-csv">
          <Icon name="download" />
          {t('dash.team.download')}
        </button>
      </div>
      <Show when={props.own}>
        <p class="muted">{t('dash.team.ownOnly')}</p>
      </Show>
      <Show when={data.error}>
        <p class="error" role="alert">
          {t('dash.loadFailed', { message: (data.error as Error).message })}
        </p>
      </Show>
      <Show when={data()}>
        {(d) => (
          <>
            <div class="dash-table-wrap" role="region" tabindex="0" aria-label={t('dash.tabs.team')}>
              <table class="dash-table dash-perf" data-testid="team-table">
                <thead>
                  <tr>
                    <th scope="col">{t('dash.team.operator')}</th>
                    <th scope="col">{t('dash.team.conversations')}</th>
                    <th scope="col">{t('dash.team.messagesSent')}</th>
                    <th scope="col">{t('dash.team.firstResponse')}</th>
                    <th scope="col">{t('dash.team.avgResponse')}</th>
                    <th scope="col">{t('dash.team.resolution')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={d().operators}>
                    {(o) => (
                      <tr data-testid="operator-row" data-user={o.user}>
                        <th scope="row">{o.name}</th>
                        <PerfCells p={o} business={business()} />
                      </tr>
                    )}
                  </For>
                </tbody>
                <Show when={d().team}>
                  {(team) => (
                    <tfoot>
                      <tr data-testid="team-row">
                        <th scope="row">{t('dash.team.teamRow')}</th>
                        <PerfCells p={team()} business={business()} />
                      </tr>
                    </tfoot>
                  )}
                </Show>
              </table>
            </div>
            <Show when={!d().operators.length}>
              <p class="empty">{t('dash.team.empty')}</p>
            </Show>
            <Show when={d().heatmap?.length}>
              <Heatmap grid={d().heatmap!} />
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
