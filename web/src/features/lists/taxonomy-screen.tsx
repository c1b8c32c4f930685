/** What the lists and tags screens share: the frame with its "new" button, a card per item, deleting with a confirmation, counts kept fresh. */
import { onCleanup, Show, type JSX } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { CrmHeader, crmError, CrmTabs } from '../contacts/crm-ui.tsx';
import { CrmIcon } from '../contacts/icons.tsx';

/** Runs fn now and every `ms` while the page is visible (imports and bulk actions change counts in the background). */
export function refreshWhileOpen(fn: () => void, ms = 15_000): void {
  fn();
  const timer = setInterval(() => document.visibilityState === 'visible' && fn(), ms);
  onCleanup(() => clearInterval(timer));
}

/** Asks, deletes, tells, then reloads what shows it. */
export async function confirmDelete(
  question: string,
  del: () => Promise<unknown>,
  done: string,
  reload: () => Promise<unknown>,
): Promise<void> {
  if (!confirm(question)) return;
  try {
    await del();
    toast(done);
    await reload();
  } catch (err) {
    toast(crmError(err), 'error');
  }
}

export function TaxonomyScreen(props: {
  tab: 'lists' | 'tags';
  title: string;
  newLabel: string;
  canCreate: boolean;
  onNew: () => void;
  empty: string;
  hasItems: boolean;
  testid: string;
  children: JSX.Element;
  sheet: JSX.Element;
}) {
  const id = `${props.tab}-title`;
  return (
    <div class="crm-screen">
      <CrmHeader title={props.title} titleId={id}>
        <Show when={props.canCreate}>
          <button
            type="button"
            class="icon-btn"
            aria-label={props.newLabel}
            title={props.newLabel}
            onClick={() => props.onNew()}
            data-testid={props.tab === 'lists' ? 'list-new' : 'tag-new'}
          >
            <Icon name="plus" />
          </button>
        </Show>
      </CrmHeader>
      <CrmTabs current={props.tab} />
      <main class="crm-main crm-scroll" id="main">
        <div class="crm-page">
          <Show when={props.hasItems} fallback={<p class="empty">{props.empty}</p>}>
            <ul class="crm-cards" role="list" data-testid={props.testid}>
              {props.children}
            </ul>
          </Show>
        </div>
      </main>
      {props.sheet}
    </div>
  );
}

/** One list or tag: the main link (icon, text, count), then edit / delete (and extras) for those who may. */
export function TaxonomyCard(props: {
  testid: string;
  name: string;
  href: string;
  label?: string | undefined;
  onOpen?: (e: MouseEvent) => void;
  icon: JSX.Element;
  text: JSX.Element;
  count: string;
  countTestid?: string;
  editable: boolean;
  editLabel: string;
  deleteLabel: string;
  onEdit: () => void;
  onDelete: () => void;
  deleteTestid?: string;
  extraActions?: JSX.Element;
}) {
  return (
    <li class="card list-card" data-testid={props.testid} data-name={props.name}>
      <a class="list-card-main" href={props.href} aria-label={props.label} onClick={(e) => props.onOpen?.(e)}>
        {props.icon}
        <span class="list-text">{props.text}</span>
        <span class="list-count" data-testid={props.countTestid}>
          {props.count}
        </span>
      </a>
      <Show when={props.editable}>
        <span class="row-actions list-actions">
          {props.extraActions}
          <button type="button" class="icon-btn small" aria-label={props.editLabel} onClick={() => props.onEdit()}>
            <CrmIcon name="edit" size={18} />
          </button>
          <button
            type="button"
            class="icon-btn small"
            aria-label={props.deleteLabel}
            onClick={() => props.onDelete()}
            data-testid={props.deleteTestid}
          >
            <Icon name="trash" size={18} />
          </button>
        </span>
      </Show>
    </li>
  );
}
