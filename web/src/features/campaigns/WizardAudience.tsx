/**
 * Step 1: name, sending number and who gets it — lists, tags and one saved view combined (each contact once),
 * with the server's live counts: matched, left out by reason, will receive.
 */
import { createResource, For, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { t } from '../../i18n/index.ts';
import { crm } from '../contacts/crm.api.ts';
import type { WaNumber } from '../numbers/numbers.store.ts';
import type { WizardForm } from './campaign-form.ts';
import { AudienceCounts } from './AudienceCounts.tsx';
import type { PreviewState } from './use-preview.ts';

const toggle = (xs: readonly string[], id: string, on: boolean) => (on ? [...xs, id] : xs.filter((x) => x !== id));

export function WizardAudience(props: {
  form: WizardForm;
  setForm: SetStoreFunction<WizardForm>;
  numbers: WaNumber[];
  preview: PreviewState;
}) {
  const [lists] = createResource(() => crm.lists(true).catch(() => []));
  const [tags] = createResource(() => crm.tags().catch(() => []));
  const [tagCounts] = createResource(() => crm.tagCounts().catch(() => ({}) as Record<string, number>));
  const [views] = createResource(() => crm.views().catch(() => []));
  return (
    <div class="cmp-split">
      <div class="cmp-form">
        <label class="field">
          <span>{t('cmp.name')}</span>
          <input
            value={props.form.name}
            maxLength={120}
            onInput={(e) => props.setForm('name', e.currentTarget.value)}
            aria-describedby="cmp-name-hint"
            data-testid="cmp-name"
          />
          <small class="muted" id="cmp-name-hint">
            {t('cmp.nameHint')}
          </small>
        </label>
        <Show when={props.numbers.length > 1}>
          <label class="field">
            <span>{t('cmp.number')}</span>
            <select
              value={props.form.number}
              onChange={(e) => props.setForm('number', e.currentTarget.value)}
              data-testid="cmp-number"
            >
              <For each={props.numbers}>
                {(n) => (
                  <option value={n.id}>
                    {n.verified_name ? `${n.verified_name} · ` : ''}
                    {n.display_phone_number}
                  </option>
                )}
              </For>
            </select>
          </label>
        </Show>
        <p class="muted small">{t('cmp.audienceHint')}</p>
        <fieldset class="cmp-group" data-testid="cmp-lists">
          <legend>{t('cmp.lists')}</legend>
          <Show when={lists()?.length} fallback={<p class="muted small">{t('cmp.noLists')}</p>}>
            <For each={lists()}>
              {(l) => (
                <label class="cmp-check" data-testid="cmp-list-option" data-name={l.name}>
                  <input
                    type="checkbox"
                    checked={props.form.lists.includes(l.id)}
                    onChange={(e) => props.setForm('lists', (xs) => toggle(xs, l.id, e.currentTarget.checked))}
                  />
                  <span class="cmp-check-name">{l.name}</span>
                  <Show when={l.members !== undefined}>
                    <span class="muted small">{t('cmp.members', l.members ?? 0)}</span>
                  </Show>
                </label>
              )}
            </For>
          </Show>
        </fieldset>
        <fieldset class="cmp-group" data-testid="cmp-tags">
          <legend>{t('cmp.tags')}</legend>
          <Show when={tags()?.length} fallback={<p class="muted small">{t('cmp.noTags')}</p>}>
            <For each={tags()}>
              {(tag) => (
                <label class="cmp-check" data-testid="cmp-tag-option" data-name={tag.name}>
                  <input
                    type="checkbox"
                    checked={props.form.tags.includes(tag.id)}
                    onChange={(e) => props.setForm('tags', (xs) => toggle(xs, tag.id, e.currentTarget.checked))}
                  />
                  <span class="chip tag cmp-check-name" style={{ '--tag': tag.color }}>
                    {tag.name}
                  </span>
                  <Show when={tagCounts()?.[tag.id] !== undefined}>
                    <span class="muted small">{t('cmp.members', tagCounts()?.[tag.id] ?? 0)}</span>
                  </Show>
                </label>
              )}
            </For>
          </Show>
        </fieldset>
        <fieldset class="cmp-group" data-testid="cmp-views">
          <legend>{t('cmp.views')}</legend>
          <Show when={views()?.length} fallback={<p class="muted small">{t('cmp.noViews')}</p>}>
            <For each={views()}>
              {(v) => (
                <label class="cmp-check" data-testid="cmp-view-option" data-name={v.name}>
                  <input
                    type="checkbox"
                    checked={props.form.view === v.id}
                    onChange={(e) => props.setForm('view', e.currentTarget.checked ? v.id : '')}
                  />
                  <span class="cmp-check-name">{v.name}</span>
                </label>
              )}
            </For>
          </Show>
        </fieldset>
      </div>
      <aside class="cmp-side">
        <AudienceCounts preview={props.preview} />
      </aside>
    </div>
  );
}
