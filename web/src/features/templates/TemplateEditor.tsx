/**
 * The editor: one template, a tab per language (each with its own status), every rule checked as you type,
 * the WhatsApp preview beside it (below it on a phone). Drafts are saved and submitted here; an approved,
 * rejected or paused template is edited where Meta allows it, otherwise duplicated as new.
 */
import { useStore } from '@nanostores/solid';
import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { EDITOR_LANGUAGES } from '../../../../api/src/modules/templates/template-language.ts';
import { fromMetaComponents, type ParamMapping } from '../../../../api/src/modules/templates/template-placeholders.ts';
import { CATEGORIES, LIMITS, validateName } from '../../../../api/src/modules/templates/template-rules.ts';
import { t } from '../../i18n/index.ts';
import { tx } from './tx.ts';
import { navigate } from '../../router.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { $numbers } from '../numbers/numbers.store.ts';
import {
  ButtonsSection,
  Counter,
  FieldMenu,
  HeaderSection,
  HistoryList,
  IssuesList,
  PlaceholdersSection,
  VerdictBox,
} from './EditorParts.tsx';
import {
  componentsOf,
  withCategory,
  emptyForm,
  formFromRow,
  insertAt,
  issuesOf,
  LOCKED,
  neededExamples,
  type LangForm,
  type TemplateRow,
} from './editor-state.ts';
import { PhonePreview } from './PhonePreview.tsx';
import { SampleContact } from './SampleContact.tsx';
import { AuthSection } from './AuthSection.tsx';
import { sampleUrl, templatesApi } from './templates.api.ts';

const EDITABLE_AT_META = new Set(['APPROVED', 'REJECTED', 'PAUSED']);

export default function TemplateEditor(props: { id?: string | undefined; canWrite: boolean }) {
  const numbers = useStore($numbers);
  const [name, setName] = createSignal('');
  const [category, setCategory] = createSignal('MARKETING');
  const [defaultLanguage, setDefaultLanguage] = createSignal('it');
  const [mapping, setMapping] = createSignal<ParamMapping>({});
  const [forms, setForms] = createSignal<LangForm[]>([emptyForm('it')]);
  const [rows, setRows] = createSignal<TemplateRow[]>([]);
  const [active, setActive] = createSignal(0);
  const [dynamic, setDynamic] = createSignal<string[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [uploading, setUploading] = createSignal(false);
  const [allowRecat, setAllowRecat] = createSignal(false);
  const [nextEdit, setNextEdit] = createSignal<string | null>(null);
  const pendingSamples = new Map<string, File>();
  // languages whose sample waits for the first save: the upload happens then, so it is not missing
  const [pendingLangs, setPendingLangs] = createSignal<string[]>([]);
  const checked = (f: LangForm) =>
    issuesOf(name(), category(), f).filter(
      (i) => !(i.rule === 'header.sample_required' && pendingLangs().includes(f.language)),
    );
  let bodyRef: HTMLTextAreaElement | undefined;

  const form = () => forms()[Math.min(active(), forms().length - 1)]!;
  const row = () => rows().find((r) => r.language === form().language);
  const saved = () => rows().length > 0;
  const locked = () => !props.canWrite || LOCKED.has(form().status);
  const atMeta = () => EDITABLE_AT_META.has(form().status);
  const issues = createMemo(() => checked(form()));
  const allIssues = createMemo(() => forms().flatMap(checked));
  const nameIssues = createMemo(() => validateName(name()));
  const keys = createMemo(() => neededExamples(form()));

  const patchForm = (patch: Partial<LangForm>) =>
    setForms(forms().map((f, i) => (i === active() ? { ...f, ...patch } : f)));

  async function load(id: string) {
    const d = await templatesApi.get(id);
    const list = d.translations.filter((r) => r.status !== 'DELETED');
    setRows(list);
    setNextEdit(d.next_edit_at);
    const first = d.template;
    setName(first.name);
    setCategory(first.category);
    setDefaultLanguage(first.default_language || first.language);
    setMapping(first.mapping ?? {});
    const fs = list.map((r) =>
      formFromRow(
        r,
        r.draft_components?.length
          ? { components: r.draft_components, examples: r.examples ?? {} }
          : fromMetaComponents(r.components),
        sampleUrl(r),
      ),
    );
    setForms(fs.length ? fs : [emptyForm('it')]);
    const i = fs.findIndex((f) => f.id === id);
    if (i >= 0 && active() === 0) setActive(i);
  }

  onMount(() => {
    void templatesApi.fields().then((f) => setDynamic(f.map((x) => x.key)));
    if (props.id) void load(props.id).catch((err) => toast(errorText(err), 'error'));
    // Meta's verdict arrives by webhook: refresh while a language waits for it
    const timer = setInterval(() => {
      const id = rows()[0]?.id;
      if (
        id &&
        document.visibilityState === 'visible' &&
        rows().some((r) => r.status === 'PENDING' || r.status === 'SUBMITTED')
      )
        void load(id).catch(() => undefined);
    }, 1500);
    onCleanup(() => clearInterval(timer));
  });

  const insertField = (field: string) => {
    const el = bodyRef;
    const snippet = `%%${field}%%`;
    const at = insertAt(
      form().body,
      el?.selectionStart ?? form().body.length,
      el?.selectionEnd ?? form().body.length,
      snippet,
    );
    patchForm({ body: at.value });
    queueMicrotask(() => {
      el?.focus();
      el?.setSelectionRange(at.caret, at.caret);
    });
  };

  const examplesOf = (f: LangForm) => Object.fromEntries(neededExamples(f).map((k) => [k, f.examples[k] ?? '']));

  /** Creates new languages, saves drafts (and samples), sends edits to Meta where allowed; returns the first row id. */
  async function save(sendEdits: boolean): Promise<string | undefined> {
    let firstId = rows()[0]?.id;
    for (const f of forms()) {
      const body = {
        components: componentsOf(f),
        examples: examplesOf(f),
        mapping: mapping(),
        default_language: defaultLanguage(),
      };
      let id = f.id;
      if (!id) {
        const d = await templatesApi.create({ name: name(), category: category(), language: f.language, ...body });
        id = d.template.id;
      } else if (f.status === 'DRAFT') {
        await templatesApi.patch(id, { ...body, category: category() });
      } else if (sendEdits && EDITABLE_AT_META.has(f.status) && f.language === form().language) {
        await templatesApi.patch(id, body);
      } else {
        await templatesApi.patch(id, { mapping: mapping(), default_language: defaultLanguage() });
      }
      const file = pendingSamples.get(f.language);
      if (file) {
        pendingSamples.delete(f.language);
        await templatesApi.sample(id, file);
        setPendingLangs(pendingLangs().filter((l) => l !== f.language));
      }
      firstId ??= id;
    }
    if (firstId) await load(firstId);
    return firstId;
  }

  const run = async (fn: () => Promise<void>) => {
    if (busy()) return;
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const onSave = () =>
    run(async () => {
      const id = await save(true);
      toast(t('tpl.saved'));
      if (id && props.id !== id) navigate(`/templates/${id}`, { replace: true });
    });
  const onSubmit = () =>
    run(async () => {
      const id = await save(false);
      if (!id) return;
      await templatesApi.submit(id, allowRecat());
      toast(t('tpl.submitted'));
      await load(id);
      if (props.id !== id) navigate(`/templates/${id}`, { replace: true });
    });
  const onDuplicate = () =>
    run(async () => {
      const copy = prompt(t('tpl.duplicateName'), `${name()}_v2`);
      if (!copy || !rows()[0]) return;
      const r = await templatesApi.duplicate(rows()[0]!.id, copy.trim());
      toast(t('tpl.duplicated'));
      navigate(`/templates/${r.items[0]!.id}`);
    });
  const onDelete = (all: boolean) =>
    run(async () => {
      const r = row();
      if (!r) {
        setForms(forms().filter((_, i) => i !== active()));
        setActive(0);
        return;
      }
      if (
        !confirm(
          all
            ? t('tpl.deleteAllConfirm', { name: name() })
            : t('tpl.deleteConfirm', { name: name(), language: r.language }),
        )
      )
        return;
      const res = await templatesApi.remove(r.id, all);
      toast(
        res.name_reusable_at
          ? t('tpl.nameBlocked', { name: name(), date: res.name_reusable_at.slice(0, 10) })
          : t('tpl.deleted'),
        'info',
        8000,
      );
      const left = rows().filter((x) => !all && x.id !== r.id);
      if (left[0]) {
        setActive(0);
        navigate(`/templates/${left[0].id}`, { replace: true });
        await load(left[0].id);
      } else navigate('/templates');
    });

  const onSample = (file: File) => {
    patchForm({ headerSampleUrl: URL.createObjectURL(file) });
    const id = form().id;
    if (!id) {
      pendingSamples.set(form().language, file);
      setPendingLangs([...pendingLangs(), form().language]);
      return;
    }
    setUploading(true);
    void templatesApi
      .sample(id, file)
      .then((d) => {
        const r = d.template;
        const handle =
          (r.draft_components?.[0]?.example as { header_handle?: string[] } | undefined)?.header_handle?.[0] ?? '';
        patchForm({ headerHandle: handle });
        setRows(rows().map((x) => (x.id === r.id ? r : x)));
      })
      .catch((err) => toast(errorText(err), 'error'))
      .finally(() => setUploading(false));
  };

  const addLanguage = (lang: string) => {
    if (!lang || forms().some((f) => f.language === lang)) return;
    // a new translation starts from the current one: same structure, text to translate
    setForms([
      ...forms(),
      {
        ...form(),
        id: undefined,
        status: 'DRAFT',
        language: lang,
        headerHandle: form().headerHandle,
        headerSampleUrl: form().headerSampleUrl,
      },
    ]);
    const from = form();
    if (from.headerSampleUrl && from.id) {
      // the saved sample is copied to the new language (each translation keeps its own file for sends)
      setPendingLangs([...pendingLangs(), lang]);
      void fetch(from.headerSampleUrl)
        .then((r) => r.blob())
        .then((b) =>
          pendingSamples.set(lang, new File([b], `sample.${b.type.split('/')[1] ?? 'bin'}`, { type: b.type })),
        );
    } else if (from.headerSampleUrl) {
      const file = pendingSamples.get(from.language);
      if (file) {
        pendingSamples.set(lang, file);
        setPendingLangs([...pendingLangs(), lang]);
      }
    }
    setActive(forms().length - 1);
  };

  const businessName = () => numbers()[0]?.verified_name || 'Spunta';

  return (
    <div class="tpl-editor" data-testid="tpl-editor">
      <div class="tpl-form">
        <div class="tpl-section">
          <label class="field">
            <span class="tpl-label-row">
              {t('tpl.name')} <Counter text={name()} max={LIMITS.name} />
            </span>
            <input
              value={name()}
              disabled={saved() || !props.canWrite}
              autocomplete="off"
              spellcheck={false}
              aria-describedby="tpl-name-hint tpl-name-error"
              onInput={(e) => setName(e.currentTarget.value)}
              data-testid="tpl-name"
              aria-invalid={nameIssues().length > 0 && name() !== ''}
            />
            <small class="muted" id="tpl-name-hint">
              {t('tpl.nameHint')}
            </small>
            <Show when={name() && nameIssues().length}>
              <small class="field-error" id="tpl-name-error" data-testid="tpl-name-error">
                {tx(`tpl.rules.${nameIssues()[0]!.rule}`, nameIssues()[0]!.params as Record<string, string>)}
              </small>
            </Show>
          </label>
          <fieldset class="tpl-categories" disabled={!props.canWrite || (saved() && form().status === 'APPROVED')}>
            <legend>{t('tpl.category')}</legend>
            <For each={[...CATEGORIES]}>
              {(c) => (
                <label class="tpl-category" classList={{ on: category() === c }}>
                  <input
                    type="radio"
                    name="tpl-category"
                    value={c}
                    checked={category() === c}
                    onChange={() => {
                      setCategory(c);
                      setForms(withCategory(forms(), c));
                    }}
                    data-testid={`tpl-category-${c.toLowerCase()}`}
                  />
                  <span>
                    <strong>{tx(`tpl.categories.${c}`)}</strong>
                    <small class="muted">{tx(`tpl.categoryHelp.${c}`)}</small>
                  </span>
                </label>
              )}
            </For>
            <p class="muted small">{t('tpl.recategorise')}</p>
            <label class="check">
              <input type="checkbox" checked={allowRecat()} onChange={(e) => setAllowRecat(e.currentTarget.checked)} />{' '}
              {t('tpl.allowRecategorise')}
            </label>
          </fieldset>
        </div>

        <div class="tpl-section">
          <div class="tabs tpl-langs" role="tablist" aria-label={t('tpl.languages')}>
            <For each={forms()}>
              {(f, i) => (
                <button
                  type="button"
                  role="tab"
                  class="tab"
                  aria-selected={i() === active()}
                  onClick={() => setActive(i())}
                  data-testid="tpl-lang-tab"
                  data-language={f.language}
                >
                  {f.language}{' '}
                  <span class="tpl-status" data-status={f.status} data-testid="tpl-lang-status">
                    {tx(`tpl.status.${f.status}`)}
                  </span>
                </button>
              )}
            </For>
            <Show when={props.canWrite}>
              <label class="tpl-add-lang">
                <span class="sr-only">{t('tpl.addLanguage')}</span>
                <select
                  data-testid="tpl-add-language"
                  onChange={(e) => {
                    addLanguage(e.currentTarget.value);
                    e.currentTarget.value = '';
                  }}
                >
                  <option value="">+ {t('tpl.addLanguage')}</option>
                  <For each={EDITOR_LANGUAGES.filter((l) => !forms().some((f) => f.language === l))}>
                    {(l) => <option value={l}>{l}</option>}
                  </For>
                </select>
              </label>
            </Show>
          </div>
          <label class="field tpl-default">
            <span>{t('tpl.defaultLanguage')}</span>
            <select
              value={defaultLanguage()}
              disabled={!props.canWrite}
              onChange={(e) => setDefaultLanguage(e.currentTarget.value)}
              data-testid="tpl-default-language"
            >
              <For each={forms()}>{(f) => <option value={f.language}>{f.language}</option>}</For>
            </select>
            <small class="muted">{t('tpl.defaultHint')}</small>
          </label>
          <Show when={row()?.quality_score}>
            <p class="muted small">
              {t('tpl.quality', { q: tx(`tpl.qualities.${row()!.quality_score}`) || row()!.quality_score })}
            </p>
          </Show>
          <VerdictBox row={row()} />
          <Show when={LOCKED.has(form().status) && props.canWrite}>
            <p class="notice" data-testid="tpl-locked">
              {t('tpl.notEditable')}
            </p>
          </Show>
          <Show when={form().status === 'APPROVED' && props.canWrite}>
            <p class="notice">
              {t('tpl.editLimit')}{' '}
              <Show when={nextEdit()}>{t('tpl.nextEdit', { date: new Date(nextEdit()!).toLocaleString() })}</Show>
            </p>
          </Show>
        </div>

        <Show
          when={!form().auth}
          fallback={<AuthSection auth={form().auth!} locked={locked()} onChange={(auth) => patchForm({ auth })} />}
        >
          <HeaderSection
            form={form()}
            locked={locked()}
            onChange={patchForm}
            onSample={onSample}
            uploading={uploading()}
            dynamic={dynamic()}
          />

          <fieldset class="tpl-section" disabled={locked()}>
            <legend>{t('tpl.body')}</legend>
            <div class="tpl-label-row">
              <FieldMenu dynamic={dynamic()} onPick={insertField} />
              <Counter text={form().body} max={LIMITS.body} id="tpl-body-count" />
            </div>
            <label class="field">
              <span class="sr-only">{t('tpl.body')}</span>
              <textarea
                ref={bodyRef}
                rows={6}
                value={form().body}
                onInput={(e) => patchForm({ body: e.currentTarget.value })}
                aria-describedby="tpl-body-hint tpl-body-count"
                data-testid="tpl-body"
              />
              <small class="muted" id="tpl-body-hint">
                {t('tpl.bodyHint')}
              </small>
            </label>
            <label class="field">
              <span class="tpl-label-row">
                {t('tpl.footer')} <Counter text={form().footer} max={LIMITS.footer} />
              </span>
              <input
                value={form().footer}
                onInput={(e) => patchForm({ footer: e.currentTarget.value })}
                data-testid="tpl-footer"
              />
            </label>
          </fieldset>

          <ButtonsSection buttons={form().buttons} locked={locked()} onChange={(buttons) => patchForm({ buttons })} />

          <Show when={keys().length && !locked()}>
            <SampleContact
              keys={keys()}
              examples={form().examples}
              mapping={mapping()}
              dynamic={dynamic()}
              onFill={(examples) => patchForm({ examples })}
            />
          </Show>
          <PlaceholdersSection
            keys={keys()}
            examples={form().examples}
            mapping={mapping()}
            dynamic={dynamic()}
            locked={locked()}
            onExample={(k, v) => patchForm({ examples: { ...form().examples, [k]: v } })}
            onMapping={(k, src) => {
              const next = { ...mapping() };
              if (src) next[k] = src;
              else delete next[k];
              setMapping(next);
            }}
          />
        </Show>

        <IssuesList issues={issues()} />
        <HistoryList row={row()} />

        <Show when={props.canWrite}>
          <div class="tpl-actions">
            <Show when={!LOCKED.has(form().status)}>
              <button
                type="button"
                class="btn"
                disabled={busy() || nameIssues().length > 0}
                onClick={() => void onSave()}
                data-testid="tpl-save"
              >
                {atMeta() ? t('tpl.saveChanges') : t('tpl.save')}
              </button>
            </Show>
            <Show when={forms().some((f) => f.status === 'DRAFT')}>
              <button
                type="button"
                class="btn btn-primary"
                disabled={busy() || allIssues().length > 0}
                onClick={() => void onSubmit()}
                data-testid="tpl-submit"
              >
                <Icon name="send" size={18} /> {t('tpl.submit')}
              </button>
            </Show>
            <Show when={saved()}>
              <button
                type="button"
                class="btn"
                disabled={busy()}
                onClick={() => void onDuplicate()}
                data-testid="tpl-duplicate"
              >
                {t('tpl.duplicate')}
              </button>
              <button
                type="button"
                class="btn danger"
                disabled={busy()}
                onClick={() => void onDelete(false)}
                data-testid="tpl-delete-language"
              >
                {t('tpl.deleteLanguage')}
              </button>
              <button
                type="button"
                class="btn danger"
                disabled={busy()}
                onClick={() => void onDelete(true)}
                data-testid="tpl-delete-all"
              >
                {t('tpl.deleteAll')}
              </button>
            </Show>
          </div>
        </Show>
      </div>
      <aside class="tpl-aside">
        <PhonePreview form={form()} businessName={businessName()} />
      </aside>
    </div>
  );
}
