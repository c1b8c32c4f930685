/** The inputs of what a step does, one kind at a time (lanes are drawn by the step card). */
import { For, Match, Show, Switch } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { tx } from '../templates/tx.ts';
import type { Step } from './automations.types.ts';
import { ConditionFields } from './ConditionFields.tsx';
import { useEditor } from './editor-context.ts';
import { DelayInputs, FieldSelect, OperatorSelect, RefInput } from './pickers.tsx';
import { TemplateFields } from './TemplateFields.tsx';

type A<T extends Step['action']['type']> = Extract<Step['action'], { type: T }>;

function TextFields(props: { path: string; a: A<'send_text'> }) {
  const ed = useEditor();
  const buttons = () => props.a.buttons ?? [];
  return (
    <>
      <Show when={ed.windowMayBeClosed()}>
        <p class="notice notice-warn small" data-testid="auto-window-notice">
          {t('auto.f.windowNotice')}
        </p>
      </Show>
      <label class="field">
        <span>{t('auto.f.text')}</span>
        <textarea
          rows={3}
          maxLength={4096}
          value={props.a.text}
          onInput={(e) => ed.edit(props.path, (s) => void ((s.action as A<'send_text'>).text = e.currentTarget.value))}
          data-testid="auto-text"
        />
      </label>
      <fieldset class="cmp-group auto-buttons">
        <legend>{t('auto.f.buttons')}</legend>
        <For each={buttons()}>
          {(b, i) => (
            <div class="auto-inline">
              <label class="field">
                <span>{t('auto.f.buttonN', { n: i() + 1 })}</span>
                <input
                  value={b}
                  maxLength={20}
                  onInput={(e) =>
                    ed.edit(props.path, (s) => {
                      const a = s.action as A<'send_text'>;
                      if (a.buttons) a.buttons[i()] = e.currentTarget.value;
                    })
                  }
                  data-testid="auto-text-button"
                />
              </label>
              <button
                type="button"
                class="btn small ghost auto-remove-button"
                aria-label={t('auto.f.removeButton', { n: i() + 1 })}
                onClick={() =>
                  ed.edit(props.path, (s) => {
                    const a = s.action as A<'send_text'>;
                    a.buttons = (a.buttons ?? []).filter((_, j) => j !== i());
                  })
                }
              >
                ✕
              </button>
            </div>
          )}
        </For>
        <Show when={buttons().length < 3}>
          <button
            type="button"
            class="btn small"
            onClick={() =>
              ed.edit(props.path, (s) => {
                const a = s.action as A<'send_text'>;
                a.buttons = [...(a.buttons ?? []), ''];
              })
            }
            data-testid="auto-add-button"
          >
            {t('auto.f.addButton')}
          </button>
        </Show>
      </fieldset>
    </>
  );
}

function SetFieldFields(props: { path: string; a: A<'set_field'> }) {
  const ed = useEditor();
  const set = (fn: (a: A<'set_field'>) => void) => ed.edit(props.path, (s) => fn(s.action as A<'set_field'>));
  const name = `auto-from-${props.path}`;
  return (
    <>
      <FieldSelect value={props.a.field} onChange={(v) => set((a) => void (a.field = v))} testid="auto-set-field" />
      <fieldset class="cmp-group">
        <legend>{t('auto.f.fieldFrom')}</legend>
        <label class="check">
          <input
            type="radio"
            name={name}
            checked={!props.a.from}
            onChange={() => set((a) => void delete a.from)}
            data-testid="auto-set-fixed"
          />
          <span>{t('auto.f.fixedValue')}</span>
        </label>
        <label class="check">
          <input
            type="radio"
            name={name}
            checked={props.a.from === 'next_message'}
            onChange={() => set((a) => void (a.from = 'next_message'))}
            data-testid="auto-set-next"
          />
          <span>{t('auto.f.nextMessage')}</span>
        </label>
      </fieldset>
      <Show when={!props.a.from} fallback={<p class="muted small">{t('auto.f.nextMessageHint')}</p>}>
        <label class="field">
          <span>{t('auto.f.value')}</span>
          <input
            value={props.a.value ?? ''}
            maxLength={1000}
            onInput={(e) => set((a) => void (a.value = e.currentTarget.value))}
            data-testid="auto-set-value"
          />
        </label>
      </Show>
    </>
  );
}

export function ActionFields(props: { path: string; step: Step }) {
  const ed = useEditor();
  const a = () => props.step.action;
  const setAction = (fn: (x: Step['action']) => void) => ed.edit(props.path, (s) => fn(s.action));
  return (
    <div class="auto-action" data-testid="auto-action-fields">
      <Switch fallback={<p class="muted small">{tx(`auto.hints.${a().type}`)}</p>}>
        <Match when={a().type === 'send_text' && (a() as A<'send_text'>)}>
          {(x) => <TextFields path={props.path} a={x()} />}
        </Match>
        <Match when={a().type === 'send_template' && (a() as A<'send_template'>)}>
          {(x) => (
            <TemplateFields
              value={x().template}
              groups={ed.groups()}
              onChange={(v) => setAction((y) => void ((y as A<'send_template'>).template = v))}
            />
          )}
        </Match>
        <Match when={(a().type === 'add_tag' || a().type === 'remove_tag') && (a() as A<'add_tag'>)}>
          {(x) => (
            <RefInput
              kind="tag"
              value={x().tag}
              onChange={(v) => setAction((y) => void ((y as A<'add_tag'>).tag = v))}
              testid="auto-tag"
            />
          )}
        </Match>
        <Match when={(a().type === 'add_to_list' || a().type === 'remove_from_list') && (a() as A<'add_to_list'>)}>
          {(x) => (
            <RefInput
              kind="list"
              value={x().list}
              onChange={(v) => setAction((y) => void ((y as A<'add_to_list'>).list = v))}
              testid="auto-list"
            />
          )}
        </Match>
        <Match when={a().type === 'assign' && (a() as A<'assign'>)}>
          {(x) => (
            <>
              <OperatorSelect
                value={x().user ?? ''}
                onChange={(v) =>
                  setAction((y) => {
                    const z = y as A<'assign'>;
                    if (v) z.user = v;
                    else delete z.user;
                  })
                }
              />
              <label class="check">
                <input
                  type="checkbox"
                  checked={!!x().online_only}
                  onChange={(e) =>
                    setAction((y) => void ((y as A<'assign'>).online_only = e.currentTarget.checked || undefined))
                  }
                  data-testid="auto-online-only"
                />
                <span>{t('auto.f.onlineOnly')}</span>
              </label>
            </>
          )}
        </Match>
        <Match when={a().type === 'set_field' && (a() as A<'set_field'>)}>
          {(x) => <SetFieldFields path={props.path} a={x()} />}
        </Match>
        <Match when={a().type === 'webhook' && (a() as A<'webhook'>)}>
          {(x) => (
            <label class="field">
              <span>{t('auto.f.url')}</span>
              <input
                type="url"
                inputMode="url"
                placeholder="https://"
                value={x().url}
                onInput={(e) => setAction((y) => void ((y as A<'webhook'>).url = e.currentTarget.value))}
                data-testid="auto-webhook-url"
              />
              <small class="muted">{t('auto.f.urlHint')}</small>
            </label>
          )}
        </Match>
        <Match when={a().type === 'wait_for_reply' && (a() as A<'wait_for_reply'>)}>
          {(x) => (
            <fieldset class="cmp-group">
              <legend>{t('auto.f.timeout')}</legend>
              <DelayInputs
                value={x().timeout}
                onChange={(d) => setAction((y) => void ((y as A<'wait_for_reply'>).timeout = d))}
                testid="auto-timeout"
              />
              <small class="muted">{t('auto.f.timeoutHint')}</small>
            </fieldset>
          )}
        </Match>
        <Match when={a().type === 'branch' && (a() as A<'branch'>)}>
          {(x) => (
            <fieldset class="cmp-group">
              <legend>{t('auto.f.branchIf')}</legend>
              <ConditionFields
                value={x().if}
                onChange={(c) => setAction((y) => void ((y as A<'branch'>).if = c))}
                testid="auto-branch-if"
              />
            </fieldset>
          )}
        </Match>
      </Switch>
    </div>
  );
}
