/** Search and pick an approved template (one entry per name; its language after), then fill its parameters (the composer's picker and "start chat" on a contact share both). */
import { useStore } from '@nanostores/solid';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import type { Template } from '../../lib/types.ts';
import { Icon } from '../../ui/Icon.tsx';
import { paramId, type TemplateParam } from './template.ts';
import { groupTemplates, type TemplateGroup } from './template-groups.ts';
import { $templates, loadTemplates } from './templates.store.ts';

export function TemplateChooser(props: { onChoose: (group: TemplateGroup) => void; wabaId?: string | undefined }) {
  const templates = useStore($templates);
  const [q, setQ] = createSignal('');
  void loadTemplates();
  // one entry per template: its approved languages as chips, the language is chosen after (pre-selected for the contact)
  const list = createMemo(() => {
    const needle = q().trim().toLowerCase();
    return groupTemplates(templates().filter((x) => !props.wabaId || !x.waba_id || x.waba_id === props.wabaId)).filter(
      (g) =>
        !needle ||
        g.name.toLowerCase().includes(needle) ||
        g.translations.some((x) => (x.components ?? []).some((c) => c.text?.toLowerCase().includes(needle))),
    );
  });
  return (
    <>
      <label class="field">
        <span class="sr-only">{t('templates.search')}</span>
        <input
          type="search"
          placeholder={t('templates.search')}
          value={q()}
          onInput={(e) => setQ(e.currentTarget.value)}
          data-testid="template-search"
        />
      </label>
      <Show when={list().length} fallback={<p class="muted">{t('templates.none')}</p>}>
        <ul class="menu-list" role="list">
          <For each={list()}>
            {(g) => (
              <li>
                <button
                  type="button"
                  class="menu-item template-item"
                  onClick={() => props.onChoose(g)}
                  data-testid="template-option"
                  data-name={g.name}
                  data-languages={g.translations.map((x) => x.language).join(' ')}
                >
                  <span>
                    <strong>{g.name}</strong>{' '}
                    <For each={g.translations}>
                      {(x) => (
                        <span class="chip" data-testid="template-option-language">
                          {x.language}
                        </span>
                      )}
                    </For>{' '}
                    <span class="chip">{g.category.toLowerCase()}</span>
                    <small class="muted clamp">
                      {(g.translations[0]?.components ?? []).find((c) => c.type === 'BODY')?.text ?? ''}
                    </small>
                  </span>
                  <Icon name="chevron" />
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}

/** The translations of the chosen template; the one the resolver picked for this contact is pre-selected. */
export function TemplateLanguageSwitch(props: {
  group: TemplateGroup;
  current: Template;
  onSwitch: (tpl: Template) => void;
}) {
  return (
    <Show
      when={props.group.translations.length > 1}
      fallback={
        <span class="chip" data-testid="template-language" data-language={props.current.language} data-selected="true">
          {props.current.language}
        </span>
      }
    >
      <span role="radiogroup" aria-label={t('templates.language')} class="template-languages">
        <For each={props.group.translations}>
          {(x) => (
            <button
              type="button"
              role="radio"
              class="chip chip-button"
              aria-checked={x.language === props.current.language}
              onClick={() => props.onSwitch(x)}
              data-testid="template-language"
              data-language={x.language}
              data-selected={x.language === props.current.language}
            >
              {x.language}
            </button>
          )}
        </For>
      </span>
    </Show>
  );
}

/** One required input per {{parameter}}, pre-filled where the contact supplies a value. */
export function TemplateParamFields(props: {
  params: TemplateParam[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}) {
  return (
    <Show when={props.params.length}>
      <fieldset class="params">
        <legend>{t('templates.params')}</legend>
        <For each={props.params}>
          {(p) => (
            <label class="field">
              <span>{t('templates.param', { name: `{{${p.key}}}` })}</span>
              <input
                value={props.values[paramId(p)] ?? ''}
                placeholder={p.example}
                required
                onInput={(e) => props.onChange({ ...props.values, [paramId(p)]: e.currentTarget.value })}
                data-testid="template-param"
              />
            </label>
          )}
        </For>
      </fieldset>
    </Show>
  );
}
