/** The inputs of what a step does, one kind at a time (lanes are drawn by the step card). */
import { createUniqueId, For, Index, Match, Show, Switch } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { LIMITS } from '../composer/interactive.ts';
import { tx } from '../templates/tx.ts';
import {
  clone,
  emptyList,
  type ListT,
  REPLY_KINDS,
  type ReplyKind,
  replyKind,
  setReplyKind,
} from './automation-form.ts';
import type { Step } from './automations.types.ts';
import { ConditionFields } from './ConditionFields.tsx';
import { stepDomId, useEditor } from './editor-context.ts';
import { DelayInputs, FieldSelect, OperatorSelect, RefInput } from './pickers.tsx';
import { TemplateFields } from './TemplateFields.tsx';

type A<T extends Step['action']['type']> = Extract<Step['action'], { type: T }>;

/** An input with its label and a live "n/max" count under it (read after the input's name). */
function Counted(props: { label: string; value: string; max: number; onInput: (v: string) => void; testid: string }) {
  const id = createUniqueId();
  const n = () => props.value.length;
  return (
    <div class="field auto-counted">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        value={props.value}
        maxLength={props.max}
        aria-describedby={`${id}-n`}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        data-testid={props.testid}
      />
      <small class="auto-count" classList={{ over: n() > props.max }} id={`${id}-n`}>
        {t('auto.f.count', { n: n(), max: props.max })}
      </small>
    </div>
  );
}

function ButtonsEditor(props: { path: string; buttons: string[] }) {
  const ed = useEditor();
  const change = (fn: (b: string[]) => void) =>
    ed.edit(props.path, (s) => {
      const a = s.action as A<'send_text'>;
      a.buttons ??= [];
      fn(a.buttons);
    });
  return (
    <fieldset class="cmp-group auto-buttons" data-testid="auto-buttons">
      <legend>{t('auto.f.buttons')}</legend>
      <Index each={props.buttons}>
        {(b, i) => (
          <div class="auto-inline">
            <Counted
              label={t('auto.f.buttonN', { n: i + 1 })}
              value={b()}
              max={LIMITS.buttonTitle}
              onInput={(v) => change((x) => void (x[i] = v))}
              testid="auto-text-button"
            />
            <Show when={props.buttons.length > 1}>
              <button
                type="button"
                class="btn small ghost auto-remove-button"
                aria-label={t('auto.f.removeButton', { n: i + 1 })}
                onClick={() => {
                  change((x) => void x.splice(i, 1));
                  focusNth(props.path, 'auto-text-button', Math.max(0, i - 1));
                }}
                data-testid="auto-remove-button"
              >
                ✕
              </button>
            </Show>
          </div>
        )}
      </Index>
      <Show when={props.buttons.length < LIMITS.buttons}>
        <button
          type="button"
          class="btn small auto-add-row"
          onClick={() => {
            change((x) => void x.push(''));
            focusNth(props.path, 'auto-text-button', 'last');
          }}
          data-testid="auto-add-button"
        >
          {t('auto.f.addButton')}
        </button>
      </Show>
    </fieldset>
  );
}

function ListEditor(props: { path: string; list: ListT }) {
  const ed = useEditor();
  const change = (fn: (l: ListT) => void) =>
    ed.edit(props.path, (s) => {
      const a = s.action as A<'send_text'>;
      a.list ??= emptyList();
      fn(a.list);
    });
  const rows = () => props.list.rows;
  const intro = createUniqueId();
  return (
    <fieldset class="cmp-group auto-list-editor" aria-describedby={intro} data-testid="auto-list-editor">
      <legend>{t('auto.f.listMenu')}</legend>
      <p class="small muted auto-list-hint" id={intro}>
        {t('auto.f.listIntro')}
      </p>
      <Counted
        label={t('auto.f.listButton')}
        value={props.list.button}
        max={LIMITS.listButton}
        onInput={(v) => change((l) => void (l.button = v))}
        testid="auto-list-button"
      />
      <ol class="auto-rows">
        <Index each={rows()}>
          {(r, i) => (
            <li class="auto-row" data-testid="auto-list-row">
              <div class="auto-row-head">
                <h4 class="auto-row-title">{t('auto.f.rowN', { n: i + 1 })}</h4>
                <Show when={rows().length > 1}>
                  <button
                    type="button"
                    class="btn small ghost"
                    aria-label={t('auto.f.removeRow', { n: i + 1 })}
                    onClick={() => {
                      change((l) => void l.rows.splice(i, 1));
                      focusNth(props.path, 'auto-row-title', Math.max(0, i - 1));
                    }}
                    data-testid="auto-remove-row"
                  >
                    {t('auto.f.remove')}
                  </button>
                </Show>
              </div>
              <Counted
                label={t('auto.f.rowTitle')}
                value={r().title}
                max={LIMITS.rowTitle}
                onInput={(v) => change((l) => void (l.rows[i]!.title = v))}
                testid="auto-row-title"
              />
              <Counted
                label={t('auto.f.rowDescription')}
                value={r().description ?? ''}
                max={LIMITS.rowDescription}
                onInput={(v) =>
                  change((l) => {
                    const row = l.rows[i]!;
                    if (v) row.description = v;
                    else delete row.description;
                  })
                }
                testid="auto-row-description"
              />
            </li>
          )}
        </Index>
      </ol>
      <Show
        when={rows().length < LIMITS.rows}
        fallback={<p class="small muted">{t('auto.f.rowsFull', { max: LIMITS.rows })}</p>}
      >
        <button
          type="button"
          class="btn small auto-add-row"
          onClick={() => {
            change((l) => void l.rows.push({ title: '' }));
            focusNth(props.path, 'auto-row-title', 'last');
          }}
          data-testid="auto-add-row"
        >
          {t('auto.f.addRow')}
        </button>
      </Show>
    </fieldset>
  );
}

/** After adding a button or a row the focus goes to its input; after removing one, to the one before it. */
function focusNth(path: string, testid: string, n: number | 'last') {
  queueMicrotask(() => {
    const all = document.getElementById(stepDomId(path))?.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`);
    if (all) all[n === 'last' ? all.length - 1 : n]?.focus();
  });
}

function TextFields(props: { path: string; a: A<'send_text'> }) {
  const ed = useEditor();
  const kind = () => replyKind(props.a);
  const name = `auto-reply-${createUniqueId()}`;
  // switching to another kind and back finds what was typed there
  const earlier: { buttons?: string[]; list?: ListT } = {};
  const choose = (k: ReplyKind) =>
    ed.edit(props.path, (s) => {
      const a = s.action as A<'send_text'>;
      if (a.buttons) earlier.buttons = clone(a.buttons);
      if (a.list) earlier.list = clone(a.list);
      setReplyKind(a, k, earlier);
    });
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
      <fieldset class="cmp-group auto-reply-kind" data-testid="auto-reply-kind">
        <legend>{t('auto.f.replyKind')}</legend>
        <div class="auto-reply-options">
          <For each={REPLY_KINDS}>
            {(k) => (
              <label class="check">
                <input
                  type="radio"
                  name={name}
                  value={k}
                  checked={kind() === k}
                  onChange={() => choose(k)}
                  data-testid={`auto-reply-${k}`}
                />
                <span>{tx(`auto.f.replyKinds.${k}`)}</span>
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <Switch>
        <Match when={kind() === 'buttons' && props.a.buttons}>
          {(b) => <ButtonsEditor path={props.path} buttons={b()} />}
        </Match>
        <Match when={kind() === 'list' && props.a.list}>{(l) => <ListEditor path={props.path} list={l()} />}</Match>
      </Switch>
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
