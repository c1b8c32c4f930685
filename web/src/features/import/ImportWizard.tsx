/**
 * The CSV import wizard ("Gestisci CSV"): upload → map columns (and the country for numbers without
 * prefix) → check the first rows and analyse the whole file → options (list, one tag, opt-in source) →
 * progress → result with the downloadable report. Admins and managers. See wizard.ts for the steps.
 */
import { useStore } from '@nanostores/solid';
import { createMemo, createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { locale, t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { $session } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { browserCountry } from '../contacts/ContactForm.tsx';
import { $filter, $view } from '../contacts/contacts.store.ts';
import { crm, download, watchJob } from '../contacts/crm.api.ts';
import { CrmHeader, crmError, JobProgress, num } from '../contacts/crm-ui.tsx';
import { CrmIcon } from '../contacts/icons.tsx';
import { COUNTRIES, countryName } from '../contacts/phone.ts';
import { $fields, $lists, $listsById, $tags, crmCan, loadLists, loadTags } from '../contacts/taxonomy.ts';
import { ColorPicker } from '../lists/TagsScreen.tsx';
import { mappingProblems, STANDARD_TARGETS, suggestMapping, type Target } from './mapping.ts';
import { AnalysisView, Counts } from './AnalysisView.tsx';
import {
  analysisFresh,
  canGo,
  initialWizard,
  optionsValid,
  resultOf,
  settingsKey,
  startBody,
  wizard,
  type Step,
  type WizardEvent,
  type WizardState,
} from './wizard.ts';

const VISIBLE_STEPS: Step[] = ['upload', 'map', 'preview', 'options', 'done'];
const DELIMS: Record<string, 'comma' | 'semicolon' | 'tab' | 'pipe'> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};

// the wizard survives leaving the screen (an import keeps running on the server meanwhile)
let kept: WizardState | undefined;

export default function ImportWizard(props: { list?: string | undefined }) {
  const session = useStore($session);
  const fields = useStore($fields);
  const tags = useStore($tags);
  const lists = useStore($lists);
  const listsById = useStore($listsById);
  const fresh = () => initialWizard({ ...(props.list ? { list: props.list } : {}), defaultCountry: browserCountry() });
  const [s, setS] = createSignal<WizardState>(kept && (kept.options.list || undefined) === props.list ? kept : fresh());
  const send = (e: WizardEvent) => {
    const next = wizard(s(), e);
    kept = next;
    setS(next);
  };
  const defs = createMemo(() => new Map(fields().map((d) => [d.key, d])));
  const onContact = () => fields().filter((d) => d.on_contact);
  const [dragging, setDragging] = createSignal(false);
  let watcher: ReturnType<typeof watchJob> | undefined;
  onCleanup(() => watcher?.stop());
  onMount(() => {
    void loadLists();
    const st = s();
    // back on the screen while the job runs: follow it again
    if (st.step === 'running' && st.job) follow(st.job.id);
  });

  const follow = (id: string) => {
    watcher?.stop();
    watcher = watchJob(id, (job) => send({ type: 'job', job }));
    watcher.done.catch((err) => send({ type: 'failed', error: err }));
  };

  const upload = async (file: File | undefined) => {
    if (!file) return;
    send({ type: 'busy' });
    try {
      const res = await crm.upload(file);
      send({
        type: 'uploaded',
        upload: res,
        mapping: suggestMapping(res.header, res.preview, defs(), res.suggested_mapping),
      });
    } catch (err) {
      send({ type: 'failed', error: err });
    }
  };

  const analyse = async () => {
    const st = s();
    if (!st.upload) return;
    send({ type: 'busy' });
    try {
      const a = await crm.analyse(st.upload.job.id, {
        mapping: st.mapping,
        default_country: st.defaultCountry || undefined,
        date_order: st.dateOrder,
        invalid_phones: st.invalidPhones,
      });
      // the settings may have changed while the server was analysing
      if (settingsKey(s()) === settingsKey(st)) send({ type: 'analysed', analysis: a });
      else send({ type: 'failed', error: null });
    } catch (err) {
      send({ type: 'failed', error: err });
    }
  };

  const goPreview = () => {
    send({ type: 'goto', step: 'preview' });
    if (!analysisFresh(s())) void analyse();
  };

  const start = async () => {
    const st = s();
    if (!st.upload || !optionsValid(st.options)) return;
    send({ type: 'busy' });
    try {
      let tagId = st.options.tag && st.options.tag !== 'new' ? st.options.tag : undefined;
      if (st.options.tag === 'new') {
        const name = st.options.newTag.trim();
        try {
          tagId = (await crm.createTag(name, st.options.newTagColor)).id;
        } catch (err) {
          if ((err as { code?: string }).code !== 'already_exists') throw err;
          await loadTags();
          tagId = $tags.get().find((x) => x.name.toLowerCase() === name.toLowerCase())?.id;
          if (!tagId) throw err;
        }
        await loadTags();
        send({ type: 'options', patch: { tag: tagId, newTag: '' } });
      }
      const job = await crm.startImport(st.upload.job.id, startBody(s(), tagId));
      send({ type: 'started', job });
      follow(job.id);
    } catch (err) {
      send({ type: 'failed', error: err });
    }
  };

  const cancel = async () => {
    const job = s().job;
    if (!job) return;
    try {
      await crm.cancelJob(job.id);
    } catch (err) {
      toast(crmError(err), 'error');
    }
  };

  const report = async () => {
    const job = s().job;
    if (!job) return;
    try {
      await download(`/api/v1/contacts/import/${job.id}/report`, `import-report-${job.id}.csv`);
    } catch (err) {
      toast(crmError(err), 'error');
    }
  };

  const showImported = () => {
    const o = s().options;
    $view.set(null);
    $filter.set(o.tag && o.tag !== 'new' ? { tags: [o.tag] } : o.list ? { lists: [o.list] } : {});
    kept = undefined;
    navigate('/contacts');
  };

  const targetLabel = (tg: Target) =>
    tg === 'ignore'
      ? t('crm.import.ignore')
      : tg.startsWith('field:')
        ? defs().get(tg.slice(6))?.label || tg.slice(6)
        : t(`crm.import.target.${tg as (typeof STANDARD_TARGETS)[number]}`);
  const examples = (i: number) =>
    (s().upload?.preview ?? [])
      .map((r) => (r[i] ?? '').trim())
      .filter(Boolean)
      .slice(0, 2);
  const problems = () => mappingProblems(s().mapping, defs());
  const stepIndex = () => VISIBLE_STEPS.indexOf(s().step === 'running' ? 'done' : s().step);
  const stepName = (st: Step) => t(`crm.import.step.${st}`);
  const countries = createMemo(() =>
    COUNTRIES.map((c) => ({ c, name: countryName(c, locale()) })).sort((a, b) =>
      a.name.localeCompare(b.name, locale()),
    ),
  );
  const analysis = () => (analysisFresh(s()) ? s().analysis : null);
  const targetList = () => (s().options.list ? listsById().get(s().options.list) : undefined);

  return (
    <div class="crm-screen">
      <CrmHeader title={t('crm.import.title')} titleId="import-title" back={props.list ? '/lists' : '/contacts'} />
      <main class="crm-main crm-scroll" id="main">
        <Show when={crmCan.importExport(session()?.user)} fallback={<p class="pad notice">{t('errors.forbidden')}</p>}>
          <div class="crm-page wizard" data-testid="import-wizard" data-step={s().step}>
            <ol class="stepper" aria-label={t('crm.import.steps')}>
              <For each={VISIBLE_STEPS}>
                {(st, i) => (
                  <li
                    classList={{ done: i() < stepIndex(), current: i() === stepIndex() }}
                    aria-current={i() === stepIndex() ? 'step' : undefined}
                  >
                    <span class="stepper-n" aria-hidden="true">
                      {i() + 1}
                    </span>
                    <span class="stepper-label">{stepName(st)}</span>
                  </li>
                )}
              </For>
            </ol>
            <h2 class="wizard-title">
              {t('crm.import.stepOf', {
                n: stepIndex() + 1,
                total: VISIBLE_STEPS.length,
                name: stepName(VISIBLE_STEPS[stepIndex()]!),
              })}
            </h2>
            <Show when={s().error}>
              {(err) => (
                <p class="notice notice-error" role="alert" data-testid="import-error">
                  {crmError(err())}
                </p>
              )}
            </Show>

            <Switch>
              <Match when={s().step === 'upload'}>
                <Show when={targetList()}>
                  {(l) => (
                    <p class="notice" data-testid="import-target-list">
                      {t('crm.import.targetList', { name: l().name })}
                    </p>
                  )}
                </Show>
                <label
                  class="dropzone"
                  classList={{ over: dragging() }}
                  onDragOver={(e) => (e.preventDefault(), setDragging(true))}
                  onDragLeave={() => setDragging(false)}
                  onDrop={(e) => (e.preventDefault(), setDragging(false), void upload(e.dataTransfer?.files[0]))}
                >
                  <CrmIcon name="upload" size={32} />
                  <strong>{s().busy ? t('crm.import.uploading') : t('crm.import.upload')}</strong>
                  <span class="muted small">{t('crm.import.dropHere')}</span>
                  <input
                    type="file"
                    accept=".csv,.txt,.tsv,text/csv,text/plain,text/tab-separated-values"
                    disabled={s().busy}
                    class="sr-only"
                    onChange={(e) => void upload(e.currentTarget.files?.[0])}
                    data-testid="import-file"
                  />
                </label>
                <p class="muted small">{t('crm.import.uploadHint')}</p>
                <p class="notice small" data-testid="import-no-tags">
                  {t('crm.import.noTags')}
                </p>
              </Match>

              <Match when={s().step === 'map' && s().upload}>
                {(u) => (
                  <>
                    <p class="muted small" data-testid="import-format">
                      {t('crm.import.formatLine', {
                        rows: t('crm.import.format', u().rows),
                        delimiter: t(`crm.import.delimiter.${DELIMS[u().format.delimiter] ?? 'comma'}`),
                        encoding: u().format.encoding === 'utf8' ? 'UTF-8' : 'Windows-1252',
                      })}
                    </p>
                    <h3>{t('crm.import.mapTitle')}</h3>
                    <p class="muted small">{t('crm.import.mapHint')}</p>
                    <ol class="map-list" data-testid="import-mapping">
                      <For each={u().header}>
                        {(h, i) => (
                          <li class="card map-item" classList={{ ignored: s().mapping[i()] === 'ignore' }}>
                            <label class="field">
                              <span>{t('crm.import.column', { n: i() + 1, name: h || '—' })}</span>
                              <select
                                value={s().mapping[i()]}
                                onChange={(e) =>
                                  send({ type: 'map', column: i(), target: e.currentTarget.value as Target })
                                }
                                data-testid="map-select"
                                data-column={h}
                              >
                                <option value="ignore">{t('crm.import.ignore')}</option>
                                <optgroup label={t('crm.import.standard')}>
                                  <For each={STANDARD_TARGETS}>
                                    {(tg) => <option value={tg}>{targetLabel(tg)}</option>}
                                  </For>
                                </optgroup>
                                <Show when={onContact().length}>
                                  <optgroup label={t('crm.import.dynamic')}>
                                    <For each={onContact()}>
                                      {(d) => (
                                        <option value={`field:${d.key}`}>
                                          {d.label ? `${d.label} (${d.key})` : d.key}
                                        </option>
                                      )}
                                    </For>
                                  </optgroup>
                                </Show>
                              </select>
                            </label>
                            <Show when={examples(i()).length}>
                              <span class="muted small map-example">
                                {t('crm.import.examples', { values: examples(i()).join(' · ') })}
                              </span>
                            </Show>
                          </li>
                        )}
                      </For>
                    </ol>
                    <div class="grid-2">
                      <label class="field">
                        <span>{t('crm.import.defaultCountry')}</span>
                        <select
                          value={s().defaultCountry}
                          onChange={(e) => send({ type: 'settings', patch: { defaultCountry: e.currentTarget.value } })}
                          data-testid="import-country"
                        >
                          <For each={countries()}>{(x) => <option value={x.c}>{x.name}</option>}</For>
                        </select>
                      </label>
                      <label class="field">
                        <span>{t('crm.import.dateOrder')}</span>
                        <select
                          value={s().dateOrder}
                          onChange={(e) =>
                            send({ type: 'settings', patch: { dateOrder: e.currentTarget.value as 'dmy' | 'mdy' } })
                          }
                        >
                          <option value="dmy">{t('crm.import.dmy')}</option>
                          <option value="mdy">{t('crm.import.mdy')}</option>
                        </select>
                      </label>
                      <label class="field">
                        <span>{t('crm.import.invalidPhones')}</span>
                        <select
                          value={s().invalidPhones}
                          onChange={(e) =>
                            send({
                              type: 'settings',
                              patch: { invalidPhones: e.currentTarget.value as 'skip' | 'import' },
                            })
                          }
                          data-testid="import-invalid"
                        >
                          <option value="skip">{t('crm.import.invalidSkip')}</option>
                          <option value="import">{t('crm.import.invalidImport')}</option>
                        </select>
                      </label>
                    </div>
                    <Show when={problems().noPhone}>
                      <p class="notice notice-error" role="alert" data-testid="map-no-phone">
                        {t('crm.import.noPhone')}
                      </p>
                    </Show>
                    <For each={problems().duplicates}>
                      {(d) => (
                        <p class="notice notice-error" role="alert">
                          {t('crm.import.duplicateTarget', { target: targetLabel(d) })}
                        </p>
                      )}
                    </For>
                    <Show when={problems().missingRequired.length}>
                      <p class="notice notice-warn">
                        {t('crm.import.missingRequired', { keys: problems().missingRequired.join(', ') })}
                      </p>
                    </Show>
                    <div class="wizard-nav">
                      <button type="button" class="btn" onClick={() => send({ type: 'goto', step: 'upload' })}>
                        {t('crm.import.back')}
                      </button>
                      <button
                        type="button"
                        class="btn btn-primary"
                        disabled={!canGo(s(), 'preview')}
                        onClick={goPreview}
                        data-testid="import-next"
                      >
                        {t('crm.import.next')}
                      </button>
                    </div>
                  </>
                )}
              </Match>

              <Match when={s().step === 'preview' && s().upload}>
                {(u) => (
                  <>
                    <h3>{t('crm.import.previewTitle')}</h3>
                    <ol class="preview-rows" data-testid="import-preview">
                      <For each={u().preview.slice(0, 5)}>
                        {(row, r) => (
                          <li class="card preview-row">
                            <span class="muted small">{t('crm.import.previewRow', { n: r() + 2 })}</span>
                            <dl class="cp-dl">
                              <For
                                each={s()
                                  .mapping.map((tg, i) => [tg, i] as const)
                                  .filter(([tg]) => tg !== 'ignore')}
                              >
                                {([tg, i]) => (
                                  <>
                                    <dt>{targetLabel(tg)}</dt>
                                    <dd>{(row[i] ?? '').trim() || '—'}</dd>
                                  </>
                                )}
                              </For>
                            </dl>
                          </li>
                        )}
                      </For>
                    </ol>
                    <Show when={!analysis()}>
                      <Show when={s().analysis && !s().busy}>
                        <p class="notice notice-warn">{t('crm.import.reanalyse')}</p>
                      </Show>
                      <button
                        type="button"
                        class="btn btn-primary"
                        disabled={s().busy}
                        onClick={() => void analyse()}
                        data-testid="import-analyse"
                      >
                        {s().busy ? t('crm.import.analysing') : t('crm.import.analyse')}
                      </button>
                    </Show>
                    <Show when={analysis()}>{(a) => <AnalysisView a={a()} defs={defs()} />}</Show>
                    <div class="wizard-nav">
                      <button type="button" class="btn" onClick={() => send({ type: 'goto', step: 'map' })}>
                        {t('crm.import.back')}
                      </button>
                      <button
                        type="button"
                        class="btn btn-primary"
                        disabled={!canGo(s(), 'options')}
                        onClick={() => send({ type: 'goto', step: 'options' })}
                        data-testid="import-next"
                      >
                        {t('crm.import.next')}
                      </button>
                    </div>
                  </>
                )}
              </Match>

              <Match when={s().step === 'options'}>
                <form class="import-options" onSubmit={(e) => (e.preventDefault(), void start())}>
                  <label class="field">
                    <span>{t('crm.import.list')}</span>
                    <select
                      value={s().options.list}
                      onChange={(e) => send({ type: 'options', patch: { list: e.currentTarget.value } })}
                      data-testid="import-list"
                    >
                      <option value="">{t('crm.import.noList')}</option>
                      <For each={lists()}>{(l) => <option value={l.id}>{l.name}</option>}</For>
                    </select>
                  </label>
                  <label class="field">
                    <span>{t('crm.import.tag')}</span>
                    <select
                      value={s().options.tag}
                      onChange={(e) => send({ type: 'options', patch: { tag: e.currentTarget.value } })}
                      data-testid="import-tag"
                    >
                      <option value="">{t('crm.import.noTag')}</option>
                      <For each={tags()}>{(x) => <option value={x.id}>{x.name}</option>}</For>
                      <option value="new">{t('crm.import.newTag')}</option>
                    </select>
                  </label>
                  <Show when={s().options.tag === 'new'}>
                    <label class="field">
                      <span>{t('crm.import.newTagName')}</span>
                      <input
                        value={s().options.newTag}
                        maxLength={60}
                        required
                        onInput={(e) => send({ type: 'options', patch: { newTag: e.currentTarget.value } })}
                        data-testid="import-new-tag"
                      />
                    </label>
                    <ColorPicker
                      value={s().options.newTagColor}
                      onChange={(c) => send({ type: 'options', patch: { newTagColor: c } })}
                      name="import-tag-color"
                    />
                  </Show>
                  <p class="muted small">{t('crm.import.noTagsHere')}</p>
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={s().options.optIn}
                      onChange={(e) => send({ type: 'options', patch: { optIn: e.currentTarget.checked } })}
                      data-testid="import-optin"
                    />{' '}
                    {t('crm.import.optIn')}
                  </label>
                  <Show when={s().options.optIn}>
                    <div class="grid-2">
                      <label class="field">
                        <span>{t('crm.import.optInSource')}</span>
                        <input
                          value={s().options.optInSource}
                          maxLength={200}
                          required
                          onInput={(e) => send({ type: 'options', patch: { optInSource: e.currentTarget.value } })}
                          data-testid="import-optin-source"
                        />
                      </label>
                      <label class="field">
                        <span>{t('crm.import.optInScope')}</span>
                        <select
                          value={s().options.optInScope}
                          onChange={(e) =>
                            send({
                              type: 'options',
                              patch: { optInScope: e.currentTarget.value as 'marketing' | 'utility' | 'all' },
                            })
                          }
                        >
                          <option value="marketing">{t('crm.consent.scope.marketing')}</option>
                          <option value="utility">{t('crm.consent.scope.utility')}</option>
                          <option value="all">{t('crm.consent.scope.all')}</option>
                        </select>
                      </label>
                    </div>
                  </Show>
                  <div class="wizard-nav">
                    <button type="button" class="btn" onClick={() => send({ type: 'goto', step: 'preview' })}>
                      {t('crm.import.back')}
                    </button>
                    <button
                      type="submit"
                      class="btn btn-primary"
                      disabled={s().busy || !optionsValid(s().options)}
                      data-testid="import-start"
                    >
                      {t('crm.import.start', { n: num(s().analysis?.importable ?? 0) })}
                    </button>
                  </div>
                </form>
              </Match>

              <Match when={s().step === 'running'}>
                <JobProgress
                  job={s().job}
                  label={t('crm.import.running')}
                  cancelLabel={t('crm.import.cancel')}
                  onCancel={() => void cancel()}
                />
              </Match>

              <Match when={s().step === 'done' && s().job}>
                {(job) => (
                  <Show
                    when={job().state === 'succeeded'}
                    fallback={
                      <p class="notice notice-error" role="alert" data-testid="import-failed">
                        {job().state === 'cancelled'
                          ? t('crm.import.cancelled')
                          : t('crm.import.failed', { error: job().error })}
                      </p>
                    }
                  >
                    <div class="import-result" data-testid="import-result" role="status">
                      <h3>{t('crm.import.resultTitle')}</h3>
                      <div class="stats">
                        <div class="stat ok">
                          <strong data-testid="result-created">{num(resultOf(job()).created)}</strong>
                          <span>{t('crm.import.created')}</span>
                        </div>
                        <div class="stat">
                          <strong data-testid="result-updated">{num(resultOf(job()).updated)}</strong>
                          <span>{t('crm.import.updated')}</span>
                          <Show when={resultOf(job()).unchanged}>
                            <small class="muted">
                              {t('crm.import.unchanged', { n: num(resultOf(job()).unchanged) })}
                            </small>
                          </Show>
                        </div>
                        <div class="stat warn">
                          <strong data-testid="result-skipped">{num(resultOf(job()).skipped)}</strong>
                          <span>{t('crm.import.skipped')}</span>
                        </div>
                      </div>
                      <Show when={resultOf(job()).skipped}>
                        <h4>{t('crm.import.skippedDone')}</h4>
                        <Counts
                          items={resultOf(job()).skipped_by_reason}
                          defs={defs()}
                          testid="result-skipped-reasons"
                        />
                      </Show>
                      <Show when={Object.keys(resultOf(job()).warnings_by_reason).length}>
                        <h4>{t('crm.import.warningsDone')}</h4>
                        <Counts items={resultOf(job()).warnings_by_reason} defs={defs()} testid="result-warnings" />
                      </Show>
                    </div>
                  </Show>
                )}
              </Match>
            </Switch>

            <Show when={s().step === 'done'}>
              <div class="wizard-nav wrap">
                <Show when={s().job?.state === 'succeeded'}>
                  <button type="button" class="btn" onClick={() => void report()} data-testid="import-report">
                    <Icon name="download" size={18} /> {t('crm.import.report')}
                  </button>
                  <button type="button" class="btn btn-primary" onClick={showImported} data-testid="import-show">
                    {t('crm.import.viewContacts')}
                  </button>
                </Show>
                <button
                  type="button"
                  class="btn"
                  onClick={() => send({ type: 'goto', step: 'upload' })}
                  data-testid="import-another"
                >
                  {t('crm.import.another')}
                </button>
              </div>
            </Show>
          </div>
        </Show>
      </main>
    </div>
  );
}
