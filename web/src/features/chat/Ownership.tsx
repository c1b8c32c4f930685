/** Ownership in the chat: assignment entries in the timeline and the banner when someone else owns it. */
import { Show } from 'solid-js';
import { clockTime, t } from '../../i18n/index.ts';
import { pbTime } from '../../lib/pb.ts';
import type { Message } from '../../lib/types.ts';
import { Icon } from '../../ui/Icon.tsx';
import { assignmentText, type AssignmentPayload } from './ownership.ts';
import '../../styles/ownership.css';

/** "Mara assigned this chat to themselves · 10:42", centred between the messages. */
export function AssignmentEvent(props: { m: Message; me: string }) {
  const text = () => assignmentText(props.m.payload as unknown as AssignmentPayload, props.me);
  return (
    <div class="sys-event" id={`m-${props.m.id}`} data-testid="assignment-event">
      <span>
        {text()} · <time datetime={props.m.timestamp.replace(' ', 'T')}>{clockTime(pbTime(props.m.timestamp))}</time>
      </span>
    </div>
  );
}

/**
 * Someone else owns the chat. For an operator it replaces the composer ("Assigned to Mara — ask to take
 * over"): the server would refuse their reply. An admin or manager sees who owns it and may take over.
 */
export function OwnershipBanner(props: { text: string; readOnly: boolean; onTakeOver?: (() => void) | undefined }) {
  return (
    <div
      class="owner-banner"
      classList={{ 'read-only': props.readOnly }}
      role="status"
      data-testid={props.readOnly ? 'composer-readonly' : 'owner-banner'}
    >
      <Icon name={props.readOnly ? 'lock' : 'user'} size={18} />
      <span>{props.text}</span>
      <Show when={props.onTakeOver}>
        {(take) => (
          <button type="button" class="btn small" onClick={() => take()()} data-testid="take-over">
            {t('own.takeOver')}
          </button>
        )}
      </Show>
    </div>
  );
}
