/**
 * The builder's small inputs: a tag or a list (an existing one from the suggestions, or a new name created when
 * the automation is saved), a contact field, an operator, a language, and "how long" as an amount and a unit.
 */
import { useStore } from '@nanostores/solid';
import { createUniqueId, For, Show } from 'solid-js';
import { locale, t } from '../../i18n/index.ts';
import { $team, assignable } from '../../stores/team.ts';
import { $fields, $lists, $tags, LANGUAGES } from '../contacts/taxonomy.ts';
import type { FieldDef } from '../contacts/crm.types.ts';
import { tx } from '../templates/tx.ts';
import { delayOf, delayParts, UNIT_MAX, UNITS } from './automation-form.ts';
import type { DelayT } from './automations.types.ts';
import { listName, tagName } from './auto-ui.tsx';

export const TAGS_DATALIST = 'auto-tag-names';
export const LISTS_DATALIST = 'auto-list-names';

/** The suggestions for every tag and list input of the builder, rendered once. */
export function NameSuggestions() {
  const tags = useStore($tags);
  const lists = useStore($lists);
  return (
    <>
      <datalist id={TAGS_DATALIST}>
        <For each={tags()}>{(x) => <option value={x.name} />}</For>
      </datalist>
      <datalist id={LISTS_DATALIST}>
        <For each={lists()}>{(x) => <option value={x.name} />}</For>
      </datalist>
    </>
  );
}

/** A tag or a list by name: the server takes ids or names (a new name is created when saved). */
export function RefInput(props: {
  kind: 'tag' | 'list';
  value: string;
  onChange: (v: string) => void;
  label?: string;
  testid: string;
}) {
  const hint = createUniqueId();
  const shown = () => (props.kind === 'tag' ? tagName(props.value) : listName(props.value));
  return (
    <label class="field">
      <span>{props.label ?? (props.kind === 'tag' ? t('auto.f.tag') : t('auto.f.list'))}</span>
      <input
        value={shown()}
        list={props.kind === 'tag' ? TAGS_DATALIST : LISTS_DATALIST}
        maxLength={100}
        autocomplete="off"
        aria-describedby={hint}
        onInput={(e) => props.onChange(e.currentTarget.value)}
        data-testid={props.testid}
      />
      <small class="muted" id={hint}>
        {props.kind === 'tag' ? t('auto.f.tagHint') : t('auto.f.listHint')}
      </small>
    </label>
  );
}

/** A contact field defined by admins; `only` narrows the types (a date trigger wants dates). */
export function FieldSelect(props: {
  value: string;
  onChange: (v: string) => void;
  only?: FieldDef['type'][];
  testid: string;
  label?: string;
}) {
  const fields = useStore($fields);
  const options = () => fields().filter((f) => !props.only || props.only.includes(f.type));
  return (
    <label class="field">
      <span>{props.label ?? t('auto.f.field')}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} data-testid={props.testid}>
        <option value="">{t('auto.f.chooseField')}</option>
        <Show when={props.value && !options().some((f) => f.key === props.value)}>
          <option value={props.value}>{props.value}</option>
        </Show>
        <For each={options()}>{(f) => <option value={f.key}>{f.label || f.key}</option>}</For>
      </select>
      <Show when={!options().length}>
        <small class="muted">
          {t('auto.f.noFields')} <a href="#/contacts/fields">{t('auto.f.defineFields')}</a>
        </small>
      </Show>
    </label>
  );
}

/** An operator, or '' for round-robin. */
export function OperatorSelect(props: { value: string; onChange: (v: string) => void }) {
  const team = useStore($team);
  return (
    <label class="field">
      <span>{t('auto.f.operator')}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} data-testid="auto-operator">
        <option value="">{t('auto.f.roundRobin')}</option>
        <For each={assignable(team())}>{(m) => <option value={m.id}>{m.name || m.email || m.id}</option>}</For>
      </select>
    </label>
  );
}

/** "it" → "italiano" in the screen's language (the code when the browser cannot say). */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([locale()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function LanguageSelect(props: { value: string; onChange: (v: string) => void; testid: string }) {
  return (
    <label class="field">
      <span>{t('auto.f.language')}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} data-testid={props.testid}>
        <option value="">{t('auto.f.chooseLanguage')}</option>
        <For each={LANGUAGES}>{(l) => <option value={l}>{languageName(l)}</option>}</For>
      </select>
    </label>
  );
}

/** "After 30 minutes": an amount and a unit (the schema's ceilings as the input's maximum). */
export function DelayInputs(props: { value: DelayT | undefined; onChange: (d: DelayT) => void; testid: string }) {
  const parts = () => delayParts(props.value);
  return (
    <div class="auto-inline" data-testid={props.testid}>
      <label class="field auto-amount">
        <span>{t('auto.f.amount')}</span>
        <input
          type="number"
          inputMode="numeric"
          min="0"
          max={UNIT_MAX[parts().unit]}
          step="1"
          value={parts().amount}
          onInput={(e) => props.onChange(delayOf(e.currentTarget.valueAsNumber, parts().unit))}
          data-testid={`${props.testid}-amount`}
        />
      </label>
      <label class="field">
        <span>{t('auto.f.unit')}</span>
        <select
          value={parts().unit}
          onChange={(e) => props.onChange(delayOf(parts().amount, e.currentTarget.value as (typeof UNITS)[number]))}
          data-testid={`${props.testid}-unit`}
        >
          <For each={UNITS}>{(u) => <option value={u}>{tx(`auto.units.${u}`)}</option>}</For>
        </select>
      </label>
    </div>
  );
}
