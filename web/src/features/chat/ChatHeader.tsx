/** Chat top bar: back, contact, 24 h window / presence line, and the chat actions sheet. */
import { useStore } from '@nanostores/solid';
import { createSignal, For, Show } from 'solid-js';
import { duration, t } from '../../i18n/index.ts';
import type { Conversation } from '../../lib/types.ts';
import { windowState, closingSoon } from '../../lib/window.ts';
import { chatPath, navigate } from '../../router.ts';
import { $now } from '../../stores/now.ts';
import { $session, can } from '../../stores/session.ts';
import { $team, assignable } from '../../stores/team.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { ScreenHeading } from '../../ui/ScreenHeading.tsx';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { chatTitle, handleOf } from './address.ts';
import { assign, setStatus } from './chat.ts';
import { errorText } from './errors.ts';
import { nameOf, ownerLabel } from './ownership.ts';
import type { PresenceEntry } from './presence.ts';

export function ChatHeader(props: { c: Conversation; others: PresenceEntry[] }) {
  const now = useStore($now);
  const session = useStore($session);
  const team = useStore($team);
  const [sheet, setSheet] = createSignal(false);
  const [picking, setPicking] = createSignal(false);
  const me = () => session()?.user;
  const win = () => windowState(props.c.last_inbound_at, now());
  const title = () => chatTitle(props.c);
  const handle = () => handleOf(props.c);
  const typing = () => props.others.filter((o) => o.state === 'typing').map((o) => o.user_name);
  const viewing = () => props.others.filter((o) => o.state === 'viewing').map((o) => o.user_name);

  const run = async (fn: () => Promise<void>) => {
    setSheet(false);
    setPicking(false);
    try {
      await fn();
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  /** assign, then confirm it: the list row may move away, the toast says where the chat went */
  const assignTo = (id: string | null) =>
    run(async () => {
      await assign(id);
      toast(
        !id ? t('own.toastNone') : id === me()?.id ? t('own.toastMine') : t('own.toastOther', { name: nameOf(id) }),
      );
    });
  const canAssignMe = () => can.send(me()) && props.c.assignee !== me()?.id;
  const canUnassign = () => !!props.c.assignee && (can.assignOthers(me()) || props.c.assignee === me()?.id);

  return (
    <header class="chat-head">
      <ScreenHeading class="sr-only">{title()}</ScreenHeading>
      <a class="icon-btn back-btn" href="#/" aria-label={t('chat.back')} data-testid="chat-back">
        <Icon name="back" />
      </a>
      <button
        type="button"
        class="chat-title"
        onClick={() => navigate(chatPath(props.c.id, true))}
        data-testid="chat-title"
      >
        <Avatar name={title()} seed={props.c.contact} size={38} />
        <span class="chat-title-text">
          <span class="chat-name" data-testid="chat-name">
            {title()}
          </span>
          <span class="chat-sub">
            <Show when={handle()}>
              <span class="chat-handle" data-testid="chat-username">
                <span class="sr-only">{t('channel.username')} </span>
                <bdi dir="ltr">{handle()}</bdi>
              </span>
              {' · '}
            </Show>
            {/* who owns the chat first: on a phone the line is cut at the end */}
            <span class="chat-owner" classList={{ mine: props.c.assignee === me()?.id }} data-testid="chat-owner">
              {ownerLabel(props.c.assignee, me()?.id ?? '')}
            </span>
            {' · '}
            <Show
              when={typing().length || viewing().length}
              fallback={
                <span
                  classList={{ 'win-closed': !win().open, 'win-soon': closingSoon(win()) }}
                  data-testid="chat-window"
                >
                  {win().open
                    ? t('chat.windowOpen', { time: duration(win().remainingMs) })
                    : win().closesAt
                      ? t('chat.windowClosed')
                      : t('chat.windowNever')}
                </span>
              }
            >
              <span class="presence" data-testid="presence" role="status">
                {typing().length
                  ? t('chat.typing', { names: typing().join(', ') })
                  : t('chat.viewing', { names: viewing().join(', ') })}
              </span>
            </Show>
          </span>
        </span>
        <span class="sr-only"> — {t('chat.info')}</span>
      </button>
      <button
        type="button"
        class="icon-btn"
        aria-label={t('chat.actions')}
        aria-haspopup="dialog"
        onClick={() => setSheet(true)}
        data-testid="chat-actions"
      >
        <Icon name="more" />
      </button>
      <Show when={sheet()}>
        <Sheet
          title={picking() ? t('chat.assignTo') : title()}
          onClose={() => {
            setSheet(false);
            setPicking(false);
          }}
          testid="chat-actions-sheet"
        >
          <Show
            when={!picking()}
            fallback={
              <ul class="menu-list" role="list">
                <For each={assignable(team())}>
                  {(u) => (
                    <li>
                      <button
                        type="button"
                        class="menu-item"
                        aria-current={props.c.assignee === u.id ? 'true' : undefined}
                        onClick={() => void assignTo(u.id)}
                        data-testid="assign-option"
                      >
                        <Avatar name={u.name || u.email || '?'} seed={u.id} size={32} />
                        <span>
                          {u.name || u.email}
                          <small class="muted"> · {t(`roles.${u.role}`)}</small>
                        </span>
                        <Show when={props.c.assignee === u.id}>
                          <Icon name="check" />
                        </Show>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            }
          >
            <ul class="menu-list" role="list">
              <Show when={canAssignMe()}>
                <li>
                  <button
                    type="button"
                    class="menu-item"
                    onClick={() => void assignTo(me()!.id)}
                    data-testid="assign-me"
                  >
                    <Icon name="user" /> {t('chat.assignMe')}
                  </button>
                </li>
              </Show>
              <Show when={can.assignOthers(me())}>
                <li>
                  <button type="button" class="menu-item" onClick={() => setPicking(true)} data-testid="assign-to">
                    <Icon name="chevron" /> {t('chat.assignTo')}
                  </button>
                </li>
              </Show>
              <Show when={canUnassign()}>
                <li>
                  <button type="button" class="menu-item" onClick={() => void assignTo(null)} data-testid="unassign">
                    <Icon name="close" /> {t('chat.unassign')}
                  </button>
                </li>
              </Show>
              <Show when={can.send(me())}>
                <li>
                  <button
                    type="button"
                    class="menu-item"
                    onClick={() => run(() => setStatus(props.c.status === 'open' ? 'closed' : 'open'))}
                    data-testid="toggle-status"
                  >
                    <Icon name={props.c.status === 'open' ? 'check' : 'retry'} />{' '}
                    {props.c.status === 'open' ? t('chat.close') : t('chat.reopen')}
                  </button>
                </li>
              </Show>
              <li>
                <button
                  type="button"
                  class="menu-item"
                  onClick={() => {
                    setSheet(false);
                    navigate(chatPath(props.c.id, true));
                  }}
                >
                  <Icon name="info" /> {t('chat.info')}
                </button>
              </li>
            </ul>
          </Show>
        </Sheet>
      </Show>
    </header>
  );
}
