/** A condition: has a tag, is in a list, speaks a language, a field compared with a value, or the tapped button. */
import { Match, Show, Switch } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { tx } from '../templates/tx.ts';
import { CONDITION_TYPES, type Condition, FIELD_OPS } from './automations.types.ts';
import { FieldSelect, LanguageSelect, RefInput } from './pickers.tsx';

type CondType = Condition['type'];

export function defaultCondition(type: CondType, prev?: Condition): Condition {
  const not = prev && 'not' in prev && prev.not ? { not: true } : {};
  switch (type) {
    case 'tag':
      return { type, tag: '', ...not };
    case 'list':
      return { type, list: '', ...not };
    case 'language':
      return { type, language: '', ...not };
    case 'field':
      return { type, field: '', op: 'equals', value: '' };
    case 'button':
      return { type, text: '' };
  }
}

export function ConditionFields(props: { value: Condition; onChange: (c: Condition) => void; testid: string }) {
  const c = () => props.value;
  const set = (patch: Record<string, unknown>) => props.onChange({ ...c(), ...patch } as Condition);
  const negatable = () => c().type === 'tag' || c().type === 'list' || c().type === 'language';
  return (
    <div class="auto-condition" data-testid={props.testid} data-type={c().type}>
      <label class="field">
        <span>{t('auto.cond.type')}</span>
        <select
          value={c().type}
          onChange={(e) => props.onChange(defaultCondition(e.currentTarget.value as CondType, c()))}
          data-testid={`${props.testid}-type`}
        >
          {CONDITION_TYPES.map((x) => (
            <option value={x}>{tx(`auto.cond.types.${x}`)}</option>
          ))}
        </select>
      </label>
      <Switch>
        <Match when={c().type === 'tag' && c()}>
          {(x) => (
            <RefInput
              kind="tag"
              value={(x() as Extract<Condition, { type: 'tag' }>).tag}
              onChange={(tag) => set({ tag })}
              testid={`${props.testid}-tag`}
            />
          )}
        </Match>
        <Match when={c().type === 'list' && c()}>
          {(x) => (
            <RefInput
              kind="list"
              value={(x() as Extract<Condition, { type: 'list' }>).list}
              onChange={(list) => set({ list })}
              testid={`${props.testid}-list`}
            />
          )}
        </Match>
        <Match when={c().type === 'language' && c()}>
          {(x) => (
            <LanguageSelect
              value={(x() as Extract<Condition, { type: 'language' }>).language}
              onChange={(language) => set({ language })}
              testid={`${props.testid}-language`}
            />
          )}
        </Match>
        <Match when={c().type === 'button' && c()}>
          {(x) => (
            <label class="field">
              <span>{t('auto.cond.button')}</span>
              <input
                value={(x() as Extract<Condition, { type: 'button' }>).text}
                maxLength={200}
                onInput={(e) => set({ text: e.currentTarget.value })}
                data-testid={`${props.testid}-button`}
              />
            </label>
          )}
        </Match>
        <Match when={c().type === 'field' && (c() as Extract<Condition, { type: 'field' }>)}>
          {(x) => (
            <div class="auto-inline">
              <FieldSelect value={x().field} onChange={(field) => set({ field })} testid={`${props.testid}-field`} />
              <label class="field">
                <span>{t('auto.cond.op')}</span>
                <select
                  value={x().op}
                  onChange={(e) => set({ op: e.currentTarget.value })}
                  data-testid={`${props.testid}-op`}
                >
                  {FIELD_OPS.map((op) => (
                    <option value={op}>{tx(`auto.cond.ops.${op}`)}</option>
                  ))}
                </select>
              </label>
              <Show when={x().op !== 'empty' && x().op !== 'not_empty'}>
                <label class="field">
                  <span>{t('auto.cond.value')}</span>
                  <input
                    value={x().value ?? ''}
                    maxLength={1000}
                    onInput={(e) => set({ value: e.currentTarget.value })}
                    data-testid={`${props.testid}-value`}
                  />
                </label>
              </Show>
            </div>
          )}
        </Match>
      </Switch>
      <Show when={negatable()}>
        <label class="check">
          <input
            type="checkbox"
            checked={'not' in c() && !!(c() as { not?: boolean }).not}
            onChange={(e) => set({ not: e.currentTarget.checked || undefined })}
            data-testid={`${props.testid}-not`}
          />
          <span>{t('auto.cond.not')}</span>
        </label>
      </Show>
    </div>
  );
}
