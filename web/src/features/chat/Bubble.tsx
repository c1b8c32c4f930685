/** One message: quote, content, time, ticks, failure reason with retry, reactions and actions. */
import { createSignal, For, Show } from 'solid-js';
import { clockTime, t } from '../../i18n/index.ts';
import { formatPreview } from '../../lib/format.ts';
import { pbTime } from '../../lib/pb.ts';
import type { Message, Reaction } from '../../lib/types.ts';
import { memberName } from '../../stores/team.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Ticks } from '../../ui/Ticks.tsx';
import { isTransient, type OutboxItem } from '../composer/outbox.store.ts';
import { errorText } from './errors.ts';
import { MessageContent } from './MessageContent.tsx';
import { DeletedNotice, EditedMark, isEdited } from './MessageChanges.tsx';
import { metaAdvice, metaDetails } from './meta-errors.ts';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
/**
 * Errors a second attempt cannot fix (closed window, undeliverable, unsupported type, opted out, bad
 * template…): no retry button. Same list as the server's POST /messages/{id}/retry.
 */
const NOT_RETRYABLE = new Set([
  131026, 131047, 131050, 131051, 131052, 131053, 131031, 130497, 368, 132000, 132001, 132005, 132007, 132012, 132015,
  132016, 132018, 190,
]);

export interface BubbleActions {
  reply(m: Message): void;
  react(m: Message, emoji: string): void;
  jump(wamid: string): void;
  retry(m: Message, pending?: OutboxItem): void;
  discard(pending: OutboxItem): void;
}

export function Bubble(props: {
  m: Message;
  reactions: Reaction[];
  pending?: OutboxItem | undefined;
  quoted?: Message | undefined;
  contactName: string;
  me: string;
  canReply: boolean;
  canReact: boolean;
  actions: BubbleActions;
}) {
  const [menu, setMenu] = createSignal(false);
  const m = () => props.m;
  const isNote = () => m().type === 'note';
  const isOut = () => m().direction === 'out';
  const failed = () => m().status === 'failed';
  /** Plain advice for Meta's known codes; Meta's own words (and unknown codes) go behind "details". */
  const advice = () => (props.pending ? undefined : metaAdvice(m().error_code));
  const reason = () => {
    if (props.pending) return props.pending.error ? errorText(props.pending.error) : '';
    const a = advice();
    return a ? t(`metaErrors.${a}`) : m().error_title || '';
  };
  const details = () => (props.pending ? '' : metaDetails(m()));
  const retryable = () => (props.pending ? isTransient(props.pending.error) : !NOT_RETRYABLE.has(m().error_code));
  const author = () => {
    if (!isOut()) return '';
    // written in the WhatsApp Business app on the same number (coexistence), not by a Spunta user
    if (m().origin === 'whatsapp_app') return t('channel.whatsappApp');
    if (m().purpose === 'out_of_hours' || m().purpose === 'consent') return t('ooh.label');
    if (!m().sender || m().sender === props.me) return isNote() ? t('chat.you') : '';
    return memberName(m().sender);
  };
  const authorHint = () => {
    if (m().origin === 'whatsapp_app') return t('channel.whatsappAppHint');
    if (m().purpose === 'out_of_hours') return t('ooh.labelHint');
    if (m().purpose === 'consent') return t('ooh.consentHint');
    return undefined;
  };
  const quoteAuthor = () => (props.quoted ? (props.quoted.direction === 'in' ? props.contactName : t('chat.you')) : '');
  const ctx = () => (m().context ?? {}) as { forwarded?: boolean; frequentlyForwarded?: boolean };
  const hasActions = () =>
    !isNote() && !props.pending && !!m().wamid && !m().deleted_at && (props.canReply || props.canReact);

  return (
    <div
      class="msg-row"
      classList={{
        in: !isOut(),
        out: isOut() && !isNote(),
        note: isNote(),
        'has-reactions': props.reactions.length > 0,
      }}
      id={`m-${m().id}`}
      data-testid="message"
      data-direction={m().direction}
      data-type={m().type}
      data-status={m().status}
      data-wamid={m().wamid || undefined}
    >
      <div class="bubble" data-testid="bubble">
        <Show when={isNote()}>
          <div class="note-head">
            <Icon name="lock" size={14} /> {t('chat.note')}
            <Show when={author()}> · {author()}</Show>
          </div>
        </Show>
        <Show when={ctx().forwarded || ctx().frequentlyForwarded}>
          <div class="forwarded muted small">
            ↪ {ctx().frequentlyForwarded ? t('chat.frequentlyForwarded') : t('chat.forwarded')}
          </div>
        </Show>
        <Show when={m().reply_to}>
          <button
            type="button"
            class="quote"
            onClick={() => props.actions.jump(m().reply_to)}
            data-testid="bubble-quote"
          >
            <span class="sr-only">{t('chat.quoted')}: </span>
            <strong>{quoteAuthor() || t('chat.quotedMissing')}</strong>
            <span data-testid="quote-text">
              {props.quoted?.preview ? formatPreview(props.quoted.preview) : t('chat.quotedMissing')}
            </span>
          </button>
        </Show>
        <Show when={!m().deleted_at} fallback={<DeletedNotice />}>
          <MessageContent m={m()} localUrl={props.pending?.localUrl} />
        </Show>
        <div class="bubble-meta">
          <Show when={author() && !isNote()}>
            <span class="sender" title={authorHint()} data-testid="message-author">
              {author()}
            </span>
          </Show>
          <Show when={isEdited(m()) && !m().deleted_at}>
            <EditedMark m={m()} />
          </Show>
          <time datetime={m().timestamp.replace(' ', 'T')}>{clockTime(pbTime(m().timestamp))}</time>
          <Show when={isOut() && !isNote()}>
            <Ticks status={m().status} />
          </Show>
        </div>
        <Show when={failed()}>
          <div class="failed" role="alert" data-testid="message-failed">
            <span data-testid="message-failed-reason">
              {t('chat.failedReason', { reason: reason() || t('chat.statusFailed') })}
            </span>
            <Show when={details() && details() !== reason()}>
              <details class="failed-details" data-testid="message-failed-details">
                <summary>{t('metaErrors.details')}</summary>
                <code>{details()}</code>
              </details>
            </Show>
            <span class="failed-actions">
              <Show when={retryable()}>
                <button
                  type="button"
                  class="btn small"
                  onClick={() => props.actions.retry(m(), props.pending)}
                  data-testid="message-retry"
                >
                  <Icon name="retry" size={16} /> {t('chat.retry')}
                </button>
              </Show>
              <Show when={props.pending}>
                {(p) => (
                  <button type="button" class="btn small ghost" onClick={() => props.actions.discard(p())}>
                    {t('chat.discard')}
                  </button>
                )}
              </Show>
            </span>
          </div>
        </Show>
        <Show when={props.reactions.length}>
          <div
            class="reactions"
            role="img"
            aria-label={t('chat.reactions', { list: props.reactions.map((r) => r.emoji).join(' ') })}
            data-testid="reactions"
          >
            <For each={props.reactions}>{(r) => <span>{r.emoji}</span>}</For>
          </div>
        </Show>
      </div>
      <Show when={hasActions()}>
        <button
          type="button"
          class="msg-actions-btn"
          aria-label={t('chat.messageActions')}
          aria-expanded={menu()}
          onClick={() => setMenu(!menu())}
          data-testid="message-actions"
        >
          <Icon name="more" size={18} />
        </button>
      </Show>
      <Show when={menu()}>
        <div
          class="msg-actions"
          role="group"
          aria-label={t('chat.messageActions')}
          onKeyDown={(e) => e.key === 'Escape' && setMenu(false)}
        >
          <Show when={props.canReply}>
            <button
              type="button"
              class="btn small"
              onClick={() => {
                setMenu(false);
                props.actions.reply(m());
              }}
              data-testid="message-reply"
            >
              <Icon name="reply" size={16} /> {t('chat.reply')}
            </button>
          </Show>
          <Show when={props.canReact}>
            <For each={QUICK_REACTIONS}>
              {(e) => (
                <button
                  type="button"
                  class="emoji-btn"
                  aria-label={`${t('chat.react')} ${e}`}
                  onClick={() => {
                    setMenu(false);
                    props.actions.react(m(), e);
                  }}
                >
                  {e}
                </button>
              )}
            </For>
          </Show>
        </div>
      </Show>
    </div>
  );
}
