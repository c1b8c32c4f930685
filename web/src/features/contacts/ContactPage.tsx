/**
 * One contact: who they are (standard and custom fields), tags and lists, marketing consent with its
 * history, the activity timeline, and the actions — chat, edit, block, delete / restore.
 */
import { useStore } from '@nanostores/solid';
import { createResource, createSignal, For, Show } from 'solid-js';
import { locale, t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { $session } from '../../stores/session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { ContactAutomations } from '../automations/ContactAutomations.tsx';
import { automationsCan } from '../automations/automations-access.ts';
import { ActivityCard } from './ActivityCard.tsx';
import { ConsentCard } from './ConsentCard.tsx';
import { $filter, $view, contacts } from './contacts.store.ts';
import { displayName, prettyPhone, StatusBadges } from './ContactVirtualList.tsx';
import { crm } from './crm.api.ts';
import type { CrmContact, CrmList, CrmTag } from './crm.types.ts';
import { CrmHeader, crmError, dateOnly, dateTime, fieldValue } from './crm-ui.tsx';
import { CrmIcon } from './icons.tsx';
import { countryName, flag } from './phone.ts';
import StartChat from './StartChat.tsx';
import { $fields, $lists, $tags, crmCan } from './taxonomy.ts';

function ChipsEditor(props: {
  title: string;
  all: Array<CrmTag | CrmList>;
  ids: string[];
  editable: boolean;
  addLabel: string;
  removeLabel: (name: string) => string;
  empty: string;
  onAdd: (id: string) => void;
  onRemove: (id: string) => void;
  testid: string;
  onOpen: (id: string) => void;
}) {
  const chosen = () => props.all.filter((x) => props.ids.includes(x.id));
  const rest = () => props.all.filter((x) => !props.ids.includes(x.id));
  return (
    <section class="card cp-card" data-testid={props.testid} aria-label={props.title}>
      <h2 class="cp-card-title">{props.title}</h2>
      <div class="chips">
        <Show when={chosen().length} fallback={<span class="muted small">{props.empty}</span>}>
          <For each={chosen()}>
            {(x) => (
              <span class="chip tag" style={'color' in x && x.color ? { '--tag': x.color } : undefined}>
                <a href="#/contacts" class="chip-link" onClick={(e) => (e.preventDefault(), props.onOpen(x.id))}>
                  {x.name}
                </a>
                <Show when={props.editable}>
                  <button
                    type="button"
                    class="chip-x"
                    aria-label={props.removeLabel(x.name)}
                    onClick={() => props.onRemove(x.id)}
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
          class="cp-add"
          aria-label={props.addLabel}
          value=""
          onChange={(e) => {
            const v = e.currentTarget.value;
            e.currentTarget.value = '';
            if (v) props.onAdd(v);
          }}
          data-testid={`${props.testid}-add`}
        >
          <option value="">{props.addLabel}…</option>
          <For each={rest()}>{(x) => <option value={x.id}>{x.name}</option>}</For>
        </select>
      </Show>
    </section>
  );
}

/** The contacts list filtered by one tag or list. */
export function showContacts(f: { tags?: string[]; lists?: string[] }): void {
  $view.set(null);
  $filter.set(f);
  navigate('/contacts');
}

export default function ContactPage(props: { id: string }) {
  const session = useStore($session);
  const tags = useStore($tags);
  const lists = useStore($lists);
  const fields = useStore($fields);
  const me = () => session()?.user;
  const editable = () => crmCan.edit(me());
  const [contact, { mutate }] = createResource(() => props.id, crm.get);
  const [chat] = createResource(
    () => props.id,
    (id) => crm.conversationOf(id).catch(() => undefined),
  );
  const [starting, setStarting] = createSignal(false);
  const [activityKey, setActivityKey] = createSignal(0);
  const [busy, setBusy] = createSignal(false);

  const updated = (c: CrmContact) => {
    mutate(c);
    contacts.patch(
      (x) => x.id === c.id,
      () => c,
    );
    setActivityKey(activityKey() + 1);
  };
  const run = async (fn: () => Promise<CrmContact>, done: string) => {
    setBusy(true);
    try {
      updated(await fn());
      toast(done);
    } catch (err) {
      toast(crmError(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  const c = () => contact();
  const block = () => {
    const x = c()!;
    if (x.blocked) void run(() => crm.flag(x.id, 'unblock'), t('crm.contact.unblocked'));
    else if (confirm(t('crm.contact.confirmBlock'))) void run(() => crm.flag(x.id, 'block'), t('crm.contact.blocked'));
  };
  const remove = () => {
    const x = c()!;
    if (x.deleted_at) void run(() => crm.flag(x.id, 'restore'), t('crm.contact.restored'));
    else if (confirm(t('crm.contact.confirmDelete'))) void run(() => crm.remove(x.id), t('crm.contact.deleted'));
  };
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      toast(t('crm.contact.copied'));
    } catch {
      /* no clipboard */
    }
  };
  const onContactFields = () => fields().filter((d) => d.on_contact);
  const back = () => (history.length > 1 ? history.back() : navigate('/contacts'));

  return (
    <div class="crm-screen">
      <CrmHeader
        title={c() ? displayName(c()!) : t('crm.contact.title')}
        titleId="cp-title"
        back="/contacts"
        onBack={back}
      >
        <Show when={c() && editable() && !c()!.deleted_at}>
          <a
            class="icon-btn"
            href={`#/contacts/${props.id}/edit`}
            aria-label={t('crm.contact.edit')}
            title={t('crm.contact.edit')}
            data-testid="contact-edit"
          >
            <CrmIcon name="edit" />
          </a>
        </Show>
      </CrmHeader>
      <main class="crm-main crm-scroll" id="main">
        <Show
          when={c()}
          fallback={
            <p class="pad muted" data-testid="contact-loading">
              {contact.error ? t('crm.contact.notFound') : t('app.loading')}
            </p>
          }
        >
          {(x) => (
            <div class="cp" data-testid="contact-page">
              <div class="card cp-hero">
                <Avatar name={displayName(x())} seed={x().id} size={64} />
                <div class="cp-hero-text">
                  <strong class="cp-name" data-testid="cp-name">
                    {displayName(x())}
                  </strong>
                  <span class="contact-phone">
                    <a href={`tel:${x().phone}`} data-testid="cp-phone">
                      {prettyPhone(x().phone)}
                    </a>
                    <button
                      type="button"
                      class="icon-btn small"
                      aria-label={t('crm.contact.copyPhone')}
                      onClick={() => void copy(x().phone)}
                    >
                      <Icon name="copy" size={18} />
                    </button>
                  </span>
                  <span class="muted small">
                    <Show when={x().country}>
                      <span aria-hidden="true">{flag(x().country)} </span>
                      {countryName(x().country, locale())} ·{' '}
                    </Show>
                    {x().phone_valid ? t('crm.contact.validPhone') : t('crm.contact.invalidPhone')}
                  </span>
                  <span class="cp-badges">
                    <StatusBadges c={x()} />
                  </span>
                </div>
              </div>
              <Show when={x().deleted_at}>
                <p class="notice notice-error" role="status">
                  {t('crm.contact.deletedBanner')}
                </p>
              </Show>
              <Show when={!x().deleted_at && x().blocked}>
                <p class="notice notice-warn" role="status">
                  {t('crm.contact.blockedBanner')}
                </p>
              </Show>
              <Show when={!editable()}>
                <p class="notice small">{t('crm.common.readOnly')}</p>
              </Show>
              <div class="cp-actions">
                <Show when={chat.loading}>
                  <span class="btn small" aria-busy="true">
                    {t('crm.contact.chatLoading')}
                  </span>
                </Show>
                <Show when={!chat.loading && chat()}>
                  {(id) => (
                    <a class="btn btn-primary cp-action" href={`#/c/${id()}`} data-testid="cp-open-chat">
                      <CrmIcon name="chat" size={20} />
                      <span>{t('crm.contact.openChat')}</span>
                    </a>
                  )}
                </Show>
                <Show when={!chat.loading && !chat() && crmCan.send(me()) && !x().deleted_at}>
                  <button
                    type="button"
                    class="btn btn-primary cp-action"
                    onClick={() => setStarting(true)}
                    data-testid="cp-start-chat"
                  >
                    <CrmIcon name="chat" size={20} />
                    <span>{t('crm.contact.startChat')}</span>
                  </button>
                </Show>
                <Show when={editable()}>
                  <Show when={!x().deleted_at}>
                    <button
                      type="button"
                      class="btn cp-action"
                      disabled={busy()}
                      onClick={block}
                      data-testid="cp-block"
                    >
                      <CrmIcon name="block" size={20} />
                      <span>{x().blocked ? t('crm.contact.unblock') : t('crm.contact.block')}</span>
                    </button>
                  </Show>
                  <button
                    type="button"
                    class="btn cp-action"
                    classList={{ danger: !x().deleted_at }}
                    disabled={busy()}
                    onClick={remove}
                    data-testid="cp-delete"
                  >
                    <Show when={x().deleted_at} fallback={<Icon name="trash" size={20} />}>
                      <CrmIcon name="restore" size={20} />
                    </Show>
                    <span>{x().deleted_at ? t('crm.contact.restore') : t('crm.contact.delete')}</span>
                  </button>
                </Show>
              </div>
              <div class="cp-grid">
                <div class="cp-col">
                  <section class="card cp-card" aria-labelledby="cp-details" data-testid="cp-details">
                    <h2 class="cp-card-title" id="cp-details">
                      {t('crm.contact.details')}
                    </h2>
                    <dl class="cp-dl">
                      <dt>{t('crm.contact.firstName')}</dt>
                      <dd>{x().first_name || t('crm.common.none')}</dd>
                      <dt>{t('crm.contact.lastName')}</dt>
                      <dd>{x().last_name || t('crm.common.none')}</dd>
                      <dt>{t('crm.contact.email')}</dt>
                      <dd>{x().email ? <a href={`mailto:${x().email}`}>{x().email}</a> : t('crm.common.none')}</dd>
                      <dt>{t('crm.contact.language')}</dt>
                      <dd>{x().language ? x().language.toUpperCase() : t('crm.contact.languageNone')}</dd>
                      <Show when={x().profile_name}>
                        <dt>{t('crm.contact.profileName')}</dt>
                        <dd>{x().profile_name}</dd>
                      </Show>
                      <Show when={x().last_contacted_at}>
                        <dt>{t('crm.contact.lastContacted')}</dt>
                        <dd>{dateTime(x().last_contacted_at)}</dd>
                      </Show>
                      <dt>{t('crm.contact.created')}</dt>
                      <dd>{dateOnly(x().created)}</dd>
                    </dl>
                    <div data-testid="cp-fields">
                      <h3 class="cp-sub">{t('crm.contact.fields')}</h3>
                      <Show
                        when={onContactFields().length}
                        fallback={<p class="muted small">{t('crm.contact.noFieldsDefined')}</p>}
                      >
                        <dl class="cp-dl">
                          <For each={onContactFields()}>
                            {(d) => (
                              <>
                                <dt>{d.label || d.key}</dt>
                                <dd data-testid="cp-field" data-key={d.key}>
                                  {fieldValue(d, x().fields[d.key]) || t('crm.common.none')}
                                </dd>
                              </>
                            )}
                          </For>
                        </dl>
                      </Show>
                    </div>
                    <Show when={x().notes}>
                      <h3 class="cp-sub">{t('crm.contact.notes')}</h3>
                      <p class="cp-notes">{x().notes}</p>
                    </Show>
                  </section>
                  <ChipsEditor
                    title={t('crm.contact.tags')}
                    all={tags()}
                    ids={x().tags}
                    editable={editable() && !x().deleted_at}
                    addLabel={t('crm.contact.addTag')}
                    removeLabel={(name) => t('crm.contact.removeTag', { name })}
                    empty={t('crm.contact.noTags')}
                    testid="cp-tags"
                    onOpen={(id) => showContacts({ tags: [id] })}
                    onAdd={(id) => void run(() => crm.addTags(x().id, [id]), t('crm.contact.saved'))}
                    onRemove={(id) => void run(() => crm.removeTags(x().id, [id]), t('crm.contact.saved'))}
                  />
                  <ChipsEditor
                    title={t('crm.contact.lists')}
                    all={lists()}
                    ids={x().lists}
                    editable={editable() && !x().deleted_at}
                    addLabel={t('crm.contact.addList')}
                    removeLabel={(name) => t('crm.contact.removeList', { name })}
                    empty={t('crm.contact.noLists')}
                    testid="cp-lists"
                    onOpen={(id) => showContacts({ lists: [id] })}
                    onAdd={(id) =>
                      void run(() => crm.patch(x().id, { lists: [...x().lists, id] }), t('crm.contact.saved'))
                    }
                    onRemove={(id) =>
                      void run(
                        () => crm.patch(x().id, { lists: x().lists.filter((l) => l !== id) }),
                        t('crm.contact.saved'),
                      )
                    }
                  />
                </div>
                <div class="cp-col">
                  <ConsentCard contact={x()} editable={editable() && !x().deleted_at} onChange={updated} />
                  <Show when={automationsCan.manage(me())}>
                    <ContactAutomations contactId={x().id} />
                  </Show>
                  <ActivityCard contactId={x().id} refreshKey={activityKey()} />
                </div>
              </div>
            </div>
          )}
        </Show>
      </main>
      <Show when={starting() && c()}>
        <StartChat contact={c()!} onClose={() => setStarting(false)} />
      </Show>
    </div>
  );
}
