/**
 * What happened to a message after it was written: edited (with the versions it replaced, oldest first)
 * or deleted for everyone. Customer text is rendered as text, never as HTML.
 */
import { createSignal, For, Show } from 'solid-js';
import { clockTime, t } from '../../i18n/index.ts';
import { pbTime } from '../../lib/pb.ts';
import type { Message } from '../../lib/types.ts';

export function isEdited(m: Message): boolean {
  return !!m.edited_at || !!(m.context as { editOf?: string } | null)?.editOf;
}

export function DeletedNotice() {
  return (
    <p class="msg-deleted muted" data-testid="message-deleted">
      {t('channel.deleted')}
    </p>
  );
}

/** "edited" in the bubble's meta line; opens the earlier versions when there are any. */
export function EditedMark(props: { m: Message }) {
  const [open, setOpen] = createSignal(false);
  const versions = () => props.m.edits ?? [];
  const id = () => `edits-${props.m.id}`;
  return (
    <Show
      when={versions().length}
      fallback={
        <span class="edited-mark" data-testid="message-edited">
          {t('channel.edited')}
        </span>
      }
    >
      <button
        type="button"
        class="edited-mark link"
        data-testid="message-edited"
        aria-expanded={open()}
        aria-controls={id()}
        onClick={() => setOpen(!open())}
      >
        {t('channel.edited')}
      </button>
      <Show when={open()}>
        <div
          class="edit-history"
          id={id()}
          role="group"
          aria-label={t('channel.editHistory')}
          data-testid="edit-history"
        >
          <strong class="small">{t('channel.editHistory')}</strong>
          <ol>
            <For each={versions()}>
              {(v) => (
                <li>
                  <span>{v.preview}</span>
                  <time class="muted small" datetime={v.at.replace(' ', 'T')}>
                    {' '}
                    · {t('channel.editedAt', { time: clockTime(pbTime(v.at)) })}
                  </time>
                </li>
              )}
            </For>
          </ol>
        </div>
      </Show>
    </Show>
  );
}
