/** "Sandbox mode": shown while chats go to the built-in sandbox, with the way to the customer phone. */
import { useStore } from '@nanostores/solid';
import { Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $defaultNumber } from './numbers.store.ts';

export function SandboxBadge() {
  const n = useStore($defaultNumber);
  return (
    <Show when={n()?.mode === 'sandbox'}>
      <a
        class="sandbox-badge"
        href="/sandbox/"
        target="_blank"
        rel="noopener"
        title={t('numbers.sandboxBadgeHint')}
        aria-label={`${t('numbers.sandboxBadge')}. ${t('numbers.sandboxBadgeHint')}`}
        data-testid="sandbox-badge"
      >
        {t('numbers.sandboxBadge')}
      </a>
    </Show>
  );
}
