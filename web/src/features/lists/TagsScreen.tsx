/** Tags: create, rename, recolour, delete (admins, managers); how many contacts carry each one. */
import { useStore } from '@nanostores/solid';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $session } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { showContacts } from '../contacts/ContactPage.tsx';
import { crm } from '../contacts/crm.api.ts';
import type { CrmTag } from '../contacts/crm.types.ts';
import { crmError } from '../contacts/crm-ui.tsx';
import { CrmIcon } from '../contacts/icons.tsx';
import { $tags, crmCan, loadTags, TAG_COLORS } from '../contacts/taxonomy.ts';
import { confirmDelete, refreshWhileOpen, TaxonomyCard, TaxonomyScreen } from './taxonomy-screen.tsx';

export function ColorPicker(props: { value: string; onChange: (c: string) => void; name: string }) {
  return (
    <fieldset class="filter-group">
      <legend>{t('crm.common.color')}</legend>
      <div class="swatches" role="radiogroup" aria-label={t('crm.common.color')}>
        <For each={TAG_COLORS}>
          {(c) => (
            <label class="swatch" style={{ '--swatch': c }}>
              <input
                type="radio"
                name={props.name}
                value={c}
                checked={props.value.toLowerCase() === c}
                onChange={() => props.onChange(c)}
                aria-label={t('crm.tags.pickColor', { color: c })}
              />
              <span aria-hidden="true" />
            </label>
          )}
        </For>
        <label class="swatch-custom">
          <span class="sr-only">{t('crm.common.color')}</span>
          <input type="color" value={props.value || '#0f766e'} onInput={(e) => props.onChange(e.currentTarget.value)} />
        </label>
      </div>
    </fieldset>
  );
}

function TagSheet(props: { tag?: CrmTag; onClose: () => void }) {
  const [color, setColor] = createSignal(props.tag?.color || TAG_COLORS[0]!);
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget as HTMLFormElement).get('name') ?? '').trim();
    if (!name) return;
    setBusy(true);
    try {
      if (props.tag) await crm.patchTag(props.tag.id, { name, color: color() });
      else await crm.createTag(name, color());
      toast(props.tag ? t('crm.tags.saved') : t('crm.tags.created'));
      await loadTags();
      props.onClose();
    } catch (err) {
      toast((err as { code?: string }).code === 'already_exists' ? t('crm.tags.nameTaken') : crmError(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Sheet
      title={props.tag ? t('crm.tags.edit', { name: props.tag.name }) : t('crm.tags.new')}
      onClose={props.onClose}
      testid="tag-sheet"
    >
      <form onSubmit={submit}>
        <label class="field">
          <span>{t('crm.common.name')}</span>
          <input name="name" required maxLength={60} value={props.tag?.name ?? ''} data-testid="tag-name" />
        </label>
        <ColorPicker value={color()} onChange={setColor} name="tag-color" />
        <p class="chips">
          <span class="chip tag" style={{ '--tag': color() }}>
            {props.tag?.name ?? t('crm.tags.new')}
          </span>
        </p>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy()} data-testid="tag-save">
          {props.tag ? t('common.save') : t('crm.common.create')}
        </button>
      </form>
    </Sheet>
  );
}

export default function TagsScreen() {
  const session = useStore($session);
  const tags = useStore($tags);
  const staff = () => crmCan.manageTaxonomy(session()?.user);
  const [sheet, setSheet] = createSignal<{ tag?: CrmTag } | null>(null);
  const [counts, setCounts] = createSignal<Record<string, number>>({});
  void loadTags().catch(() => undefined);
  // contacts per tag (one request), kept current while the screen is open
  const refreshCounts = () => void crm.tagCounts().then(setCounts, () => undefined /* the count is a nicety */);
  refreshWhileOpen(refreshCounts);
  createEffect(
    on(
      () =>
        tags()
          .map((x) => x.id)
          .join(),
      refreshCounts,
      { defer: true },
    ),
  );

  return (
    <TaxonomyScreen
      tab="tags"
      title={t('crm.tags.title')}
      newLabel={t('crm.tags.new')}
      canCreate={staff()}
      onNew={() => setSheet({})}
      empty={t('crm.tags.empty')}
      hasItems={tags().length > 0}
      testid="tags"
      sheet={<Show when={sheet()}>{(s) => <TagSheet tag={s().tag} onClose={() => setSheet(null)} />}</Show>}
    >
      <For each={tags()}>
        {(tg) => (
          <TaxonomyCard
            testid="tag-item"
            name={tg.name}
            href="#/contacts"
            label={t('crm.tags.show', { name: tg.name })}
            onOpen={(e) => (e.preventDefault(), showContacts({ tags: [tg.id] }))}
            icon={
              <span class="tag-dot" style={{ '--tag': tg.color || 'var(--brand)' }} aria-hidden="true">
                <CrmIcon name="tag" size={18} />
              </span>
            }
            text={<strong>{tg.name}</strong>}
            count={counts()[tg.id] !== undefined ? t('crm.tags.count', counts()[tg.id]!) : ''}
            editable={staff()}
            editLabel={t('crm.tags.edit', { name: tg.name })}
            deleteLabel={t('crm.tags.delete', { name: tg.name })}
            onEdit={() => setSheet({ tag: tg })}
            onDelete={() =>
              void confirmDelete(
                `${t('crm.common.confirmDelete', { name: tg.name })} ${t('crm.tags.deleteHint')}`,
                () => crm.deleteTag(tg.id),
                t('crm.tags.deleted'),
                loadTags,
              )
            }
          />
        )}
      </For>
    </TaxonomyScreen>
  );
}
