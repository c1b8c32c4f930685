/** The open chat: header, message history (infinite scroll up, day separators), composer. */
import { useStore } from '@nanostores/solid';
import { Key } from '@solid-primitives/keyed';
import { createEffect, createMemo, createSignal, lazy, Match, on, onCleanup, Show, Switch, Suspense } from 'solid-js';
import { dayLabel, t } from '../../i18n/index.ts';
import { uuid } from '../../lib/id.ts';
import type { Message } from '../../lib/types.ts';
import { windowState } from '../../lib/window.ts';
import { chatPath, navigate } from '../../router.ts';
import { $now } from '../../stores/now.ts';
import { $session, can } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { Composer } from '../composer/Composer.tsx';
import { outbox } from '../composer/outbox.ts';
import { loadTemplates } from '../composer/templates.store.ts';
import { Bubble, type BubbleActions } from './Bubble.tsx';
import { $chatLost, $chatStatus, $conversation, assign, closeChat, messages, openChat, retryMessage } from './chat.ts';
import { ChatHeader } from './ChatHeader.tsx';
import { DayBar } from './DayBar.tsx';
import { errorText } from './errors.ts';
import { AssignmentEvent, OwnershipBanner } from './Ownership.tsx';
import { isAssignmentEvent, ownerLabel, readOnlyReason } from './ownership.ts';
import { activeOthers, createPresence, type PresenceEntry } from './presence.ts';
import { buildTimeline, type TimelineEntry } from './timeline.ts';
import { addressOf } from './address.ts';

const ContactPanel = lazy(() => import('../contacts/ContactPanel.tsx'));

export function ChatView(props: { id: string; info: boolean }) {
  const session = useStore($session);
  const conv = useStore($conversation);
  const status = useStore($chatStatus);
  const lost = useStore($chatLost);
  const state = useStore(messages.$messages);
  const pending = useStore(outbox.$outbox);
  const now = useStore($now);
  const me = () => session()?.user.id ?? '';
  const [replyTo, setReplyTo] = createSignal<Message | null>(null);
  const [others, setOthers] = createSignal<PresenceEntry[]>([]);
  const [presence, setPresence] = createSignal<ReturnType<typeof createPresence>>();
  const [unseen, setUnseen] = createSignal(false);

  createEffect(
    on(
      () => props.id,
      (id) => {
        setReplyTo(null);
        void openChat(id);
        void loadTemplates();
        const p = createPresence(id, can.send(session()?.user));
        setPresence(p);
        const off = p.$entries.subscribe((list) => setOthers([...list]));
        onCleanup(() => {
          off();
          p.dispose();
        });
      },
    ),
  );
  onCleanup(closeChat);

  const timeline = createMemo(() =>
    buildTimeline(
      state().messages,
      pending().filter((o) => o.conversationId === props.id),
      me(),
    ),
  );
  const byWamid = createMemo(
    () =>
      new Map(
        state()
          .messages.filter((m) => m.wamid)
          .map((m) => [m.wamid, m]),
      ),
  );
  const visibleOthers = () => activeOthers(others(), me(), now());
  const win = () => windowState(conv()?.last_inbound_at, now());
  // an operator whose chat is someone else's (taken over while open) reads but cannot write
  const readOnly = () => readOnlyReason(session()?.user, conv(), lost());
  const canSend = () => can.send(session()?.user) && !readOnly();
  /** an admin or manager in a chat someone else owns: who, and a way to take over */
  const ownedElsewhere = () => {
    const c = conv();
    const u = session()?.user;
    return !readOnly() && c?.assignee && u && c.assignee !== u.id && can.assignOthers(u)
      ? ownerLabel(c.assignee, u.id)
      : null;
  };
  const takeOver = () =>
    assign(me()).then(
      () => toast(t('own.toastMine')),
      (err) => toast(errorText(err), 'error'),
    );

  // ---- scrolling ----------------------------------------------------------------------------
  let scroller!: HTMLDivElement;
  let atBottom = true;
  const toBottom = () => scroller && (scroller.scrollTop = scroller.scrollHeight);
  createEffect(
    on(timeline, (list, prev) => {
      const last = list[list.length - 1];
      const prevLast = prev?.[prev.length - 1];
      const grewAtEnd = last && last.key !== prevLast?.key;
      queueMicrotask(() => {
        if (!prev?.length || atBottom || (grewAtEnd && last?.kind === 'msg' && last.message.direction === 'out'))
          toBottom();
        else if (grewAtEnd) setUnseen(true);
      });
    }),
  );
  const onScroll = async () => {
    atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    if (atBottom) setUnseen(false);
    if (scroller.scrollTop < 200 && state().hasMore && !state().loadingOlder) {
      const before = scroller.scrollHeight;
      if (await messages.loadOlder()) scroller.scrollTop += scroller.scrollHeight - before;
    }
  };

  const jump = async (wamid: string) => {
    for (let i = 0; i < 20 && !byWamid().get(wamid) && state().hasMore; i++) await messages.loadOlder();
    const target = byWamid().get(wamid);
    const el = target && document.getElementById(`m-${target.id}`);
    if (!el) return toast(t('chat.quotedMissing'));
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.classList.add('flash');
    setTimeout(() => el.classList.remove('flash'), 1600);
  };

  const actions: BubbleActions = {
    reply: (m) => setReplyTo(m),
    jump: (w) => void jump(w),
    react: (m, emoji) => {
      const c = conv();
      if (!c) return;
      const payload = { message_id: m.wamid, emoji };
      void outbox.send({
        key: uuid(),
        conversationId: c.id,
        type: 'reaction',
        payload,
        body: { to: addressOf(c), type: 'reaction', reaction: payload },
      });
    },
    retry: (m, p) => {
      if (p) void outbox.retry(p.key);
      else retryMessage(m.id).catch((err) => toast(errorText(err), 'error'));
    },
    discard: (p) => outbox.discard(p.key),
  };

  return (
    <div class="chat-wrap" classList={{ 'with-info': props.info }}>
      <section class="chat" aria-label={conv()?.contact_name ?? ''} data-testid="chat-view">
        <Switch>
          <Match when={status() === 'notfound'}>
            <div class="empty">
              <p>{t('chat.notFound')}</p>
              <a class="btn" href="#/">
                {t('chat.notFoundBack')}
              </a>
            </div>
          </Match>
          <Match when={conv()}>
            {(c) => (
              <>
                <ChatHeader c={c()} others={visibleOthers()} />
                <DayBar scroller={() => scroller} now={now()} />
                <div
                  class="messages"
                  ref={scroller}
                  onScroll={() => void onScroll()}
                  role="log"
                  aria-live="polite"
                  aria-relevant="additions"
                  aria-busy={state().loading}
                  tabindex="0"
                  data-testid="messages"
                >
                  <Show when={state().loadingOlder}>
                    <p class="loading-older">{t('chat.loadOlder')}</p>
                  </Show>
                  <Show when={!state().loading && !timeline().length}>
                    <p class="empty">{t('chat.noMessages')}</p>
                  </Show>
                  {/* keyed by message id: a status change updates its bubble in place instead of re-creating it */}
                  <Key each={timeline()} by="key">
                    {(e) => {
                      const first = e();
                      if (first.kind === 'day')
                        return (
                          <div class="day-sep" role="separator" data-at={first.at}>
                            <span>{dayLabel(first.at, now())}</span>
                          </div>
                        );
                      if (isAssignmentEvent(first.message)) return <AssignmentEvent m={first.message} me={me()} />;
                      const msg = () => e() as Extract<TimelineEntry, { kind: 'msg' }>;
                      return (
                        <Bubble
                          m={msg().message}
                          reactions={msg().reactions}
                          pending={msg().pending}
                          quoted={msg().message.reply_to ? byWamid().get(msg().message.reply_to) : undefined}
                          contactName={c().contact_name || c().contact_phone}
                          me={me()}
                          canReply={canSend() && win().open}
                          canReact={canSend() && win().open}
                          actions={actions}
                        />
                      );
                    }}
                  </Key>
                </div>
                <Show when={unseen()}>
                  <button
                    type="button"
                    class="new-pill"
                    onClick={() => {
                      toBottom();
                      setUnseen(false);
                    }}
                  >
                    {t('chat.newMessages')} <Icon name="back" size={16} style={{ transform: 'rotate(-90deg)' }} />
                  </button>
                </Show>
                <Show when={c().status === 'closed'}>
                  <p class="chat-banner" data-testid="chat-closed">
                    {t('chat.closedChat')}
                  </p>
                </Show>
                <Show when={ownedElsewhere()}>
                  {(text) => <OwnershipBanner text={text()} readOnly={false} onTakeOver={() => void takeOver()} />}
                </Show>
                <Show
                  when={readOnly()}
                  fallback={
                    <Composer
                      c={c()}
                      replyTo={replyTo()}
                      onClearReply={() => setReplyTo(null)}
                      onTyping={() => presence()?.typing()}
                    />
                  }
                >
                  {(text) => <OwnershipBanner text={text()} readOnly />}
                </Show>
              </>
            )}
          </Match>
          <Match when={status() === 'error'}>
            <div class="empty">
              <p>{t('common.error')}</p>
              <button
                class="btn"
                type="button"
                onClick={() => {
                  closeChat();
                  void openChat(props.id);
                }}
              >
                {t('common.retry')}
              </button>
            </div>
          </Match>
        </Switch>
      </section>
      <Show when={props.info && conv()}>
        {(c) => (
          <Suspense>
            <ContactPanel conversation={c()} onClose={() => navigate(chatPath(props.id), { replace: true })} />
          </Suspense>
        )}
      </Show>
    </div>
  );
}
