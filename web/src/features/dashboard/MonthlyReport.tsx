/**
 * The monthly report with Spoki's columns, counted by the server from our own records: a month picker,
 * this month against the month before (as deltas) and the same figures as a CSV file.
 */
import { useStore } from '@nanostores/solid';
import { createResource, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { $numbers, numberLabel } from '../numbers/numbers.store.ts';
import { csvPaths, dashboardApi, downloadCsv, type ReportFigures } from './dashboard.api.ts';
import { delta, lastMonths, monthOf } from './figures.ts';
import { formatDelta, formatMonth, formatNumber } from './format.ts';

type RowKey =
  | 'people_contacted'
  | 'conversations'
  | 'messages_exchanged'
  | 'templates_sent'
  | 'marketing'
  | 'utility'
  | 'authentication'
  | 'free_messages_sent'
  | 'messages_received'
  | 'sent'
  | 'delivered'
  | 'read';
type Row = { key: RowKey; sub?: boolean; get: (f: ReportFigures) => number };

const ROWS: Row[] = [
  { key: 'people_contacted', get: (f) => f.people_contacted },
  { key: 'conversations', get: (f) => f.conversations },
  { key: 'messages_exchanged', get: (f) => f.messages_exchanged },
  { key: 'templates_sent', get: (f) => f.templates_sent },
  { key: 'marketing', sub: true, get: (f) => f.templates_by_category?.marketing ?? 0 },
  { key: 'utility', sub: true, get: (f) => f.templates_by_category?.utility ?? 0 },
  { key: 'authentication', sub: true, get: (f) => f.templates_by_category?.authentication ?? 0 },
  { key: 'free_messages_sent', get: (f) => f.free_messages_sent },
  { key: 'messages_received', get: (f) => f.messages_received },
  { key: 'sent', get: (f) => f.sent },
  { key: 'delivered', get: (f) => f.delivered },
  { key: 'read', get: (f) => f.read },
];

export function MonthlyReport() {
  const numbers = useStore($numbers);
  const [month, setMonth] = createSignal(monthOf(new Date()));
  const [number, setNumber] = createSignal('');
  const [report] = createResource(
    () => ({ month: month(), number: number() }),
    (q) => dashboardApi.monthly(q.month, q.number || undefined),
  );
  const [busy, setBusy] = createSignal(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadCsv(csvPaths.monthly(month(), number() || undefined), `spunta-report-${month()}.csv`);
    } catch (err) {
      toast(err instanceof ApiError ? err.message : String(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="dash-section" aria-labelledby="report-title">
      <h2 id="report-title" class="sr-only">
        {t('dash.tabs.report')}
      </h2>
      <div class="dash-toolbar">
        <label class="field">
          <span>{t('dash.report.month')}</span>
          <select value={month()} onChange={(e) => setMonth(e.currentTarget.value)} data-testid="report-month">
            <For each={lastMonths(monthOf(new Date()), 24)}>{(m) => <option value={m}>{formatMonth(m)}</option>}</For>
          </select>
        </label>
        <Show when={numbers().length > 1}>
          <label class="field">
            <span>{t('dash.report.number')}</span>
            <select value={number()} onChange={(e) => setNumber(e.currentTarget.value)} data-testid="report-number">
              <option value="">{t('dash.report.allNumbers')}</option>
              <For each={numbers()}>{(n) => <option value={n.id}>{numberLabel(n)}</option>}</For>
            </select>
          </label>
        </Show>
        <button type="button" class="btn" onClick={download} disabled={busy()} data-testid="report-csv">
          <Icon name="download" />
          {t('dash.report.download')}
        </button>
      </div>
      <Show when={report.error}>
        <p class="error" role="alert">
          {t('dash.loadFailed', { message: (report.error as Error).message })}
        </p>
      </Show>
      <Show when={report()} fallback={<Show when={!report.error}>{<p class="muted">{t('app.loading')}</p>}</Show>}>
        {(r) => (
          <div class="dash-table-wrap" role="region" tabindex="0" aria-label={formatMonth(r().month)}>
            <table class="dash-table" data-testid="report-table">
              <caption class="sr-only">{formatMonth(r().month)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dash.report.figure')}</th>
                  <th scope="col">{t('dash.report.value')}</th>
                  <th scope="col">{t('dash.report.change')}</th>
                  <th scope="col" class="dash-wide-only">
                    {t('dash.report.previous')}
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={ROWS}>
                  {(row) => {
                    const cur = () => row.get(r());
                    const prev = () => row.get(r().previous);
                    const d = () => delta(cur(), prev());
                    return (
                      <tr classList={{ sub: !!row.sub }} data-testid={`report-${row.key}`}>
                        <th scope="row">{t(`dash.report.rows.${row.key}`)}</th>
                        <td data-testid="value">{formatNumber(cur())}</td>
                        <td class="dash-delta" data-dir={d().dir} data-testid="change">
                          {formatDelta(d())}
                        </td>
                        <td class="dash-wide-only" data-testid="previous">
                          {formatNumber(prev())}
                        </td>
                      </tr>
                    );
                  }}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
      <p class="muted small">{t('dash.report.readNote')}</p>
    </section>
  );
}
