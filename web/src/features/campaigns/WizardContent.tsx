/**
 * Step 2: what is sent — an approved template (its language per recipient or fixed, each placeholder from a
 * contact field with a fallback or a fixed text, the header media link) or free text with quick-reply buttons
 * for open windows only; the WhatsApp-style preview of the sample recipients and "send a test".
 */
import { createEffect, createMemo, createResource, createSignal, For, Show, untrack } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import {
  componentOf,
  paramKeys,
  type TplComponent,
} from '../../../../api/src/modules/templates/template-placeholders.ts';
import { t } from '../../i18n/index.ts';
import type { Template } from '../../lib/types.ts';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import type { TemplateGroup } from '../composer/template-groups.ts';
import { TemplateChooser } from '../composer/TemplateChooser.tsx';
import { crm } from '../contacts/crm.api.ts';
import { tx } from '../templates/tx.ts';
import { choiceFromMapping, type ParamChoice, STANDARD_PARAM_FIELDS, type WizardForm } from './campaign-form.ts';
import { campaignsApi } from './campaigns.api.ts';
import type { Campaign } from './campaigns.types.ts';
import type { PreviewState } from './use-preview.ts';
import { WaPreview } from './WaPreview.tsx';

/** The client's Template rows carry Meta's components; the shared placeholder rules read them as they are. */
export const comps = (tpl: Template | undefined) => (tpl?.components ?? null) as TplComponent[] | null;

export interface TemplateInfo {
  group: TemplateGroup | undefined;
  /** the translation shown in the editor: the fixed language, else the first approved one */
  translation: Template | undefined;
  paramKeys: string[];
  headerMedia: string;
}

export function templateInfo(groups: TemplateGroup[], f: Pick<WizardForm, 'template' | 'language'>): TemplateInfo {
  const group = groups.find((g) => g.name === f.template);
  const translation = group?.translations.find((x) => x.language === f.language) ?? group?.translations[0];
  const header = componentOf(comps(translation), 'HEADER');
  const format = (header?.format ?? '').toUpperCase();
  return {
    group,
    translation,
    paramKeys: paramKeys(comps(translation)),
    headerMedia: ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(format) ? format : '',
  };
}

function ParamRow(props: {
  k: string;
  choice: ParamChoice | undefined;
  fields: Array<{ key: string; label: string }>;
  onChange: (c: ParamChoice) => void;
}) {
  const source = () => (props.choice?.kind === 'field' ? props.choice.field : '');
  return (
    <div class="cmp-param" data-testid="cmp-param" data-key={props.k}>
      <span class="cmp-param-name">{t('cmp.param', { name: `{{${props.k}}}` })}</span>
      <label class="field">
        <span>{t('cmp.source')}</span>
        <select
          value={source()}
          data-testid="cmp-param-source"
          onChange={(e) => {
            const v = e.currentTarget.value;
            const prev = props.choice;
            props.onChange(
              v
                ? { kind: 'field', field: v, fallback: prev?.kind === 'field' ? prev.fallback : '' }
                : { kind: 'value', value: prev?.kind === 'value' ? prev.value : '' },
            );
          }}
        >
          <For each={STANDARD_PARAM_FIELDS}>{(f) => <option value={f}>{tx(`cmp.fields.${f}`)}</option>}</For>
          <For each={props.fields}>{(f) => <option value={`fields.${f.key}`}>{f.label || f.key}</option>}</For>
          <option value="">{t('cmp.sourceValue')}</option>
        </select>
      </label>
      <Show
        when={props.choice?.kind === 'field'}
        fallback={
          <label class="field">
            <span>{t('cmp.value')}</span>
            <input
              value={props.choice?.kind === 'value' ? props.choice.value : ''}
              maxLength={500}
              data-testid="cmp-param-value"
              onInput={(e) => props.onChange({ kind: 'value', value: e.currentTarget.value })}
            />
          </label>
        }
      >
        <label class="field">
          <span>{t('cmp.fallback')}</span>
          <input
            value={props.choice?.kind === 'field' ? props.choice.fallback : ''}
            placeholder={t('cmp.fallbackPlaceholder')}
            maxLength={100}
            data-testid="cmp-param-fallback"
            onInput={(e) => props.onChange({ kind: 'field', field: source(), fallback: e.currentTarget.value })}
          />
        </label>
      </Show>
    </div>
  );
}

function TestSend(props: { save: () => Promise<Campaign> }) {
  const [phone, setPhone] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const send = async (e: Event) => {
    e.preventDefault();
    const to = phone().trim();
    if (!to) return;
    setBusy(true);
    try {
      const c = await props.save();
      await campaignsApi.test(c.id, to);
      toast(t('cmp.testSent', { phone: to }));
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card cmp-test" onSubmit={send} data-testid="cmp-test">
      <h3>{t('cmp.testTitle')}</h3>
      <p class="muted small">{t('cmp.testHint')}</p>
      <div class="cmp-inline">
        <label class="field">
          <span>{t('cmp.testPhone')}</span>
          <input
            type="tel"
            inputMode="tel"
            autocomplete="tel"
            placeholder="+39 333 123 4567"
            value={phone()}
            onInput={(e) => setPhone(e.currentTarget.value)}
            data-testid="cmp-test-phone"
          />
        </label>
        <button type="submit" class="btn" disabled={busy() || !phone().trim()} data-testid="cmp-test-send">
          {t('cmp.testSend')}
        </button>
      </div>
    </form>
  );
}

export function WizardContent(props: {
  form: WizardForm;
  setForm: SetStoreFunction<WizardForm>;
  groups: TemplateGroup[];
  info: TemplateInfo;
  preview: PreviewState;
  save: () => Promise<Campaign>;
}) {
  const [fields] = createResource(() => crm.fields().catch(() => []));
  const [choosing, setChoosing] = createSignal(!props.form.template);
  const fieldList = createMemo(() => (fields() ?? []).map((f) => ({ key: f.key, label: f.label })));

  // a campaign saved without some values (made through the API, or before the template changed) gets the same
  // defaults as a fresh choice, so every placeholder shows where its value comes from
  createEffect(() => {
    const tpl = props.info.translation;
    if (props.form.kind !== 'template' || !tpl || fields.loading) return;
    const dyn = fieldList().map((f) => f.key);
    for (const k of props.info.paramKeys)
      if (!untrack(() => props.form.params[k])) props.setForm('params', k, choiceFromMapping(tpl.mapping?.[k], k, dyn));
  });

  const choose = (g: TemplateGroup) => {
    const tpl = g.translations[0];
    const keys = paramKeys(comps(tpl));
    const params: Record<string, ParamChoice> = {};
    const dyn = fieldList().map((f) => f.key);
    for (const k of keys) params[k] = choiceFromMapping(tpl?.mapping?.[k], k, dyn);
    props.setForm({ template: g.name, language: '', params, headerLink: '' });
    setChoosing(false);
  };

  return (
    <div class="cmp-split">
      <div class="cmp-form">
        <div class="segmented" role="radiogroup" aria-label={t('cmp.contentKind')}>
          <button
            type="button"
            role="radio"
            aria-checked={props.form.kind === 'template'}
            onClick={() => props.setForm('kind', 'template')}
            data-testid="cmp-kind-template"
          >
            {t('cmp.kindTemplate')}
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={props.form.kind === 'text'}
            onClick={() => props.setForm('kind', 'text')}
            data-testid="cmp-kind-text"
          >
            {t('cmp.kindText')}
          </button>
        </div>
        <Show
          when={props.form.kind === 'template'}
          fallback={
            <>
              <p class="notice notice-warn" data-testid="cmp-text-notice">
                {t('cmp.textNotice')}
              </p>
              <label class="field">
                <span>{t('cmp.textBody')}</span>
                <textarea
                  rows={6}
                  maxLength={4096}
                  value={props.form.textBody}
                  onInput={(e) => props.setForm('textBody', e.currentTarget.value)}
                  data-testid="cmp-text-body"
                />
              </label>
              <fieldset class="cmp-group">
                <legend>{t('cmp.buttons')}</legend>
                <For each={props.form.buttons}>
                  {(b, i) => (
                    <div class="cmp-inline">
                      <label class="field">
                        <span>{t('cmp.buttonN', { n: i() + 1 })}</span>
                        <input
                          value={b}
                          maxLength={20}
                          onInput={(e) => props.setForm('buttons', i(), e.currentTarget.value)}
                          data-testid="cmp-text-button"
                        />
                      </label>
                      <button
                        type="button"
                        class="btn small ghost"
                        aria-label={t('cmp.removeButton', { n: i() + 1 })}
                        onClick={() => props.setForm('buttons', (xs) => xs.filter((_, j) => j !== i()))}
                      >
                        ✕
                      </button>
                    </div>
                  )}
                </For>
                <Show when={props.form.buttons.length < 3}>
                  <button
                    type="button"
                    class="btn small"
                    onClick={() => props.setForm('buttons', (xs) => [...xs, ''])}
                    data-testid="cmp-add-button"
                  >
                    {t('cmp.addButton')}
                  </button>
                </Show>
              </fieldset>
            </>
          }
        >
          <Show
            when={!choosing() && props.info.group}
            fallback={
              <div class="cmp-chooser" data-testid="cmp-template-chooser">
                <h3>{t('cmp.template')}</h3>
                <TemplateChooser onChoose={choose} />
              </div>
            }
          >
            {(g) => (
              <>
                <div class="cmp-chosen" data-testid="cmp-template-chosen" data-name={g().name}>
                  <span>
                    <strong>{g().name}</strong>{' '}
                    <span class="chip">{tx(`tpl.categories.${g().category}`) || g().category}</span>
                  </span>
                  <button
                    type="button"
                    class="btn small"
                    onClick={() => setChoosing(true)}
                    data-testid="cmp-change-template"
                  >
                    {t('cmp.changeTemplate')}
                  </button>
                </div>
                <label class="field">
                  <span>{t('cmp.language')}</span>
                  <select
                    value={props.form.language}
                    onChange={(e) => props.setForm('language', e.currentTarget.value)}
                    aria-describedby="cmp-language-hint"
                    data-testid="cmp-language"
                  >
                    <option value="">{t('cmp.languageAuto')}</option>
                    <For each={g().translations}>{(x) => <option value={x.language}>{x.language}</option>}</For>
                  </select>
                  <small class="muted" id="cmp-language-hint">
                    {t('cmp.languageHint')}
                  </small>
                </label>
                <Show when={props.info.paramKeys.length}>
                  <fieldset class="cmp-group" data-testid="cmp-params">
                    <legend>{t('cmp.params')}</legend>
                    <p class="muted small">{t('cmp.paramsHint')}</p>
                    <For each={props.info.paramKeys}>
                      {(k) => (
                        <ParamRow
                          k={k}
                          choice={props.form.params[k]}
                          fields={fieldList()}
                          onChange={(c) => props.setForm('params', k, c)}
                        />
                      )}
                    </For>
                  </fieldset>
                </Show>
                <Show when={props.info.headerMedia}>
                  <label class="field">
                    <span>{t('cmp.headerLink')}</span>
                    <input
                      type="url"
                      inputMode="url"
                      placeholder="https://"
                      value={props.form.headerLink}
                      onInput={(e) => props.setForm('headerLink', e.currentTarget.value)}
                      aria-describedby="cmp-header-hint"
                      data-testid="cmp-header-link"
                    />
                    <small class="muted" id="cmp-header-hint">
                      {t('cmp.headerLinkHint')}
                    </small>
                  </label>
                </Show>
              </>
            )}
          </Show>
        </Show>
      </div>
      <aside class="cmp-side">
        <WaPreview form={props.form} group={props.info.group} preview={props.preview} />
        <TestSend save={props.save} />
      </aside>
    </div>
  );
}
