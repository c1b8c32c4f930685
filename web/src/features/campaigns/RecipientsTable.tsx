/**
 * Who got what: the recipients of a campaign, filtered by state and searched by name or phone, 50 a page,
 * refreshed as the campaign changes; the same filter downloads as CSV.
 */
import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { tx } from '../templates/tx.ts';
import { campaignsApi } from './campaigns.api.ts';
import { type Recipient, RECIPIENT_STATES } from './campaigns.types.ts';
import { when } from './cmp-ui.tsx';

const PER_PAGE = 50;

const lastUpdate = (r: Recipient) => r.replied_at || r.read_at || r.delivered_at || r.sent_at || '';

function detail(r: Recipient): string {
  if (r.state === 'excluded') return tx(`cmp.reasons.${r.excluded_reason}`) || r.excluded_reason;
  if (r.state === 'failed') return [r.error_code, r.error_text].filter(Boolean).join(' · ');
  return r.button ? t('cmp.tapped', { button: r.button }) : '';
}

export function RecipientsTable(props: { id: string; name: string; changes: () => number }) {
  const [state, setState] = createSignal('');
  const [q, setQ] = createSignal('');
  const [page, setPage] = createSignal(1);
  const [refresh, setRefresh] = createSignal(0);
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const [data] = createResource(
    () => ({ state: state(), q: q(), page: page(), r: refresh() }),
    (k) => campaignsApi.recipients(props.id, { state: k.state, q: k.q, page: k.page, perPage: PER_PAGE }),
  );
  // the campaign moved on (realtime): re-read the page, but not more than once a second
  let last = 0;
  createEffect(
    on(
      props.changes,
      () => {
        const wait = Math.max(0, 1000 - (Date.now() - last));
        clearTimeout(debounce);
        debounce = setTimeout(() => {
          last = Date.now();
          setRefresh((n) => n + 1);
        }, wait);
      },
      { defer: true },
    ),
  );
  const pages = () => Math.max(1, Math.ceil((data.latest?.total ?? 0) / PER_PAGE));
  const download = async () => {
    try {
      const safe = props.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'campaign';
      await campaignsApi.downloadCsv(props.id, { state: state(), q: q().trim() }, `${safe}-recipients.csv`);
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  return (
    <section class="card cmp-recipients" aria-labelledby="cmp-recipients-title" data-testid="cmp-recipients">
      <div class="cmp-section-head">
        <h2 id="cmp-recipients-title">{t('cmp.recipientsTitle')}</h2>
        <button type="button" class="btn small" onClick={() => void download()} data-testid="cmp-csv">
          {t('cmp.downloadCsv')}
        </button>
      </div>
      <div class="cmp-filters">
        <label class="field">
          <span>{t('cmp.filterState')}</span>
          <select
            value={state()}
            onChange={(e) => {
              setPage(1);
              setState(e.currentTarget.value);
            }}
            data-testid="cmp-filter-state"
          >
            <option value="">{t('cmp.allStates')}</option>
            <For each={RECIPIENT_STATES}>{(s) => <option value={s}>{tx(`cmp.rstate.${s}`)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>{t('cmp.search')}</span>
          <input
            type="search"
            value={q()}
            onInput={(e) => {
              const v = e.currentTarget.value;
              clearTimeout(searchTimer);
              searchTimer = setTimeout(() => {
                setPage(1);
                setQ(v.trim());
              }, 300);
            }}
            data-testid="cmp-search"
          />
        </label>
      </div>
      <Show when={!data.error} fallback={<p class="notice notice-warn">{errorText(data.error)}</p>}>
        <Show
          when={data.latest?.items.length}
          fallback={<p class="muted">{data.loading ? t('app.loading') : t('cmp.noRecipients')}</p>}
        >
          <table class="cmp-table" data-testid="cmp-recipient-table">
            <thead>
              <tr>
                <th scope="col">{t('cmp.col.contact')}</th>
                <th scope="col">{t('cmp.col.state')}</th>
                <th scope="col">{t('cmp.col.when')}</th>
                <th scope="col">{t('cmp.col.detail')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={data.latest?.items}>
                {(r) => (
                  <tr data-testid="cmp-recipient" data-state={r.state} data-phone={r.phone}>
                    <td>
                      <a href={`#/contacts/${r.contact_id}`} class="cmp-who">
                        <strong>{r.name || r.phone}</strong>
                        <span class="muted small">
                          {r.phone}
                          {r.language ? ` · ${r.language}` : ''}
                        </span>
                      </a>
                    </td>
                    <td>
                      <span class="cmp-rstate" data-state={r.state} data-testid="cmp-recipient-state">
                        {tx(`cmp.rstate.${r.state}`) || r.state}
                      </span>
                      <Show when={r.replied_at}>
                        {' '}
                        <span class="chip">{t('cmp.repliedChip')}</span>
                      </Show>
                    </td>
                    <td class="small">{when(lastUpdate(r))}</td>
                    <td class="small cmp-detail">{detail(r)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <Show when={pages() > 1}>
            <div class="cmp-pager">
              <button
                type="button"
                class="btn small"
                disabled={page() <= 1}
                onClick={() => setPage((p) => p - 1)}
                aria-label={t('cmp.prevPage')}
              >
                ‹
              </button>
              <span class="small">{t('cmp.page', { page: page(), pages: pages() })}</span>
              <button
                type="button"
                class="btn small"
                disabled={page() >= pages()}
                onClick={() => setPage((p) => p + 1)}
                aria-label={t('cmp.nextPage')}
              >
                ›
              </button>
            </div>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
