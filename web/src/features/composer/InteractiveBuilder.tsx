/** A small builder for reply buttons (≤ 3) or a list (≤ 10 rows), with Meta's limits checked as you type. */
import { createMemo, For, Index, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { t } from '../../i18n/index.ts';
import { uuid } from '../../lib/id.ts';
import type { Conversation } from '../../lib/types.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { LIMITS, toInteractive, validate, type Draft } from './interactive.ts';
import { outbox } from './outbox.ts';
import { addressOf } from '../chat/address.ts';

let fieldSeq = 0;

function Field(props: {
  label: string;
  value: string;
  max: number;
  problem?: string | undefined;
  onInput: (v: string) => void;
  multiline?: boolean;
  testid?: string;
}) {
  const id = `builder-field-${++fieldSeq}`;
  return (
    <div class="field">
      <label for={id}>
        {props.label}{' '}
        <small class="muted counter">
          {props.value.length}/{props.max}
        </small>
      </label>
      <Show
        when={props.multiline}
        fallback={
          <input
            id={id}
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
            aria-invalid={!!props.problem}
            aria-describedby={props.problem ? `${id}-err` : undefined}
            data-testid={props.testid}
          />
        }
      >
        <textarea
          id={id}
          rows="3"
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          aria-invalid={!!props.problem}
          aria-describedby={props.problem ? `${id}-err` : undefined}
          data-testid={props.testid}
        />
      </Show>
      <Show when={props.problem}>
        <small id={`${id}-err`} class="field-error">
          {props.problem === 'tooLong'
            ? t('builder.tooLong', { max: props.max })
            : props.problem === 'duplicate'
              ? t('builder.duplicate')
              : t('builder.required')}
        </small>
      </Show>
    </div>
  );
}

export default function InteractiveBuilder(props: { c: Conversation; onClose: () => void }) {
  const [d, set] = createStore<Draft>({
    kind: 'button',
    header: '',
    body: '',
    footer: '',
    buttons: ['', ''],
    listButton: '',
    section: '',
    rows: [{ title: '', description: '' }],
  });
  const problems = createMemo(() => validate(d));
  const ok = () => Object.keys(problems()).length === 0;
  // show "required" only once the user typed something somewhere, not on an empty form
  const touched = () => !!(d.body || d.buttons.some(Boolean) || d.rows.some((r) => r.title));
  const problem = (k: string) => (touched() || problems()[k] !== 'required' ? problems()[k] : undefined);

  const send = async () => {
    if (!ok()) return;
    const interactive = toInteractive(JSON.parse(JSON.stringify(d)) as Draft);
    props.onClose();
    const key = uuid();
    const res = await outbox.send({
      key,
      conversationId: props.c.id,
      type: 'interactive',
      payload: interactive,
      body: { to: addressOf(props.c), type: 'interactive', interactive },
    });
    if (!res) toast(errorText(outbox.$outbox.get().find((i) => i.key === key)?.error ?? new Error('')), 'error');
  };

  return (
    <Sheet title={t('builder.title')} onClose={props.onClose} wide testid="interactive-builder">
      <form
        class="builder"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <div class="segmented" role="radiogroup" aria-label={t('builder.title')}>
          <button
            type="button"
            role="radio"
            aria-checked={d.kind === 'button'}
            onClick={() => set('kind', 'button')}
            data-testid="builder-buttons"
          >
            {t('builder.buttons')}
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={d.kind === 'list'}
            onClick={() => set('kind', 'list')}
            data-testid="builder-list"
          >
            {t('builder.list')}
          </button>
        </div>
        <Field
          label={t('builder.header')}
          value={d.header}
          max={LIMITS.header}
          problem={problem('header')}
          onInput={(v) => set('header', v)}
        />
        <Field
          label={t('builder.body')}
          value={d.body}
          max={d.kind === 'button' ? LIMITS.bodyButtons : LIMITS.bodyList}
          problem={problem('body')}
          onInput={(v) => set('body', v)}
          multiline
          testid="builder-body"
        />
        <Field
          label={t('builder.footer')}
          value={d.footer}
          max={LIMITS.footer}
          problem={problem('footer')}
          onInput={(v) => set('footer', v)}
        />
        <Show
          when={d.kind === 'button'}
          fallback={
            <fieldset>
              <legend>
                {t('builder.list')} <small class="muted">· {t('builder.maxRows')}</small>
              </legend>
              <Field
                label={t('builder.listButton')}
                value={d.listButton}
                max={LIMITS.listButton}
                problem={problem('listButton')}
                onInput={(v) => set('listButton', v)}
                testid="builder-list-button"
              />
              <Field
                label={t('builder.section')}
                value={d.section}
                max={LIMITS.section}
                problem={problem('section')}
                onInput={(v) => set('section', v)}
              />
              <Index each={d.rows}>
                {(r, i) => (
                  <div class="builder-row">
                    <strong class="small">{t('builder.row', { n: i + 1 })}</strong>
                    <Field
                      label={t('builder.rowTitle')}
                      value={r().title}
                      max={LIMITS.rowTitle}
                      problem={problem(`row.${i}`)}
                      onInput={(v) => set('rows', i, 'title', v)}
                      testid="builder-row-title"
                    />
                    <Field
                      label={t('builder.rowDescription')}
                      value={r().description}
                      max={LIMITS.rowDescription}
                      problem={problem(`rowDesc.${i}`)}
                      onInput={(v) => set('rows', i, 'description', v)}
                    />
                    <Show when={d.rows.length > 1}>
                      <button
                        type="button"
                        class="btn ghost small"
                        onClick={() =>
                          set(
                            'rows',
                            d.rows.filter((_, j) => j !== i),
                          )
                        }
                      >
                        <Icon name="trash" size={16} /> {t('builder.removeRow')}
                      </button>
                    </Show>
                  </div>
                )}
              </Index>
              <Show when={d.rows.length < LIMITS.rows}>
                <button
                  type="button"
                  class="btn small"
                  onClick={() => set('rows', [...d.rows, { title: '', description: '' }])}
                  data-testid="builder-add-row"
                >
                  <Icon name="plus" size={16} /> {t('builder.addRow')}
                </button>
              </Show>
            </fieldset>
          }
        >
          <fieldset>
            <legend>
              {t('builder.buttons')} <small class="muted">· {t('builder.maxButtons')}</small>
            </legend>
            <Index each={d.buttons}>
              {(b, i) => (
                <div class="builder-inline">
                  <Field
                    label={t('builder.button', { n: i + 1 })}
                    value={b()}
                    max={LIMITS.buttonTitle}
                    problem={problem(`button.${i}`)}
                    onInput={(v) => set('buttons', i, v)}
                    testid="builder-button-title"
                  />
                  <Show when={d.buttons.length > 1}>
                    <button
                      type="button"
                      class="icon-btn"
                      aria-label={t('builder.removeButton')}
                      onClick={() =>
                        set(
                          'buttons',
                          d.buttons.filter((_, j) => j !== i),
                        )
                      }
                    >
                      <Icon name="trash" />
                    </button>
                  </Show>
                </div>
              )}
            </Index>
            <Show when={d.buttons.length < LIMITS.buttons}>
              <button
                type="button"
                class="btn small"
                onClick={() => set('buttons', [...d.buttons, ''])}
                data-testid="builder-add-button"
              >
                <Icon name="plus" size={16} /> {t('builder.addButton')}
              </button>
            </Show>
          </fieldset>
        </Show>
        <p class="muted small">{t('builder.preview')}</p>
        <div class="bubble template-preview">
          <Show when={d.header}>
            <div class="msg-header">{d.header}</div>
          </Show>
          <div class="msg-text">{d.body}</div>
          <Show when={d.footer}>
            <div class="msg-footer">{d.footer}</div>
          </Show>
          <div class="msg-buttons">
            <Show
              when={d.kind === 'button'}
              fallback={
                <span class="msg-button">
                  <Icon name="list" size={16} /> {d.listButton || t('chat.listButton')}
                </span>
              }
            >
              <For each={d.buttons.filter(Boolean)}>{(b) => <span class="msg-button">{b}</span>}</For>
            </Show>
          </div>
        </div>
        <button type="submit" class="btn btn-primary btn-block" disabled={!ok()} data-testid="builder-send">
          <Icon name="send" /> {t('builder.send')}
        </button>
      </form>
    </Sheet>
  );
}
