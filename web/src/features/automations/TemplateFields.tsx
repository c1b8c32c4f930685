/**
 * "Send template": an approved template (the composer's chooser), its language (each contact's own, or fixed),
 * each placeholder from a contact field with a fallback or a fixed text, and the header media link — as the
 * campaign wizard's content step does, with the same `{{contact.field|fallback}}` expressions.
 */
import { useStore } from '@nanostores/solid';
import { createMemo, createSignal, createUniqueId, For, Show } from 'solid-js';
import {
  componentOf,
  paramKeys,
  type TplComponent,
} from '../../../../api/src/modules/templates/template-placeholders.ts';
import { t } from '../../i18n/index.ts';
import type { Template } from '../../lib/types.ts';
import {
  choiceFromMapping,
  type ParamChoice,
  paramExpression,
  parseParamExpression,
  STANDARD_PARAM_FIELDS,
} from '../campaigns/campaign-form.ts';
import type { TemplateGroup } from '../composer/template-groups.ts';
import { TemplateChooser } from '../composer/TemplateChooser.tsx';
import { $fields } from '../contacts/taxonomy.ts';
import { tx } from '../templates/tx.ts';

type TemplateContent = { name: string; language?: string; params?: Record<string, string>; header?: { link: string } };

const comps = (tpl: Template | undefined) => (tpl?.components ?? null) as TplComponent[] | null;

/** The placeholders and media header of a template as the builder shows it (its fixed language, else the first). */
export function templateShape(groups: TemplateGroup[], name: string, language?: string) {
  const group = groups.find((g) => g.name === name);
  if (!group) return undefined;
  const translation = group.translations.find((x) => x.language === language) ?? group.translations[0];
  const format = (componentOf(comps(translation), 'HEADER')?.format ?? '').toUpperCase();
  return {
    group,
    translation,
    params: paramKeys(comps(translation)),
    media: ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(format),
  };
}

function ParamRow(props: { k: string; value: string; onChange: (v: string) => void }) {
  const fields = useStore($fields);
  const choice = () => parseParamExpression(props.value);
  const set = (c: ParamChoice) => props.onChange(paramExpression(c));
  const source = () => (choice().kind === 'field' ? (choice() as { field: string }).field : '');
  return (
    <div class="cmp-param" data-testid="auto-param" data-key={props.k}>
      <span class="cmp-param-name">{t('auto.f.param', { name: `{{${props.k}}}` })}</span>
      <label class="field">
        <span>{t('auto.f.source')}</span>
        <select
          value={source()}
          data-testid="auto-param-source"
          onChange={(e) => {
            const v = e.currentTarget.value;
            const prev = choice();
            set(
              v
                ? { kind: 'field', field: v, fallback: prev.kind === 'field' ? prev.fallback : '' }
                : { kind: 'value', value: prev.kind === 'value' ? prev.value : '' },
            );
          }}
        >
          <For each={STANDARD_PARAM_FIELDS}>{(f) => <option value={f}>{tx(`cmp.fields.${f}`)}</option>}</For>
          <For each={fields()}>{(f) => <option value={`fields.${f.key}`}>{f.label || f.key}</option>}</For>
          <option value="">{t('auto.f.sourceValue')}</option>
        </select>
      </label>
      <Show
        when={choice().kind === 'field'}
        fallback={
          <label class="field">
            <span>{t('auto.f.value')}</span>
            <input
              value={choice().kind === 'value' ? (choice() as { value: string }).value : ''}
              maxLength={500}
              data-testid="auto-param-value"
              onInput={(e) => set({ kind: 'value', value: e.currentTarget.value })}
            />
          </label>
        }
      >
        <label class="field">
          <span>{t('auto.f.fallback')}</span>
          <input
            value={choice().kind === 'field' ? (choice() as { fallback: string }).fallback : ''}
            maxLength={100}
            data-testid="auto-param-fallback"
            onInput={(e) => set({ kind: 'field', field: source(), fallback: e.currentTarget.value })}
          />
        </label>
      </Show>
    </div>
  );
}

export function TemplateFields(props: {
  value: TemplateContent;
  groups: TemplateGroup[];
  onChange: (v: TemplateContent) => void;
}) {
  const [choosing, setChoosing] = createSignal(!props.value.name);
  const shape = createMemo(() => templateShape(props.groups, props.value.name, props.value.language));
  const hint = createUniqueId();
  const set = (patch: Partial<TemplateContent>) => props.onChange({ ...props.value, ...patch });

  const choose = (g: TemplateGroup) => {
    const tpl = g.translations[0];
    const dyn = $fields.get().map((f) => f.key);
    const params: Record<string, string> = {};
    for (const k of paramKeys(comps(tpl))) params[k] = paramExpression(choiceFromMapping(tpl?.mapping?.[k], k, dyn));
    props.onChange({ name: g.name, params });
    setChoosing(false);
  };

  return (
    <Show
      when={!choosing() && props.value.name}
      fallback={
        <div class="auto-chooser" data-testid="auto-template-chooser">
          <TemplateChooser onChoose={choose} />
          <Show when={props.value.name}>
            <button type="button" class="btn small ghost" onClick={() => setChoosing(false)}>
              {t('common.cancel')}
            </button>
          </Show>
        </div>
      }
    >
      <div class="cmp-chosen" data-testid="auto-template-chosen" data-name={props.value.name}>
        <span>
          <strong>{props.value.name}</strong>{' '}
          <Show when={shape()} fallback={<span class="chip">{t('auto.f.templateGone')}</span>}>
            {(s) => <span class="chip">{tx(`tpl.categories.${s().group.category}`) || s().group.category}</span>}
          </Show>
        </span>
        <button type="button" class="btn small" onClick={() => setChoosing(true)} data-testid="auto-change-template">
          {t('auto.f.changeTemplate')}
        </button>
      </div>
      <Show when={shape()}>
        {(s) => (
          <>
            <label class="field">
              <span>{t('auto.f.templateLanguage')}</span>
              <select
                value={props.value.language ?? ''}
                aria-describedby={hint}
                onChange={(e) => set({ language: e.currentTarget.value || undefined })}
                data-testid="auto-template-language"
              >
                <option value="">{t('auto.f.languageAuto')}</option>
                <For each={s().group.translations}>{(x) => <option value={x.language}>{x.language}</option>}</For>
              </select>
              <small class="muted" id={hint}>
                {t('auto.f.languageHint')}
              </small>
            </label>
            <Show when={s().params.length}>
              <fieldset class="cmp-group" data-testid="auto-params">
                <legend>{t('auto.f.params')}</legend>
                <For each={s().params}>
                  {(k) => (
                    <ParamRow
                      k={k}
                      value={props.value.params?.[k] ?? ''}
                      onChange={(v) => set({ params: { ...props.value.params, [k]: v } })}
                    />
                  )}
                </For>
              </fieldset>
            </Show>
            <Show when={s().media}>
              <label class="field">
                <span>{t('auto.f.headerLink')}</span>
                <input
                  type="url"
                  inputMode="url"
                  placeholder="https://"
                  value={props.value.header?.link ?? ''}
                  onInput={(e) => set({ header: { link: e.currentTarget.value } })}
                  data-testid="auto-header-link"
                />
              </label>
            </Show>
          </>
        )}
      </Show>
    </Show>
  );
}
