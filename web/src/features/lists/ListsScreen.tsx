/**
 * Lists: create (empty, from a CSV through the import wizard, or by picking contacts with filters),
 * rename, delete; member counts refreshed while the screen is open.
 */
import { useStore } from '@nanostores/solid';
import { createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { $session } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { showContacts } from '../contacts/ContactPage.tsx';
import { crm } from '../contacts/crm.api.ts';
import type { CrmList } from '../contacts/crm.types.ts';
import { crmError } from '../contacts/crm-ui.tsx';
import { CrmIcon } from '../contacts/icons.tsx';
import { $lists, crmCan, loadLists } from '../contacts/taxonomy.ts';
import { confirmDelete, refreshWhileOpen, TaxonomyCard, TaxonomyScreen } from './taxonomy-screen.tsx';

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
    <Sheet
      title={props.list ? t('crm.lists.edit', { name: props.list.name }) : t('crm.lists.new')}
      onClose={props.onClose}
      testid="list-sheet"
    >
      <form onSubmit={submit}>
        <label class="field">
          <span>{t('crm.common.name')}</span>
          <input name="name" required maxLength={100} value={props.list?.name ?? ''} data-testid="list-name" />
        </label>
        <label class="field">
          <span>
            {t('crm.common.description')} ({t('crm.common.optional')})
          </span>
          <input
            name="description"
            maxLength={500}
            value={props.list?.description ?? ''}
            data-testid="list-description"
          />
        </label>
        <Show when={!props.list}>
          <fieldset class="filter-group">
            <legend>{t('crm.lists.howFill')}</legend>
            <div class="radio-list">
              <For each={['filter', 'csv', 'empty'] as Fill[]}>
                {(f) => (
                  <label class="check">
                    <input
                      type="radio"
                      name="fill"
                      value={f}
                      checked={fill() === f}
                      onChange={() => setFill(f)}
                      data-testid={`list-fill-${f}`}
                    />
                    {f === 'empty'
                      ? t('crm.lists.fillEmpty')
                      : f === 'csv'
                        ? t('crm.lists.fillCsv')
                        : t('crm.lists.fillFilter')}
                  </label>
                )}
              </For>
            </div>
          </fieldset>
        </Show>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy()} data-testid="list-save">
          {props.list ? t('common.save') : t('crm.common.create')}
        </button>
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
  refreshWhileOpen(
    () =>
      void loadLists(true).then(
        () => setCounted(true),
        () => undefined,
      ),
  );

  return (
    <TaxonomyScreen
      tab="lists"
      title={t('crm.lists.title')}
      newLabel={t('crm.lists.new')}
      canCreate={staff()}
      onNew={() => setSheet({})}
      empty={t('crm.lists.empty')}
      hasItems={lists().length > 0}
      testid="lists"
      sheet={<Show when={sheet()}>{(s) => <ListSheet list={s().list} onClose={() => setSheet(null)} />}</Show>}
    >
      <For each={lists()}>
        {(l) => (
          <TaxonomyCard
            testid="list-item"
            name={l.name}
            href={staff() ? `#/lists/${l.id}` : '#/contacts'}
            label={staff() ? t('crm.lists.open', { name: l.name }) : undefined}
            onOpen={(e) => {
              if (!staff()) {
                e.preventDefault();
                showContacts({ lists: [l.id] });
              }
            }}
            icon={
              <span class="list-icon" aria-hidden="true">
                <Icon name="list" />
              </span>
            }
            text={
              <>
                <strong>{l.name}</strong>
                <Show when={l.description}>
                  <span class="muted small">{l.description}</span>
                </Show>
              </>
            }
            count={
              counted() && l.members !== undefined ? t('crm.lists.members', l.members) : t('crm.lists.membersUnknown')
            }
            countTestid="list-count"
            editable={staff()}
            editLabel={t('crm.lists.edit', { name: l.name })}
            deleteLabel={t('crm.lists.delete', { name: l.name })}
            deleteTestid="list-delete"
            onEdit={() => setSheet({ list: l })}
            onDelete={() =>
              void confirmDelete(
                `${t('crm.common.confirmDelete', { name: l.name })} ${t('crm.lists.deleteHint')}`,
                () => crm.deleteList(l.id),
                t('crm.lists.deleted'),
                () => loadLists(true),
              )
            }
            extraActions={
              <a
                class="icon-btn small"
                href={`#/contacts/import/${l.id}`}
                aria-label={`${t('crm.lists.importInto')}: ${l.name}`}
                title={t('crm.lists.importInto')}
              >
                <CrmIcon name="upload" size={18} />
              </a>
            }
          />
        )}
      </For>
    </TaxonomyScreen>
  );
}
