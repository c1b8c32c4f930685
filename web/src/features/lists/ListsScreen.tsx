/**
 * Lists: create (empty, from a CSV through the import wizard, or by picking contacts with filters),
 * rename, delete; member counts refreshed while the screen is open.
 */
import { useStore } from '@nanostores/solid';
import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { $session } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { showContacts } from '../contacts/ContactPage.tsx';
import { crm } from '../contacts/crm.api.ts';
import type { CrmList } from '../contacts/crm.types.ts';
import { CrmHeader, crmError, CrmTabs } from '../contacts/crm-ui.tsx';
import { CrmIcon } from '../contacts/icons.tsx';
import { $lists, crmCan, loadLists } from '../contacts/taxonomy.ts';

type Fill = 'empty' | 'csv' | 'filter';

function ListSheet(props: { list?: CrmList; onClose: () => void }) {
  const [fill, setFill] = createSignal<Fill>('filter');
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const description = String(data.get('description') ?? '').trim();
    if (!name) return;
    setBusy(true);
    try {
      if (props.list) {
        await crm.patchList(props.list.id, { name, description });
        toast(t('crm.lists.renamed'));
        props.onClose();
      } else {
        const l = await crm.createList(name, description);
        toast(t('crm.lists.created'));
        props.onClose();
        if (fill() === 'csv') navigate(`/contacts/import/${l.id}`);
        else if (fill() === 'filter') navigate(`/lists/${l.id}`);
      }
      void loadLists(true);
    } catch (err) {
      toast((err as { code?: string }).code === 'already_exists' ? t('crm.lists.nameTaken') : crmError(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Sheet title={props.list ? t('crm.lists.edit', { name: props.list.name }) : t('crm.lists.new')} onClose={props.onClose} testid="list-sheet">
      <form onSubmit={submit}>
        <label class="field"><span>{t('crm.common.name')}</span><input name="name" required maxLength={100} value={props.list?.name ?? ''} data-testid="list-name" /></label>
        <label class="field"><span>{t('crm.common.description')} ({t('crm.common.optional')})</span><input name="description" maxLength={500} value={props.list?.description ?? ''} data-testid="list-description" /></label>
        <Show when={!props.list}>
          <fieldset class="filter-group">
            <legend>{t('crm.lists.howFill')}</legend>
            <div class="radio-list">
              <For each={['filter', 'csv', 'empty'] as Fill[]}>
                {(f) => (
                  <label class="check">
                    <input type="radio" name="fill" value={f} checked={fill() === f} onChange={() => setFill(f)} data-testid={`list-fill-${f}`} />
                    {f === 'empty' ? t('crm.lists.fillEmpty') : f === 'csv' ? t('crm.lists.fillCsv') : t('crm.lists.fillFilter')}
                  </label>
                )}
              </For>
            </div>
          </fieldset>
        </Show>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy()} data-testid="list-save">{props.list ? t('common.save') : t('crm.common.create')}</button>
      </form>
    </Sheet>
  );
}

export default function ListsScreen() {
  const session = useStore($session);
  const lists = useStore($lists);
  const staff = () => crmCan.manageTaxonomy(session()?.user);
  const [sheet, setSheet] = createSignal<{ list?: CrmList } | null>(null);
  const [counted, setCounted] = createSignal(false);
  const refresh = () => loadLists(true).then(() => setCounted(true), () => undefined);
  onMount(() => void refresh());
  // member counts stay current while the screen is open (imports and bulk actions run in the background)
  const timer = setInterval(() => document.visibilityState === 'visible' && void refresh(), 15_000);
  onCleanup(() => clearInterval(timer));

  const remove = async (l: CrmList) => {
    if (!confirm(`${t('crm.common.confirmDelete', { name: l.name })} ${t('crm.lists.deleteHint')}`)) return;
    try {
      await crm.deleteList(l.id);
      toast(t('crm.lists.deleted'));
      void refresh();
    } catch (err) {
      toast(crmError(err), 'error');
    }
  };

  return (
    <section class="crm-screen" aria-labelledby="lists-title">
      <CrmHeader title={t('crm.lists.title')} titleId="lists-title">
        <Show when={staff()}>
          <button type="button" class="icon-btn" aria-label={t('crm.lists.new')} title={t('crm.lists.new')} onClick={() => setSheet({})} data-testid="list-new"><Icon name="plus" /></button>
        </Show>
      </CrmHeader>
      <CrmTabs current="lists" />
      <main class="crm-main crm-scroll" id="main">
        <div class="crm-page">
          <Show when={lists().length} fallback={<p class="empty">{t('crm.lists.empty')}</p>}>
            <ul class="crm-cards" role="list" data-testid="lists">
              <For each={lists()}>
                {(l) => (
                  <li class="card list-card" data-testid="list-item" data-name={l.name}>
                    <a class="list-card-main" href={staff() ? `#/lists/${l.id}` : '#/contacts'} aria-label={staff() ? t('crm.lists.open', { name: l.name }) : undefined}
                      onClick={(e) => { if (!staff()) { e.preventDefault(); showContacts({ lists: [l.id] }); } }}>
                      <span class="list-icon" aria-hidden="true"><Icon name="list" /></span>
                      <span class="list-text">
                        <strong>{l.name}</strong>
                        <Show when={l.description}><span class="muted small">{l.description}</span></Show>
                      </span>
                      <span class="list-count" data-testid="list-count">{counted() && l.members !== undefined ? t('crm.lists.members', l.members) : t('crm.lists.membersUnknown')}</span>
                    </a>
                    <Show when={staff()}>
                      <span class="row-actions list-actions">
                        <a class="icon-btn small" href={`#/contacts/import/${l.id}`} aria-label={`${t('crm.lists.importInto')}: ${l.name}`} title={t('crm.lists.importInto')}><CrmIcon name="upload" size={18} /></a>
                        <button type="button" class="icon-btn small" aria-label={t('crm.lists.edit', { name: l.name })} onClick={() => setSheet({ list: l })}><CrmIcon name="edit" size={18} /></button>
                        <button type="button" class="icon-btn small" aria-label={t('crm.lists.delete', { name: l.name })} onClick={() => void remove(l)} data-testid="list-delete"><Icon name="trash" size={18} /></button>
                      </span>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
      </main>
      <Show when={sheet()}>{(s) => <ListSheet list={s().list} onClose={() => setSheet(null)} />}</Show>
    </section>
  );
}
