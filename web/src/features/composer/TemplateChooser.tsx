/** Search and pick an approved template, then fill its parameters (the composer's picker and "start chat" on a contact share both). */
import { useStore } from '@nanostores/solid';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import type { Template } from '../../lib/types.ts';
import { Icon } from '../../ui/Icon.tsx';
import { paramId, type TemplateParam } from './template.ts';
import { $templates, loadTemplates } from './templates.store.ts';

export function TemplateChooser(props: { onChoose: (tpl: Template) => void; wabaId?: string | undefined }) {
  const templates = useStore($templates);
  const [q, setQ] = createSignal('');
  void loadTemplates();
  const list = createMemo(() => {
    const needle = q().trim().toLowerCase();
    return templates()
      .filter((x) => x.status === 'APPROVED' && (!props.wabaId || !x.waba_id || x.waba_id === props.wabaId) && (!needle || x.name.toLowerCase().includes(needle) || (x.components ?? []).some((c) => c.text?.toLowerCase().includes(needle))))
      .sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
  });
  return (
    <>
      <label class="field">
        <span class="sr-only">{t('templates.search')}</span>
        <input type="search" placeholder={t('templates.search')} value={q()} onInput={(e) => setQ(e.currentTarget.value)} data-testid="template-search" />
      </label>
      <Show when={list().length} fallback={<p class="muted">{t('templates.none')}</p>}>
        <ul class="menu-list" role="list">
          <For each={list()}>
            {(tpl) => (
              <li>
                <button type="button" class="menu-item template-item" onClick={() => props.onChoose(tpl)} data-testid="template-option" data-name={tpl.name} data-language={tpl.language}>
                  <span>
                    <strong>{tpl.name}</strong> <span class="chip">{tpl.language}</span> <span class="chip">{tpl.category.toLowerCase()}</span>
                    <small class="muted clamp">{(tpl.components ?? []).find((c) => c.type === 'BODY')?.text ?? ''}</small>
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

/** One required input per {{parameter}}, pre-filled where the contact supplies a value. */
export function TemplateParamFields(props: { params: TemplateParam[]; values: Record<string, string>; onChange: (values: Record<string, string>) => void }) {
  return (
    <Show when={props.params.length}>
      <fieldset class="params">
        <legend>{t('templates.params')}</legend>
        <For each={props.params}>
          {(p) => (
            <label class="field">
              <span>{t('templates.param', { name: `{{${p.key}}}` })}</span>
              <input value={props.values[paramId(p)] ?? ''} placeholder={p.example} required onInput={(e) => props.onChange({ ...props.values, [paramId(p)]: e.currentTarget.value })} data-testid="template-param" />
            </label>
          )}
        </For>
      </fieldset>
    </Show>
  );
}
