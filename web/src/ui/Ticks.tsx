/** WhatsApp-style delivery ticks: clock (queued) · ✓ sent · ✓✓ delivered · blue ✓✓ read · ! failed. */
import { Show } from 'solid-js';
import { t } from '../i18n/index.ts';
import { Icon } from './Icon.tsx';

const LABEL: Record<string, () => string> = {
  queued: () => t('chat.statusQueued'),
  sent: () => t('chat.statusSent'),
  delivered: () => t('chat.statusDelivered'),
  read: () => t('chat.statusRead'),
  failed: () => t('chat.statusFailed'),
};

export function Ticks(props: { status: string; size?: number }) {
  // an interrupted send being reconciled is, for the operator, still pending
  const status = () => (props.status === 'unknown' ? 'queued' : props.status);
  const label = () => LABEL[status()]?.() ?? '';
  return (
    <Show when={LABEL[status()]}>
      <span class="ticks" data-status={status()} data-testid="ticks" role="img" aria-label={label()} title={label()}>
        <Show when={status() === 'queued'}>
          <Icon name="clock" size={props.size ?? 15} />
        </Show>
        <Show when={status() === 'failed'}>
          <Icon name="alert" size={props.size ?? 15} />
        </Show>
        <Show when={status() === 'sent' || status() === 'delivered' || status() === 'read'}>
          <svg
            width={(props.size ?? 15) + 3}
            height={props.size ?? 15}
            viewBox="0 0 18 15"
            aria-hidden="true"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
          >
            <path d={status() === 'sent' ? 'M3 8l3.5 3.5L13 4' : 'M1.5 8L5 11.5 11.5 4M7.5 10.5l1 1L15 4'} />
          </svg>
        </Show>
      </span>
    </Show>
  );
}
