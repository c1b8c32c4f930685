import { Show } from 'solid-js';
import { duration, listTime, t } from '../../i18n/index.ts';
import { pbTime } from '../../lib/pb.ts';
import type { Conversation, TeamMember } from '../../lib/types.ts';
import { windowState, closingSoon } from '../../lib/window.ts';
import { chatPath } from '../../router.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { chatTitle, handleOf } from '../chat/address.ts';
import { Ticks } from '../../ui/Ticks.tsx';

/** One row of the list; the clock, the user and the team come from the list (one subscription, not one per row). */
export function ConversationRow(props: {
  c: Conversation;
  active: boolean;
  now: number;
  me: string;
  team: Map<string, TeamMember>;
  numberName?: string | undefined;
  twin?: boolean;
}) {
  const win = () => windowState(props.c.last_inbound_at, props.now);
  const title = () => chatTitle(props.c);
  const handle = () => handleOf(props.c);
  const at = () => pbTime(props.c.last_message_at);
  const assignee = () => {
    const id = props.c.assignee;
    if (!id) return t('inbox.unassignedLabel');
    if (id === props.me) return t('inbox.assignedToYou');
    const m = props.team.get(id);
    return t('inbox.assignedTo', { name: m?.name || m?.email || '…' });
  };
  return (
    <a
      class="conv-row"
      classList={{ unread: props.c.unread_count > 0, active: props.active }}
      href={`#${chatPath(props.c.id)}`}
      aria-current={props.active ? 'page' : undefined}
      data-testid="conversation-row"
      data-id={props.c.id}
    >
      <Avatar name={title()} seed={props.c.contact} />
      <span class="conv-main">
        <span class="conv-line">
          <span class="conv-name" data-testid="conversation-name">
            {title()}
          </span>
          <Show when={props.twin && props.c.contact_name}>
            <span class="conv-phone" data-testid="conversation-phone">
              <bdi dir="ltr">{props.c.contact_phone}</bdi>
            </span>
          </Show>
          <Show when={handle()}>
            <span class="conv-phone" data-testid="conversation-username">
              <span class="sr-only">{t('channel.username')} </span>
              <bdi dir="ltr">{handle()}</bdi>
            </span>
          </Show>
          <time class="conv-time">{listTime(at(), props.now)}</time>
        </span>
        <span class="conv-line">
          <span class="conv-preview">
            <Show when={props.c.last_message_direction === 'out'}>
              <Ticks status={props.c.last_message_status} size={14} />
            </Show>
            <span class="conv-preview-text" data-testid="conversation-preview">
              {props.c.last_message_preview}
            </span>
          </span>
          <Show when={props.c.unread_count > 0}>
            <span
              class="badge"
              data-testid="unread-badge"
              role="img"
              aria-label={t('inbox.unreadCount', props.c.unread_count)}
            >
              {props.c.unread_count > 99 ? '99+' : props.c.unread_count}
            </span>
          </Show>
        </span>
        <span class="conv-line conv-meta">
          <span class="conv-assignee" classList={{ mine: !!props.me && props.c.assignee === props.me }}>
            {assignee()}
          </span>
          <Show when={props.numberName}>
            <span class="num-chip" title={props.numberName} data-testid="conversation-number">
              {props.numberName}
            </span>
          </Show>
          <span
            class="win-chip"
            classList={{ closed: !win().open, soon: closingSoon(win()) }}
            data-testid="window-chip"
          >
            {win().open ? t('inbox.windowLeft', { time: duration(win().remainingMs) }) : t('inbox.windowClosed')}
          </span>
        </span>
      </span>
    </a>
  );
}
