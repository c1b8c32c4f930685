/** Tags: create, rename, recolour, delete (admins, managers); how many contacts carry each one. */
import { useStore } from '@nanostores/solid';
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $session } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { showContacts } from '../contacts/ContactPage.tsx';
import { crm } from '../contacts/crm.api.ts';
import type { CrmTag } from '../contacts/crm.types.ts';
import { CrmHeader, crmError, CrmTabs } from '../contacts/crm-ui.tsx';
import { CrmIcon } from '../contacts/icons.tsx';
import { $tags, crmCan, loadTags, TAG_COLORS } from '../contacts/taxonomy.ts';

export function ColorPicker(props: { value: string; onChange: (c: string) => void; name: string }) {
  return (
    <fieldset class="filter-group">
      <legend>{t('crm.common.color')}</legend>
      <div class="swatches" role="radiogroup" aria-label={t('crm.common.color')}>
        <For each={TAG_COLORS}>
          {(c) => (
            <label class="swatch" style={{ '--swatch': c }}>
              <input type="radio" name={props.name} value={c} checked={props.value.toLowerCase() === c} onChange={() => props.onChange(c)} aria-label={t('crm.tags.pickColor', { color: c })} />
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
    <Sheet title={props.tag ? t('crm.tags.edit', { name: props.tag.name }) : t('crm.tags.new')} onClose={props.onClose} testid="tag-sheet">
      <form onSubmit={submit}>
        <label class="field"><span>{t('crm.common.name')}</span><input name="name" required maxLength={60} value={props.tag?.name ?? ''} data-testid="tag-name" /></label>
        <ColorPicker value={color()} onChange={setColor} name="tag-color" />
        <p class="chips"><span class="chip tag" style={{ '--tag': color() }}>{props.tag?.name ?? t('crm.tags.new')}</span></p>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy()} data-testid="tag-save">{props.tag ? t('common.save') : t('crm.common.create')}</button>
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

  // contacts per tag (one request), kept current while the screen is open: imports and bulk actions tag in the background
  const refreshCounts = () => crm.tagCounts().then(setCounts, () => undefined /* the count is a nicety */);
  createEffect(on(() => tags().map((x) => x.id).join(), () => void refreshCounts()));
  const timer = setInterval(() => document.visibilityState === 'visible' && void refreshCounts(), 15_000);
  onCleanup(() => clearInterval(timer));

  const remove = async (tg: CrmTag) => {
    if (!confirm(`${t('crm.common.confirmDelete', { name: tg.name })} ${t('crm.tags.deleteHint')}`)) return;
    try {
      await crm.deleteTag(tg.id);
      toast(t('crm.tags.deleted'));
      await loadTags();
    } catch (err) {
      toast(crmError(err), 'error');
    }
  };

  return (
    <section class="crm-screen" aria-labelledby="tags-title">
      <CrmHeader title={t('crm.tags.title')} titleId="tags-title">
        <Show when={staff()}>
          <button type="button" class="icon-btn" aria-label={t('crm.tags.new')} title={t('crm.tags.new')} onClick={() => setSheet({})} data-testid="tag-new"><Icon name="plus" /></button>
        </Show>
      </CrmHeader>
      <CrmTabs current="tags" />
      <main class="crm-main crm-scroll" id="main">
        <div class="crm-page">
          <Show when={tags().length} fallback={<p class="empty">{t('crm.tags.empty')}</p>}>
            <ul class="crm-cards" role="list" data-testid="tags">
              <For each={tags()}>
                {(tg) => (
                  <li class="card list-card" data-testid="tag-item" data-name={tg.name}>
                    <a class="list-card-main" href="#/contacts" onClick={(e) => (e.preventDefault(), showContacts({ tags: [tg.id] }))} aria-label={t('crm.tags.show', { name: tg.name })}>
                      <span class="tag-dot" style={{ '--tag': tg.color || 'var(--brand)' }} aria-hidden="true"><CrmIcon name="tag" size={18} /></span>
                      <span class="list-text"><strong>{tg.name}</strong></span>
                      <span class="list-count">{counts()[tg.id] !== undefined ? t('crm.tags.count', counts()[tg.id]!) : ''}</span>
                    </a>
                    <Show when={staff()}>
                      <span class="row-actions list-actions">
                        <button type="button" class="icon-btn small" aria-label={t('crm.tags.edit', { name: tg.name })} onClick={() => setSheet({ tag: tg })}><CrmIcon name="edit" size={18} /></button>
                        <button type="button" class="icon-btn small" aria-label={t('crm.tags.delete', { name: tg.name })} onClick={() => void remove(tg)}><Icon name="trash" size={18} /></button>
                      </span>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
      </main>
      <Show when={sheet()}>{(s) => <TagSheet tag={s().tag} onClose={() => setSheet(null)} />}</Show>
    </section>
  );
}
