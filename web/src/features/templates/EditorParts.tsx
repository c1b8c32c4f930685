/** Sections of the template editor: counters, the field menu, header, buttons, placeholders, rules, Meta's verdict, history. */
import { For, Show } from 'solid-js';
import {
  STANDARD_FIELDS,
  type ParamMapping,
  type ParamSource,
  type TplButton,
} from '../../../../api/src/modules/templates/template-placeholders.ts';
import { charCount, LIMITS, type RuleIssue } from '../../../../api/src/modules/templates/template-rules.ts';
import { clockTime, dayLabel, t } from '../../i18n/index.ts';
import { tx } from './tx.ts';
import { Icon } from '../../ui/Icon.tsx';
import type { HeaderFormat, LangForm, TemplateRow } from './editor-state.ts';

export function Counter(props: { text: string; max: number; id?: string }) {
  const n = () => charCount(props.text);
  return (
    <span class="counter" id={props.id} classList={{ over: n() > props.max }} aria-live="polite">
      {t('tpl.counter', { n: n(), max: props.max })}
    </span>
  );
}

/** Standard and dynamic contact fields; choosing one inserts %%FIELD%%. */
export function FieldMenu(props: {
  dynamic: string[];
  onPick: (field: string) => void;
  disabled?: boolean;
  testid?: string;
}) {
  return (
    <label class="tpl-field-menu">
      <span class="sr-only">{t('tpl.insertField')}</span>
      <select
        disabled={props.disabled}
        data-testid={props.testid ?? 'tpl-field-menu'}
        onChange={(e) => {
          const v = e.currentTarget.value;
          e.currentTarget.value = '';
          if (v) props.onPick(v);
        }}
      >
        <option value="">{t('tpl.insertField')}</option>
        <optgroup label={t('tpl.standardFields')}>
          <For each={[...STANDARD_FIELDS]}>
            {(f) => (
              <option value={f}>
                {tx(`tpl.fields.${f}`)} — %%{f}%%
              </option>
            )}
          </For>
        </optgroup>
        <Show when={props.dynamic.length}>
          <optgroup label={t('tpl.dynamicFields')}>
            <For each={props.dynamic}>{(f) => <option value={f}>%%{f}%%</option>}</For>
          </optgroup>
        </Show>
      </select>
    </label>
  );
}

export function HeaderSection(props: {
  form: LangForm;
  locked: boolean;
  onChange: (patch: Partial<LangForm>) => void;
  onSample: (file: File) => void;
  uploading: boolean;
  dynamic: string[];
}) {
  const formats: HeaderFormat[] = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'];
  const accept = () =>
    props.form.headerFormat === 'IMAGE'
      ? 'image/jpeg,image/png'
      : props.form.headerFormat === 'VIDEO'
        ? 'video/mp4'
        : 'application/pdf';
  return (
    <fieldset class="tpl-section" disabled={props.locked}>
      <legend>{t('tpl.header')}</legend>
      <div class="segmented tpl-formats" role="radiogroup" aria-label={t('tpl.header')}>
        <For each={formats}>
          {(f) => (
            <label class="seg-option">
              <input
                type="radio"
                name={`hdr-${props.form.language}`}
                value={f}
                checked={props.form.headerFormat === f}
                onChange={() => props.onChange({ headerFormat: f })}
                data-testid={`tpl-header-${f.toLowerCase()}`}
              />
              <span>{tx(`tpl.headerFormats.${f}`)}</span>
            </label>
          )}
        </For>
      </div>
      <Show when={props.form.headerFormat === 'TEXT'}>
        <label class="field">
          <span class="tpl-label-row">
            {t('tpl.headerText')} <Counter text={props.form.headerText} max={LIMITS.headerText} />
          </span>
          <input
            value={props.form.headerText}
            onInput={(e) => props.onChange({ headerText: e.currentTarget.value })}
            data-testid="tpl-header-text"
          />
        </label>
      </Show>
      <Show when={['IMAGE', 'VIDEO', 'DOCUMENT'].includes(props.form.headerFormat)}>
        <label class="field">
          <span>{t('tpl.sample')}</span>
          <input
            type="file"
            accept={accept()}
            data-testid="tpl-sample"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) props.onSample(file);
            }}
          />
          <small class="muted" aria-live="polite">
            {props.uploading
              ? t('tpl.sampleUploading')
              : props.form.headerHandle
                ? t('tpl.sampleDone')
                : props.form.id
                  ? ''
                  : t('tpl.sampleNeedsSave')}
          </small>
        </label>
      </Show>
    </fieldset>
  );
}

const BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'] as const;

export function ButtonsSection(props: {
  buttons: TplButton[];
  locked: boolean;
  onChange: (buttons: TplButton[]) => void;
}) {
  const set = (i: number, patch: Partial<TplButton>) =>
    props.onChange(props.buttons.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  return (
    <fieldset class="tpl-section" disabled={props.locked}>
      <legend>
        {t('tpl.buttons')}{' '}
        <span class="muted small">
          ({props.buttons.length} / {LIMITS.buttons})
        </span>
      </legend>
      <ol class="tpl-buttons">
        <For each={props.buttons}>
          {(b, i) => (
            <li class="tpl-button-row" data-testid="tpl-button-row">
              <span class="chip">{tx(`tpl.buttonTypes.${b.type}`)}</span>
              <Show when={b.type !== 'COPY_CODE'}>
                <label class="field grow">
                  <span class="tpl-label-row">
                    {t('tpl.buttonText')} <Counter text={b.text ?? ''} max={LIMITS.buttonText} />
                  </span>
                  <input
                    value={b.text ?? ''}
                    onInput={(e) => set(i(), { text: e.currentTarget.value })}
                    data-testid="tpl-button-text"
                  />
                </label>
              </Show>
              <Show when={b.type === 'URL'}>
                <label class="field grow">
                  <span>{t('tpl.buttonUrl')}</span>
                  <input
                    type="url"
                    value={b.url ?? ''}
                    onInput={(e) => set(i(), { url: e.currentTarget.value })}
                    data-testid="tpl-button-url"
                  />
                </label>
              </Show>
              <Show when={b.type === 'PHONE_NUMBER'}>
                <label class="field grow">
                  <span>{t('tpl.buttonPhone')}</span>
                  <input
                    type="tel"
                    value={b.phone_number ?? ''}
                    onInput={(e) => set(i(), { phone_number: e.currentTarget.value })}
                  />
                </label>
              </Show>
              <Show when={b.type === 'COPY_CODE'}>
                <label class="field grow">
                  <span>{t('tpl.buttonCode')}</span>
                  <input
                    value={String(b.example ?? '')}
                    onInput={(e) => set(i(), { example: e.currentTarget.value })}
                  />
                </label>
              </Show>
              <button
                type="button"
                class="icon-btn"
                aria-label={t('tpl.removeButton', { n: i() + 1 })}
                title={t('tpl.removeButton', { n: i() + 1 })}
                onClick={() => props.onChange(props.buttons.filter((_, j) => j !== i()))}
              >
                <Icon name="trash" />
              </button>
            </li>
          )}
        </For>
      </ol>
      <label class="field">
        <span class="sr-only">{t('tpl.addButton')}</span>
        <select
          data-testid="tpl-add-button"
          onChange={(e) => {
            const type = e.currentTarget.value;
            e.currentTarget.value = '';
            if (type)
              props.onChange([...props.buttons, { type, ...(type === 'COPY_CODE' ? { example: '' } : { text: '' }) }]);
          }}
        >
          <option value="">{t('tpl.addButton')}</option>
          <For each={[...BUTTON_TYPES]}>{(type) => <option value={type}>{tx(`tpl.buttonTypes.${type}`)}</option>}</For>
        </select>
      </label>
    </fieldset>
  );
}

/** One row per parameter: its example for Meta, and where a send takes its value from. */
export function PlaceholdersSection(props: {
  keys: string[];
  examples: Record<string, string>;
  mapping: ParamMapping;
  dynamic: string[];
  locked: boolean;
  onExample: (key: string, value: string) => void;
  onMapping: (key: string, source: ParamSource | undefined) => void;
}) {
  const fields = () => [...STANDARD_FIELDS, ...props.dynamic];
  const sourceOf = (k: string): ParamSource | undefined =>
    props.mapping[k] ?? (fields().includes(k.toUpperCase()) ? { source: 'field', field: k.toUpperCase() } : undefined);
  return (
    <Show when={props.keys.length}>
      <fieldset class="tpl-section">
        <legend>{t('tpl.placeholders')}</legend>
        <p class="muted small">{t('tpl.placeholdersHint')}</p>
        <For each={props.keys}>
          {(k) => {
            const src = () => sourceOf(k);
            return (
              <div class="tpl-param" data-testid="tpl-param" data-key={k}>
                <code class="tpl-param-key">{k.startsWith('url_') ? k : `%%${k.toUpperCase()}%%`}</code>
                <label class="field">
                  <span>{t('tpl.example')}</span>
                  <input
                    value={props.examples[k] ?? ''}
                    disabled={props.locked}
                    onInput={(e) => props.onExample(k, e.currentTarget.value)}
                    data-testid="tpl-example"
                  />
                </label>
                <label class="field">
                  <span>{t('tpl.valueFrom')}</span>
                  <select
                    value={
                      src()?.source === 'value'
                        ? '__value'
                        : src()?.source === 'field'
                          ? (src() as { field: string }).field
                          : ''
                    }
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      props.onMapping(
                        k,
                        v === '__value'
                          ? { source: 'value', value: '' }
                          : v
                            ? { source: 'field', field: v }
                            : undefined,
                      );
                    }}
                    data-testid="tpl-source"
                  >
                    <option value="">—</option>
                    <For each={fields()}>
                      {(f) => (
                        <option value={f}>
                          {STANDARD_FIELDS.includes(f as never) ? tx(`tpl.fields.${f}`) : `%%${f}%%`}
                        </option>
                      )}
                    </For>
                    <option value="__value">{t('tpl.fixedValue')}</option>
                  </select>
                </label>
                <Show when={src()?.source === 'value'}>
                  <label class="field">
                    <span>{t('tpl.fixedValue')}</span>
                    <input
                      value={(src() as { value: string }).value}
                      onInput={(e) => props.onMapping(k, { source: 'value', value: e.currentTarget.value })}
                      data-testid="tpl-fixed"
                    />
                  </label>
                </Show>
                <Show when={src()?.source === 'field'}>
                  <label class="field">
                    <span>{t('tpl.fallback')}</span>
                    <input
                      value={(src() as { fallback?: string }).fallback ?? ''}
                      onInput={(e) =>
                        props.onMapping(k, {
                          ...(src() as { source: 'field'; field: string }),
                          fallback: e.currentTarget.value,
                        })
                      }
                      data-testid="tpl-fallback"
                    />
                  </label>
                </Show>
              </div>
            );
          }}
        </For>
      </fieldset>
    </Show>
  );
}

export function IssuesList(props: { issues: RuleIssue[] }) {
  return (
    <div class="tpl-rules" aria-live="polite" data-testid="tpl-rules">
      <Show
        when={props.issues.length}
        fallback={
          <p class="notice notice-ok" data-testid="tpl-rules-ok">
            <Icon name="check" size={16} /> {t('tpl.rulesOk')}
          </p>
        }
      >
        <div class="notice notice-warn">
          <strong>{t('tpl.rulesTitle')}</strong>
          <ul>
            <For each={props.issues}>
              {(i) => (
                <li data-rule={i.rule} data-testid="tpl-rule">
                  {tx(`tpl.rules.${i.rule}`, i.params as Record<string, string>) || i.message}
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
    </div>
  );
}

/** What Meta said about this language: rejection (reason and recommendation) or pause, and the quality. */
export function VerdictBox(props: { row: TemplateRow | undefined }) {
  const r = () => props.row;
  return (
    <>
      <Show when={r()?.status === 'REJECTED'}>
        <div class="notice notice-error" role="status" data-testid="tpl-rejection">
          <strong>{t('tpl.rejectedTitle')}</strong>
          <p>
            <span class="muted">{t('tpl.reason')}:</span>{' '}
            <span data-testid="tpl-rejection-reason">
              {tx(`tpl.reasons.${r()!.rejected_reason}`) || r()!.rejected_reason}
            </span>{' '}
            <code>{r()!.rejected_reason}</code>
          </p>
          <Show when={r()!.status_detail}>
            <p data-testid="tpl-rejection-detail">{r()!.status_detail}</p>
          </Show>
          <Show when={r()!.rejection_recommendation || tx(`tpl.reasonAdvice.${r()!.rejected_reason}`)}>
            <p>
              <span class="muted">{t('tpl.recommendation')}:</span>{' '}
              <span data-testid="tpl-recommendation">
                {r()!.rejection_recommendation || tx(`tpl.reasonAdvice.${r()!.rejected_reason}`)}
              </span>
            </p>
          </Show>
        </div>
      </Show>
      <Show when={r()?.status === 'PAUSED' || r()?.status === 'DISABLED'}>
        <div class="notice notice-warn" role="status" data-testid="tpl-paused">
          <strong>{r()!.status === 'PAUSED' ? t('tpl.pausedTitle') : t('tpl.status.DISABLED')}</strong>
          <Show when={r()!.status_detail}>
            <p>{r()!.status_detail}</p>
          </Show>
        </div>
      </Show>
    </>
  );
}

export function HistoryList(props: { row: TemplateRow | undefined }) {
  const items = () => [...(props.row?.history ?? [])].reverse();
  return (
    <Show when={items().length}>
      <details class="tpl-section tpl-history" data-testid="tpl-history">
        <summary>{t('tpl.history')}</summary>
        <ol>
          <For each={items()}>
            {(h) => {
              const ms = Date.parse(h.at);
              const label = (v?: string) =>
                v
                  ? h.kind === 'status' ||
                    h.kind === 'submitted' ||
                    h.kind === 'created' ||
                    h.kind === 'edited' ||
                    h.kind === 'deleted'
                    ? tx(`tpl.status.${v}`) || v
                    : h.kind === 'quality'
                      ? tx(`tpl.qualities.${v}`) || v
                      : tx(`tpl.categories.${v}`) || v
                  : '';
              return (
                <li>
                  <time datetime={h.at}>
                    {dayLabel(ms)} {clockTime(ms)}
                  </time>{' '}
                  · <strong>{tx(`tpl.historyKinds.${h.kind}`)}</strong> <Show when={h.from}>{label(h.from)} → </Show>
                  {label(h.to)}
                  <Show when={h.reason}> ({h.reason})</Show>
                  <Show when={h.detail}>
                    <div class="muted small">{h.detail}</div>
                  </Show>
                </li>
              );
            }}
          </For>
        </ol>
      </details>
    </Show>
  );
}
