/**
 * Messages received vs sent per minute / hour / day / month / quarter / year over a chosen range, drawn
 * with uPlot (about 20 KB gzip, fetched only when this chart opens: the inbox never loads it), with a
 * summary sentence and the same numbers as a table for screen readers, and a CSV of the series.
 */
import { createEffect, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import type uPlot from 'uplot';
import { t } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { BUCKETS, type Bucket, csvPaths, dashboardApi, downloadCsv, type MessagesSeries } from './dashboard.api.ts';
import { dateInput, dayIso, defaultRange } from './figures.ts';
import { formatBucket, formatNumber } from './format.ts';

const loadUPlot = () => Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default);

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function Plot(props: { data: MessagesSeries }) {
  let box!: HTMLDivElement;
  let plot: uPlot | undefined;
  createEffect(() => {
    const s = props.data;
    const bucket = s.bucket;
    void loadUPlot().then((UPlot) => {
      plot?.destroy();
      const x = s.series.map((p) => Date.parse(p.t) / 1000);
      const width = Math.max(240, box.clientWidth - 8);
      plot = new UPlot(
        {
          width,
          height: Math.max(180, Math.min(280, Math.round(width * 0.5))),
          legend: { show: true, live: false },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: true } },
          axes: [
            {
              stroke: css('--muted'),
              grid: { stroke: css('--border') },
              values: (_u, ticks) => ticks.map((v) => formatBucket(new Date(v * 1000).toISOString(), bucket)),
            },
            { stroke: css('--muted'), grid: { stroke: css('--border') }, size: 48 },
          ],
          series: [
            {},
            { label: t('dash.chart.inbound'), stroke: '#0b74b5', width: 2, fill: 'rgba(11,116,181,0.08)' },
            { label: t('dash.chart.outbound'), stroke: '#0f766e', width: 2, dash: [6, 3] },
          ],
        },
        [x, s.series.map((p) => p.inbound), s.series.map((p) => p.outbound)],
        box,
      );
    });
  });
  const ro = new ResizeObserver(() =>
    plot?.setSize({ width: Math.max(240, box.clientWidth - 8), height: plot.height }),
  );
  createEffect(() => ro.observe(box));
  onCleanup(() => {
    ro.disconnect();
    plot?.destroy();
  });
  return <div class="dash-plot" ref={box} aria-hidden="true" data-testid="messages-plot" />;
}

export function MessagesChart() {
  const [bucket, setBucket] = createSignal<Bucket>('day');
  const initial = defaultRange('day', Date.now());
  const [from, setFrom] = createSignal(dateInput(initial.from));
  const [to, setTo] = createSignal(dateInput(initial.to));
  const query = () => ({ bucket: bucket(), from: dayIso(from(), false), to: dayIso(to(), true) });
  const [data] = createResource(query, (q) => dashboardApi.messages(q));
  const total = (k: 'inbound' | 'outbound') => (data()?.series ?? []).reduce((n, p) => n + p[k], 0);
  const pickBucket = (b: Bucket) => {
    setBucket(b);
    const r = defaultRange(b, Date.now());
    setFrom(dateInput(r.from));
    setTo(dateInput(r.to));
  };
  const download = () =>
    void downloadCsv(csvPaths.messages(query()), `spunta-messages-${bucket()}-${from()}-${to()}.csv`).catch((err) =>
      toast(err instanceof ApiError ? err.message : String(err), 'error'),
    );
  return (
    <section class="dash-section" aria-labelledby="chart-title">
      <h2 id="chart-title" class="sr-only">
        {t('dash.tabs.messages')}
      </h2>
      <div class="dash-toolbar">
        <label class="field">
          <span>{t('dash.chart.bucket')}</span>
          <select
            value={bucket()}
            onChange={(e) => pickBucket(e.currentTarget.value as Bucket)}
            data-testid="chart-bucket"
          >
            <For each={BUCKETS}>{(b) => <option value={b}>{t(`dash.chart.buckets.${b}`)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>{t('dash.chart.from')}</span>
          <input type="date" value={from()} max={to()} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t('dash.chart.to')}</span>
          <input type="date" value={to()} min={from()} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="button" class="btn" onClick={download} data-testid="chart-csv">
          <Icon name="download" />
          {t('dash.chart.download')}
        </button>
      </div>
      <Show when={data.error}>
        <p class="error" role="alert">
          {t('dash.loadFailed', { message: (data.error as Error).message })}
        </p>
      </Show>
      <Show when={data()}>
        {(s) => (
          <Show when={s().series.length} fallback={<p class="empty">{t('dash.chart.empty')}</p>}>
            <p data-testid="chart-summary">
              {t('dash.chart.summary', {
                inbound: formatNumber(total('inbound')),
                outbound: formatNumber(total('outbound')),
              })}
            </p>
            <Plot data={s()} />
            <details class="dash-details">
              <summary>{t('dash.chart.showTable')}</summary>
              <div class="dash-table-wrap" role="region" tabindex="0" aria-label={t('dash.chart.tableCaption')}>
                <table class="dash-table">
                  <caption class="sr-only">{t('dash.chart.tableCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('dash.chart.period')}</th>
                      <th scope="col">{t('dash.chart.inbound')}</th>
                      <th scope="col">{t('dash.chart.outbound')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={s().series}>
                      {(p) => (
                        <tr>
                          <th scope="row">{formatBucket(p.t, s().bucket)}</th>
                          <td>{formatNumber(p.inbound)}</td>
                          <td>{formatNumber(p.outbound)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </details>
          </Show>
        )}
      </Show>
    </section>
  );
}
