/**
 * The rate card (#/campaigns/rates): what one template message costs by the recipient's country and the template's
 * category, which the campaign cost estimates use. Admins edit it (PUT /api/v1/campaigns/rates, `campaign.rates`);
 * managers see it read-only. "Restore" puts the table Spunta ships (rates.data.ts, Meta's published card, the same
 * file the server falls back to) in the form, to be saved like any edit — the API has no reset of its own.
 * The rules are pure, in rates-form.ts.
 */
import { useStore } from '@nanostores/solid';
import { createEffect, createMemo, createResource, createSignal, For, Index, type JSX, on, Show } from 'solid-js';
import { locale, t } from '../../i18n/index.ts';
import { $session } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import '../../styles/campaign-rates.css';
import { META_RATES } from '../../../../api/src/modules/campaigns/rates.data.ts';
import { tx } from '../templates/tx.ts';
import { campaignsCan } from './campaigns-access.ts';
import { campaignsApi } from './campaigns.api.ts';
import { CmpHeader } from './CampaignsPage.tsx';
import { Confirm } from './cmp-ui.tsx';
import {
  addCountry,
  CATEGORIES,
  cellIssue,
  COUNTRY_CODES,
  countryCodeIssue,
  decimalMarkOf,
  type FormIssue,
  formIssues,
  fromTable,
  isDirty,
  MAX_SOURCE,
  normalizeCode,
  OTHER,
  type RateCategory,
  type RatesForm,
  type RateTable,
  removeCountry,
  sameTable,
  setRate,
  toTable,
} from './rates-form.ts';

const idOf = (country: string, category?: RateCategory) =>
  `rt-${country === OTHER ? 'other' : country}${category ? `-${category}` : ''}`;

/** Focus a field and bring it to the middle of the screen, clear of the sticky footer. */
function focusId(id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'center' });
}

export default function RatesPage() {
  const session = useStore($session);
  const canEdit = () => campaignsCan.editRates(session()?.user);
  const [saved, { mutate }] = createResource(() => campaignsApi.rates());
  const [form, setForm] = createSignal<RatesForm | null>(null);
  const [tried, setTried] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [saveError, setSaveError] = createSignal('');
  const [note, setNote] = createSignal('');
  const [confirmRestore, setConfirmRestore] = createSignal(false);

  const mark = createMemo(() => decimalMarkOf(locale()));
  const regions = createMemo(() => new Intl.DisplayNames([locale()], { type: 'region' }));
  const nameOf = (code: string) => (code === OTHER ? t('cmp.rateCard.other') : (regions().of(code) ?? code));
  const example = () => `0${mark()}0691`;
  const dateText = (iso: string) => {
    const ms = Date.parse(`${iso}T00:00:00Z`);
    return Number.isFinite(ms)
      ? new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' }).format(ms)
      : iso;
  };
  const load = (table: RateTable) => setForm(fromTable(table, mark(), nameOf));

  // the form follows the table the server gives (first load, and after each save) — not the language
  createEffect(
    on(
      () => (saved.error ? undefined : saved()),
      (s) => {
        if (s) load(s);
      },
    ),
  );

  const issues = createMemo<FormIssue[]>(() => {
    const f = form();
    return f ? formIssues(f) : [];
  });
  const dirty = () => {
    const f = form();
    return !!f && isDirty(f, saved.error ? null : saved());
  };
  const published = () => {
    const s = saved();
    return !!s && sameTable(s, META_RATES);
  };

  const rateError = (e: string) => tx(`cmp.rateCard.errors.${e}`, { example: example() });
  const fieldError = (field: 'source' | 'source_date'): string => {
    const i = issues().find((x) => x.field === field);
    if (!i) return '';
    if (i.field === 'source') return i.error === 'required' ? rateError('sourceRequired') : rateError('sourceLong');
    return i.error === 'required' ? rateError('dateRequired') : rateError('dateInvalid');
  };
  const issueLine = (i: FormIssue): string => {
    if (i.field === 'rate')
      return t('cmp.rateCard.issue', {
        where: `${nameOf(i.country)}, ${tx(`cmp.rateCard.categories.${i.category}`)}`,
        what: rateError(i.error),
      });
    if (i.field === 'rows') return t('cmp.rateCard.errors.duplicate', { country: nameOf(i.country) });
    if (i.field === 'currency') return rateError('currency');
    return t('cmp.rateCard.issue', {
      where: i.field === 'source' ? t('cmp.rateCard.source') : t('cmp.rateCard.sourceDate'),
      what: fieldError(i.field),
    });
  };
  const focusFirstIssue = () => {
    const i = issues()[0];
    if (!i) return;
    const id =
      i.field === 'rate' ? idOf(i.country, i.category) : i.field === 'rows' ? idOf(i.country) : `rt-${i.field}`;
    focusId(id);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const f = form();
    if (!f || busy() || !canEdit()) return;
    setTried(true);
    setSaveError('');
    const body = toTable(f);
    if (!body) {
      queueMicrotask(focusFirstIssue);
      return;
    }
    setBusy(true);
    try {
      const table = await campaignsApi.setRates(body);
      mutate(table);
      setTried(false);
      setNote('');
      toast(t('cmp.rateCard.saved'));
    } catch (err) {
      const code = (err as { code?: string }).code;
      const message =
        code === 'forbidden'
          ? t('errors.forbidden')
          : code === 'network'
            ? t('errors.network')
            : (err as Error).message || t('common.error');
      setSaveError(t('cmp.rateCard.saveError', { message }));
    } finally {
      setBusy(false);
    }
  };

  const restore = async () => {
    load(META_RATES);
    setTried(false);
    setSaveError('');
    setNote(t('cmp.rateCard.restored', { date: dateText(META_RATES.source_date) }));
  };

  return (
    <>
      <CmpHeader title={t('cmp.rateCard.title')} back="#/campaigns" />
      {/* read-only, the screen holds nothing focusable: the scrolling area itself takes focus for the keyboard */}
      <main class="tpl-main" id="main" tabindex={form() && !canEdit() ? 0 : undefined}>
        <div class="cmp-page rt-page" data-testid="rates">
          <p class="muted">{t('cmp.rateCard.intro')}</p>
          <Show when={!saved.error} fallback={<p class="notice notice-warn">{t('cmp.rateCard.loadError')}</p>}>
            <Show when={form()} fallback={<p class="muted">{t('app.loading')}</p>}>
              {
                <Show when={canEdit()} fallback={<ReadOnly form={form()!} nameOf={nameOf} dateText={dateText} />}>
                  <form id="rt-form" class="rt-form" onSubmit={save} novalidate data-testid="rates-form">
                    <section class="card rt-source" aria-labelledby="rt-source-title">
                      <div class="rt-source-head">
                        <h2 id="rt-source-title">{t('cmp.rateCard.sourceTitle')}</h2>
                        <span class="chip" data-testid="rates-status">
                          {published() ? t('cmp.rateCard.published') : t('cmp.rateCard.customised')}
                        </span>
                      </div>
                      <div class="rt-source-grid">
                        <label class="field rt-source-text">
                          <span>{t('cmp.rateCard.source')}</span>
                          <input
                            id="rt-source"
                            type="text"
                            value={form()!.source}
                            maxLength={MAX_SOURCE}
                            aria-invalid={!!fieldError('source')}
                            aria-describedby="rt-source-hint rt-source-error"
                            onInput={(e) => setForm({ ...form()!, source: e.currentTarget.value })}
                            data-testid="rates-source"
                          />
                          <span class="small muted" id="rt-source-hint">
                            {t('cmp.rateCard.sourceHint')}
                          </span>
                          <span class="small field-error" id="rt-source-error">
                            {fieldError('source')}
                          </span>
                        </label>
                        <label class="field">
                          <span>{t('cmp.rateCard.sourceDate')}</span>
                          <input
                            id="rt-source_date"
                            type="date"
                            value={form()!.source_date}
                            aria-invalid={!!fieldError('source_date')}
                            aria-describedby="rt-date-error"
                            onInput={(e) => setForm({ ...form()!, source_date: e.currentTarget.value })}
                            data-testid="rates-date"
                          />
                          <span class="small field-error" id="rt-date-error">
                            {fieldError('source_date')}
                          </span>
                        </label>
                        <Currency code={form()!.currency} />
                      </div>
                      <button
                        type="button"
                        class="btn small rt-restore"
                        onClick={() => setConfirmRestore(true)}
                        data-testid="rates-restore"
                      >
                        <Icon name="retry" size={18} />
                        {t('cmp.rateCard.restore')}
                      </button>
                    </section>

                    <section class="card rt-table-card" aria-labelledby="rt-table-title">
                      <h2 id="rt-table-title">{t('cmp.rateCard.tableTitle')}</h2>
                      <p class="small muted" id="rt-hint">
                        {t('cmp.rateCard.hint', { example: example() })}
                      </p>
                      <div class="rt-scroll">
                        <table class="rt-table" data-testid="rates-table">
                          <thead>
                            <tr>
                              <th scope="col">{t('cmp.rateCard.country')}</th>
                              <For each={CATEGORIES}>
                                {(c) => <th scope="col">{tx(`cmp.rateCard.categories.${c}`)}</th>}
                              </For>
                              <th scope="col">
                                <span class="sr-only">{t('cmp.rateCard.actions')}</span>
                              </th>
                            </tr>
                          </thead>
                          <tbody>
                            <Index each={form()!.rows}>
                              {(row) => (
                                <tr data-testid="rates-row" data-country={row().country}>
                                  <th scope="row" class="rt-country" id={idOf(row().country)} tabindex="-1">
                                    <span class="rt-country-name">{nameOf(row().country)}</span>
                                    <Show when={row().country !== OTHER}>
                                      <span class="rt-code">{row().country}</span>
                                    </Show>
                                  </th>
                                  <For each={CATEGORIES}>
                                    {(c) => {
                                      const err = () => cellIssue(issues(), row().country, c);
                                      return (
                                        <td class="rt-cell">
                                          <label class="rt-cell-field">
                                            <span class="rt-cell-label" aria-hidden="true">
                                              {tx(`cmp.rateCard.categories.${c}`)}
                                            </span>
                                            <input
                                              id={idOf(row().country, c)}
                                              type="text"
                                              inputmode="decimal"
                                              autocomplete="off"
                                              spellcheck={false}
                                              value={row().values[c]}
                                              aria-label={t('cmp.rateCard.cell', {
                                                category: tx(`cmp.rateCard.categories.${c}`),
                                                country: nameOf(row().country),
                                              })}
                                              aria-invalid={!!err()}
                                              aria-describedby={err() ? `${idOf(row().country, c)}-error` : 'rt-hint'}
                                              onInput={(e) =>
                                                setForm(setRate(form()!, row().country, c, e.currentTarget.value))
                                              }
                                              data-testid="rates-input"
                                              data-category={c}
                                            />
                                          </label>
                                          <Show when={err()}>
                                            {(e) => (
                                              <span class="small field-error" id={`${idOf(row().country, c)}-error`}>
                                                {rateError(e())}
                                              </span>
                                            )}
                                          </Show>
                                        </td>
                                      );
                                    }}
                                  </For>
                                  <td class="rt-remove">
                                    <Show when={row().country !== OTHER}>
                                      <button
                                        type="button"
                                        class="icon-btn"
                                        aria-label={t('cmp.rateCard.remove', { country: nameOf(row().country) })}
                                        title={t('cmp.rateCard.remove', { country: nameOf(row().country) })}
                                        data-testid="rates-remove"
                                        onClick={() => {
                                          const country = row().country;
                                          const at = form()!.rows.findIndex((r) => r.country === country);
                                          setForm(removeCountry(form()!, country));
                                          setNote(t('cmp.rateCard.removed', { country: nameOf(country) }));
                                          // focus stays in the table: on the row that took its place
                                          const next = form()!.rows[Math.min(at, form()!.rows.length - 1)];
                                          if (next) queueMicrotask(() => focusId(idOf(next.country)));
                                        }}
                                      >
                                        <Icon name="trash" size={20} />
                                      </button>
                                    </Show>
                                  </td>
                                </tr>
                              )}
                            </Index>
                          </tbody>
                        </table>
                      </div>
                    </section>
                  </form>

                  <AddCountry
                    form={form()!}
                    nameOf={nameOf}
                    onAdd={(code) => {
                      setForm(addCountry(form()!, code));
                      setNote(t('cmp.rateCard.added', { country: nameOf(code) }));
                      queueMicrotask(() => focusId(idOf(code, 'marketing')));
                    }}
                  />

                  <div class="rt-foot">
                    <Show when={tried() && issues().length}>
                      <div class="notice notice-error small" role="alert" data-testid="rates-issues">
                        <p class="rt-issues-title">{t('cmp.rateCard.fixFirst')}</p>
                        <ul class="rt-issues">
                          <For each={issues().slice(0, 6)}>{(i) => <li>{issueLine(i)}</li>}</For>
                        </ul>
                      </div>
                    </Show>
                    <Show when={saveError()}>
                      <p class="notice notice-error small" role="alert" data-testid="rates-save-error">
                        {saveError()}
                      </p>
                    </Show>
                    <div class="rt-actions">
                      <div class="rt-status small">
                        <Show when={dirty()}>
                          <span class="rt-unsaved" data-testid="rates-unsaved">
                            {t('cmp.rateCard.unsaved')}
                          </span>
                        </Show>
                        <span role="status" class="rt-note" data-testid="rates-note">
                          {note()}
                        </span>
                      </div>
                      <button
                        type="submit"
                        form="rt-form"
                        class="btn btn-primary"
                        disabled={busy()}
                        data-testid="rates-save"
                      >
                        {busy() ? t('cmp.rateCard.saving') : t('cmp.rateCard.save')}
                      </button>
                    </div>
                  </div>
                  <Show when={confirmRestore()}>
                    <Confirm
                      text={t('cmp.rateCard.restoreConfirm', { date: dateText(META_RATES.source_date) })}
                      action={t('cmp.rateCard.restoreOk')}
                      onConfirm={restore}
                      onClose={() => setConfirmRestore(false)}
                    />
                  </Show>
                </Show>
              }
            </Show>
          </Show>
        </div>
      </main>
    </>
  );
}

/** The currency, with its name in the UI language ("USD — US Dollar"): the rates are in it, per delivered message. */
function Currency(props: { code: string }): JSX.Element {
  const name = () => {
    try {
      return new Intl.DisplayNames([locale()], { type: 'currency' }).of(props.code) ?? '';
    } catch {
      return '';
    }
  };
  return (
    <div class="field rt-currency">
      <span>{t('cmp.rateCard.currency')}</span>
      <p class="rt-currency-value" data-testid="rates-currency">
        <span>
          <strong>{props.code}</strong>
          <Show when={name() && name() !== props.code}>{` — ${name()}`}</Show>
        </span>
        <span class="small muted">{t('cmp.rateCard.perMessage')}</span>
      </p>
    </div>
  );
}

/** "Add a country": an ISO 3166 code, with the country's name shown as it is typed and the reason when it cannot be added. */
function AddCountry(props: { form: RatesForm; nameOf: (code: string) => string; onAdd: (code: string) => void }) {
  const [typed, setTyped] = createSignal('');
  const [tried, setTried] = createSignal(false);
  const code = () => normalizeCode(typed());
  const issue = () => countryCodeIssue(typed(), props.form.rows);
  const message = () => {
    const i = issue();
    if (!i) return props.nameOf(code());
    if (i === 'empty') return tried() ? t('cmp.rateCard.errors.empty') : '';
    if (i === 'format') return code().length >= 2 || tried() ? t('cmp.rateCard.errors.format') : '';
    if (i === 'unknown') return t('cmp.rateCard.errors.unknown', { code: code() });
    return t('cmp.rateCard.errors.already', { country: props.nameOf(code()) });
  };
  const options = createMemo(() =>
    COUNTRY_CODES.filter((c) => !props.form.rows.some((r) => r.country === c)).map((c) => ({
      code: c,
      name: props.nameOf(c),
    })),
  );
  return (
    <form
      class="card rt-add"
      aria-labelledby="rt-add-title"
      data-testid="rates-add"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (issue()) return;
        props.onAdd(code());
        setTyped('');
        setTried(false);
      }}
    >
      <h2 id="rt-add-title">{t('cmp.rateCard.addTitle')}</h2>
      <label class="field-label" for="rt-add-code">
        {t('cmp.rateCard.code')}
      </label>
      <div class="rt-add-row">
        <div class="field">
          <input
            id="rt-add-code"
            type="text"
            value={typed()}
            maxLength={3}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            list="rt-countries"
            placeholder={t('cmp.rateCard.codePlaceholder')}
            aria-invalid={tried() && !!issue()}
            aria-describedby="rt-add-message"
            onInput={(e) => setTyped(e.currentTarget.value)}
            data-testid="rates-add-code"
          />
        </div>
        <button type="submit" class="btn" data-testid="rates-add-submit">
          <Icon name="plus" size={18} />
          {t('cmp.rateCard.add')}
        </button>
      </div>
      <p
        id="rt-add-message"
        class="small rt-add-message"
        classList={{ 'field-error': !!issue() && !!message() }}
        aria-live="polite"
        data-testid="rates-add-message"
      >
        {message()}
      </p>
      <datalist id="rt-countries">
        <For each={options()}>{(o) => <option value={o.code}>{o.name}</option>}</For>
      </datalist>
    </form>
  );
}

/** What a manager sees: the same table, as text. */
function ReadOnly(props: {
  form: RatesForm;
  nameOf: (code: string) => string;
  dateText: (iso: string) => string;
}): JSX.Element {
  const money = (text: string) => {
    if (!text) return t('cmp.rateCard.notSet');
    const n = Number(text.replace(',', '.'));
    try {
      return new Intl.NumberFormat(locale(), {
        style: 'currency',
        currency: props.form.currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: 4,
      }).format(n);
    } catch {
      return text;
    }
  };
  return (
    <>
      <p class="notice small" data-testid="rates-readonly">
        {t('cmp.rateCard.readOnly')}
      </p>
      <section class="card rt-source" aria-labelledby="rt-source-title">
        <h2 id="rt-source-title">{t('cmp.rateCard.sourceTitle')}</h2>
        <dl class="cmp-dl rt-dl">
          <dt>{t('cmp.rateCard.source')}</dt>
          <dd data-testid="rates-source">{props.form.source}</dd>
          <dt>{t('cmp.rateCard.sourceDate')}</dt>
          <dd data-testid="rates-date">{props.dateText(props.form.source_date)}</dd>
          <dt>{t('cmp.rateCard.currency')}</dt>
          <dd data-testid="rates-currency">{`${props.form.currency} · ${t('cmp.rateCard.perMessage')}`}</dd>
        </dl>
      </section>
      <section class="card rt-table-card" aria-labelledby="rt-table-title">
        <h2 id="rt-table-title">{t('cmp.rateCard.tableTitle')}</h2>
        <div class="rt-scroll">
          <table class="rt-table rt-readonly" data-testid="rates-table">
            <thead>
              <tr>
                <th scope="col">{t('cmp.rateCard.country')}</th>
                <For each={CATEGORIES}>{(c) => <th scope="col">{tx(`cmp.rateCard.categories.${c}`)}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={props.form.rows}>
                {(row) => (
                  <tr data-testid="rates-row" data-country={row.country}>
                    <th scope="row" class="rt-country">
                      <span class="rt-country-name">{props.nameOf(row.country)}</span>
                      <Show when={row.country !== OTHER}>
                        <span class="rt-code">{row.country}</span>
                      </Show>
                    </th>
                    <For each={CATEGORIES}>
                      {(c) => (
                        <td class="rt-cell" data-category={c}>
                          <span class="rt-cell-label" aria-hidden="true">
                            {tx(`cmp.rateCard.categories.${c}`)}
                          </span>
                          <span classList={{ muted: !row.values[c] }}>{money(row.values[c])}</span>
                        </td>
                      )}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
