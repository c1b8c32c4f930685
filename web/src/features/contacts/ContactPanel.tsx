/**
 * The contact beside the chat (a full-height sheet on phones, a side column on wide screens):
 * name, phone, WhatsApp profile name, language, tags, lists and notes — editable unless a viewer.
 */
import { useStore } from '@nanostores/solid';
import { createResource, createSignal, For, onMount, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { pb } from '../../lib/pb.ts';
import type { Contact, ContactList, Conversation, Tag } from '../../lib/types.ts';
import { $session, can } from '../../stores/session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';

const LANGUAGES = ['it', 'en', 'es', 'fr', 'de', 'pt'];

async function loadAll(contactId: string) {
  const [contact, tags, lists] = await Promise.all([
    pb.collection('contacts').getOne<Contact>(contactId),
    pb
      .collection('tags')
      .getFullList<Tag>({ sort: 'name' })
      .catch(() => [] as Tag[]),
    pb
      .collection('lists')
      .getFullList<ContactList>({ sort: 'name' })
      .catch(() => [] as ContactList[]),
  ]);
  return { contact: { ...contact, tags: contact.tags ?? [], lists: contact.lists ?? [] }, tags, lists };
}

function Chips(props: {
  label: string;
  empty: string;
  all: Array<{ id: string; name: string; color?: string }>;
  selected: string[];
  editable: boolean;
  onChange: (ids: string[]) => void;
  addLabel: string;
  testid: string;
}) {
  const chosen = () => props.all.filter((x) => props.selected.includes(x.id));
  const rest = () => props.all.filter((x) => !props.selected.includes(x.id));
  return (
    <div class="field" data-testid={props.testid}>
      <span class="field-label">{props.label}</span>
      <div class="chips">
        <Show when={chosen().length} fallback={<span class="muted small">{props.empty}</span>}>
          <For each={chosen()}>
            {(x) => (
              <span class="chip tag" style={x.color ? { '--tag': x.color } : undefined}>
                {x.name}
                <Show when={props.editable}>
                  <button
                    type="button"
                    class="chip-x"
                    aria-label={`${t('common.remove')} ${x.name}`}
                    onClick={() => props.onChange(props.selected.filter((id) => id !== x.id))}
                  >
                    ×
                  </button>
                </Show>
              </span>
            )}
          </For>
        </Show>
      </div>
      <Show when={props.editable && rest().length}>
        <select
          aria-label={props.addLabel}
          value=""
          onChange={(e) => {
            if (e.currentTarget.value) props.onChange([...props.selected, e.currentTarget.value]);
            e.currentTarget.value = '';
          }}
        >
          <option value="">{props.addLabel}…</option>
          <For each={rest()}>{(x) => <option value={x.id}>{x.name}</option>}</For>
        </select>
      </Show>
    </div>
  );
}

export default function ContactPanel(props: { conversation: Conversation; onClose: () => void }) {
  const session = useStore($session);
  const editable = () => can.editContacts(session()?.user);
  const [data, { mutate }] = createResource(() => props.conversation.contact, loadAll);
  const [saving, setSaving] = createSignal(false);
  const [draft, setDraft] = createSignal<Partial<Contact>>({});
  const value = <K extends keyof Contact>(k: K): Contact[K] | undefined =>
    (draft()[k] ?? data()?.contact[k]) as Contact[K] | undefined;
  const edit = (patch: Partial<Contact>) => setDraft({ ...draft(), ...patch });
  const dirty = () => Object.keys(draft()).length > 0;
  let closeBtn!: HTMLButtonElement;
  onMount(() => closeBtn.focus());

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const c = data()?.contact;
    if (!c || !dirty()) return;
    setSaving(true);
    try {
      const updated = await api<Contact>(`/api/v1/contacts/${c.id}`, { method: 'PATCH', body: draft() });
      mutate({ ...data()!, contact: { ...c, ...updated } });
      setDraft({});
      toast(t('contact.saved'));
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setSaving(false);
    }
  };

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      toast(t('contact.copied'));
    } catch {
      /* clipboard not available */
    }
  };

  return (
    <aside
      class="contact-panel"
      aria-labelledby="contact-title"
      data-testid="contact-panel"
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
    >
      <header class="panel-head">
        <h2 id="contact-title">{t('contact.title')}</h2>
        <button
          type="button"
          class="icon-btn"
          aria-label={t('common.close')}
          onClick={() => props.onClose()}
          data-testid="contact-close"
          ref={closeBtn}
        >
          <Icon name="close" />
        </button>
      </header>
      <Show when={data()} fallback={<p class="pad muted">{data.error ? errorText(data.error) : t('app.loading')}</p>}>
        {(d) => (
          <form class="panel-body" onSubmit={save}>
            <div class="contact-hero">
              <Avatar
                name={value('name') || d().contact.profile_name || d().contact.phone}
                seed={d().contact.id}
                size={72}
              />
              <strong class="contact-hero-name">
                {value('name') || d().contact.profile_name || d().contact.phone}
              </strong>
              <span class="contact-phone">
                <a href={`tel:${d().contact.phone}`} data-testid="contact-phone">
                  {d().contact.phone}
                </a>
                <button
                  type="button"
                  class="icon-btn small"
                  aria-label={t('contact.copyPhone')}
                  onClick={() => void copy(d().contact.phone)}
                >
                  <Icon name="copy" size={18} />
                </button>
              </span>
              <Show when={!editable()}>
                <span class="chip">{t('contact.readOnly')}</span>
              </Show>
              <a class="small" href={`#/contacts/${d().contact.id}`} data-testid="contact-open-page">
                {t('crm.contact.openPage')}
              </a>
            </div>
            <label class="field">
              <span>{t('contact.name')}</span>
              <input
                value={value('name') ?? ''}
                placeholder={d().contact.profile_name}
                readOnly={!editable()}
                maxLength={200}
                onInput={(e) => edit({ name: e.currentTarget.value })}
                data-testid="contact-name"
              />
            </label>
            <div class="field">
              <span class="field-label">{t('contact.profileName')}</span>
              <span>{d().contact.profile_name || '—'}</span>
            </div>
            <label class="field">
              <span>{t('contact.language')}</span>
              <select
                value={value('language') ?? ''}
                disabled={!editable()}
                onChange={(e) => edit({ language: e.currentTarget.value })}
                data-testid="contact-language"
              >
                <option value="">{t('contact.languageAuto')}</option>
                <For each={[...new Set([...LANGUAGES, d().contact.language].filter(Boolean))]}>
                  {(l) => <option value={l}>{l}</option>}
                </For>
              </select>
            </label>
            <Chips
              label={t('contact.tags')}
              empty={t('contact.noTags')}
              all={d().tags}
              selected={value('tags') ?? []}
              editable={editable()}
              onChange={(tags) => edit({ tags })}
              addLabel={t('contact.addTag')}
              testid="contact-tags"
            />
            <Chips
              label={t('contact.lists')}
              empty={t('contact.noLists')}
              all={d().lists}
              selected={value('lists') ?? []}
              editable={editable()}
              onChange={(lists) => edit({ lists })}
              addLabel={t('contact.addList')}
              testid="contact-lists"
            />
            <label class="field">
              <span>{t('contact.notes')}</span>
              <textarea
                rows="4"
                value={value('notes') ?? ''}
                readOnly={!editable()}
                maxLength={5000}
                onInput={(e) => edit({ notes: e.currentTarget.value })}
                data-testid="contact-notes"
              />
            </label>
            <Show when={editable()}>
              <button
                type="submit"
                class="btn btn-primary btn-block"
                disabled={!dirty() || saving()}
                data-testid="contact-save"
              >
                {t('contact.save')}
              </button>
            </Show>
          </form>
        )}
      </Show>
    </aside>
  );
}
