/** A small built-in emoji grid (no network, no big dataset): the ones operators actually use. */
import { For } from 'solid-js';
import { t } from '../../i18n/index.ts';

export const EMOJI = [
  '😀',
  '😊',
  '😂',
  '🙂',
  '😉',
  '😍',
  '🤩',
  '😘',
  '🤔',
  '😅',
  '😇',
  '🙃',
  '😢',
  '😮',
  '😎',
  '🥳',
  '👍',
  '👎',
  '👏',
  '🙏',
  '🤝',
  '👋',
  '💪',
  '👌',
  '✌️',
  '🤞',
  '❤️',
  '🧡',
  '💚',
  '💙',
  '🔥',
  '⭐',
  '✅',
  '❌',
  '⚠️',
  'ℹ️',
  '📦',
  '🚚',
  '📅',
  '⏰',
  '📍',
  '📞',
  '💬',
  '📄',
  '🎁',
  '🎉',
  '☕',
  '🌞',
];

export function EmojiPicker(props: { onPick: (e: string) => void; onClose: () => void }) {
  return (
    <div
      class="emoji-picker"
      role="dialog"
      aria-label={t('composer.emoji')}
      data-testid="emoji-picker"
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
    >
      <For each={EMOJI}>
        {(e) => (
          <button type="button" class="emoji-btn" onClick={() => props.onPick(e)} aria-label={e}>
            {e}
          </button>
        )}
      </For>
    </div>
  );
}
