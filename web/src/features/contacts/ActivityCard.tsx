/** The contact's timeline, newest first: messages, tag and list changes, consent, field changes, block, delete. */
import { useStore } from '@nanostores/solid';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $teamById } from '../../stores/team.ts';
import { Icon, type IconName } from '../../ui/Icon.tsx';
import { crm } from './crm.api.ts';
import type { ActivityItem } from './crm.types.ts';
import { crmError, dateTime, fieldValue } from './crm-ui.tsx';
import { methodLabel } from './ConsentCard.tsx';
import { $fieldsByKey, $listsById, $tagsById } from './taxonomy.ts';

/** the automation actions the builder names (auto.actions.*) */
const ACTIONS = {
  send_template: 1,
  send_text: 1,
  branch: 1,
  add_tag: 1,
  remove_tag: 1,
  add_to_list: 1,
  remove_from_list: 1,
  assign: 1,
  unassign: 1,
  set_field: 1,
  webhook: 1,
  block: 1,
  restore: 1,
  end_other_automations: 1,
} as const;

const ICON: Record<string, IconName> = {
  message_in: 'reply',
  message_out: 'send',
  tag_added: 'plus',
  tag_removed: 'close',
  list_added: 'list',
  list_removed: 'list',
  consent_opt_in: 'check',
  consent_opt_out: 'alert',
  field_changed: 'note',
  updated: 'note',
  blocked: 'lock',
  unblocked: 'lock',
  deleted: 'trash',
  restored: 'retry',
  created: 'user',
  automation_step: 'clock',
};

const str = (v: unknown) => (v === null || v === undefined || v === '' ? '' : String(v));

export function ActivityCard(props: { contactId: string; refreshKey: number }) {
  const team = useStore($teamById);
  const memberName = (id: string) => {
    const m = team().get(id);
    return m ? m.name || m.email || '' : '';
  };
  const tags = useStore($tagsById);
  const lists = useStore($listsById);
  const defs = useStore($fieldsByKey);
  const [items, setItems] = createSignal<ActivityItem[]>([]);
  const [more, setMore] = createSignal(false);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);

  const load = async (older: boolean) => {
    setLoading(true);
    try {
      const before = older ? items()[items().length - 1]?.at : undefined;
      const page = await crm.activity(props.contactId, before);
      setItems(older ? [...items(), ...page.items] : page.items);
      setMore(page.has_more);
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  createEffect(
    on(
      () => [props.contactId, props.refreshKey],
      () => void load(false),
    ),
  );

  const who = (x: ActivityItem) => {
    if (x.actor === 'user' && x.by) return memberName(x.by);
    if (x.actor === 'bulk') return [memberName(x.by), t('crm.activity.byBulk')].filter(Boolean).join(' · ');
    if (x.actor === 'import') return t('crm.activity.byImport');
    if (x.actor === 'keyword') return t('crm.activity.byKeyword');
    if (x.actor === 'whatsapp') return t('crm.activity.byWhatsapp');
    if (x.actor === 'automation') return t('crm.activity.byAutomation');
    if (x.kind.startsWith('message_')) return x.by ? memberName(x.by) : '';
    return '';
  };

  const text = (x: ActivityItem): string => {
    const d = x.data;
    switch (x.kind) {
      case 'message_in':
        return `${t('crm.activity.messageIn')}: ${str(d.preview)}`;
      case 'message_out':
        return `${t('crm.activity.messageOut')}: ${str(d.preview)}`;
      case 'tag_added':
      case 'tag_removed':
        return t(`crm.activity.${x.kind}`, { name: tags().get(str(d.tag))?.name ?? t('crm.activity.unknown') });
      case 'list_added':
      case 'list_removed':
        return t(`crm.activity.${x.kind}`, { name: lists().get(str(d.list))?.name ?? t('crm.activity.unknown') });
      case 'consent_opt_in':
      case 'consent_opt_out':
        return [t(`crm.activity.${x.kind}`), methodLabel(str(d.method)), str(d.source)].filter(Boolean).join(' · ');
      case 'field_changed': {
        const def = defs().get(str(d.key));
        const show = (v: unknown) => (def ? fieldValue(def, v) : str(v)) || t('crm.activity.emptyValue');
        return t('crm.activity.field_changed', { key: def?.label || str(d.key), from: show(d.from), to: show(d.to) });
      }
      case 'updated': {
        const changes = (d.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
        const parts = Object.entries(changes).map(
          ([k, v]) =>
            `${k}: ${str(v.from) || t('crm.activity.emptyValue')} → ${str(v.to) || t('crm.activity.emptyValue')}`,
        );
        return [t('crm.activity.updated'), ...parts].join(' · ');
      }
      case 'automation_step': {
        const action = str(d.action);
        const step = t('crm.activity.automation_step', {
          name: str(d.name) || t('crm.activity.unknown'),
          action:
            action === 'wait_for_reply' || action in ACTIONS ? t(`auto.actions.${action as 'send_text'}`) : action,
        });
        if (d.outcome === 'failed') return `${step} · ${t('crm.activity.automationFailed')} ${str(d.detail)}`;
        if (d.outcome === 'skipped') return `${step} · ${t('crm.activity.automationSkipped')} ${str(d.detail)}`;
        return step;
      }
      case 'created':
        return x.actor === 'import' ? t('crm.activity.createdImport') : t('crm.activity.created');
      case 'blocked':
      case 'unblocked':
      case 'deleted':
      case 'restored':
        return t(`crm.activity.${x.kind}`);
      default:
        return x.kind;
    }
  };

  return (
    <section class="card cp-card" aria-labelledby="cp-activity" data-testid="cp-activity">
      <h2 class="cp-card-title" id="cp-activity">
        {t('crm.activity.title')}
      </h2>
      <Show when={error() && !items().length}>
        <p class="notice notice-error small">{crmError(error())}</p>
      </Show>
      <Show when={!loading() && !error() && !items().length}>
        <p class="muted small">{t('crm.activity.empty')}</p>
      </Show>
      <ol class="timeline">
        <For each={items()}>
          {(x) => (
            <li
              class="timeline-item"
              data-testid="activity-item"
              data-kind={x.kind}
              classList={{ msg: x.kind.startsWith('message_') }}
            >
              <span class="timeline-icon" aria-hidden="true">
                <Icon name={ICON[x.kind] ?? 'info'} size={16} />
              </span>
              <span class="timeline-text">
                <span class="timeline-main">{text(x)}</span>
                <span class="muted small">
                  <time datetime={x.at}>{dateTime(x.at)}</time>
                  <Show when={who(x)}>{(w) => <> · {w()}</>}</Show>
                </span>
              </span>
            </li>
          )}
        </For>
      </ol>
      <Show when={more()}>
        <button
          type="button"
          class="btn small"
          disabled={loading()}
          onClick={() => void load(true)}
          data-testid="activity-older"
        >
          {t('crm.activity.older')}
        </button>
      </Show>
    </section>
  );
}
