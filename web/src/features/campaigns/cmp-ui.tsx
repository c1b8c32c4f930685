/** Small pieces the campaigns screens share: the state badge, date-times, a confirmation sheet. */
import { createSignal, type JSX, Show } from 'solid-js';
import { locale, t } from '../../i18n/index.ts';
import { pbTime } from '../../lib/pb.ts';
import { Sheet } from '../../ui/Sheet.tsx';
import { tx } from '../templates/tx.ts';
import type { CampaignState } from './campaigns.types.ts';

export function StateBadge(props: { state: CampaignState }) {
  return (
    <span class="cmp-state" data-state={props.state} data-testid="cmp-state">
      {tx(`cmp.states.${props.state}`) || props.state}
    </span>
  );
}

/** A date-time as people read it in their language ("Mon 2 Jun, 09:30"); optionally in another time zone. */
export function when(iso: string | null | undefined, timeZone?: string): string {
  const ms = pbTime(iso ?? '');
  if (!ms) return '';
  return new Intl.DateTimeFormat(locale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(ms);
}

export const pct = (x: number) =>
  new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(x);
export const num = (x: number) => new Intl.NumberFormat(locale()).format(x);

/** A question before something that cannot be taken back; `onConfirm` runs once, the sheet closes after it. */
export function Confirm(props: {
  text: string;
  action: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  return (
    <Sheet
      title={t('cmp.confirmTitle')}
      onClose={props.onClose}
      testid="cmp-confirm"
      footer={
        <div class="row-actions cmp-confirm-actions">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            class="btn"
            classList={{ 'btn-primary': !props.danger, 'btn-danger': !!props.danger }}
            disabled={busy()}
            data-testid="cmp-confirm-ok"
            onClick={async () => {
              setBusy(true);
              try {
                await props.onConfirm();
              } finally {
                setBusy(false);
                props.onClose();
              }
            }}
          >
            {props.action}
          </button>
        </div>
      }
    >
      <p>{props.text}</p>
    </Sheet>
  );
}

/** A labelled figure ("Delivered 1,204"). */
export function Stat(props: { label: string; value: string; testid: string; hint?: string }) {
  return (
    <div class="cmp-stat" data-testid={props.testid}>
      <span class="cmp-stat-value">{props.value}</span>
      <span class="cmp-stat-label">{props.label}</span>
      <Show when={props.hint}>
        <span class="small muted">{props.hint}</span>
      </Show>
    </div>
  );
}
