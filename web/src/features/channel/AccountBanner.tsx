/**
 * A restriction or ban Meta put on the WhatsApp account, shown to admins and managers on every screen
 * until Meta lifts it or it expires (wa_numbers.account_restriction, set from account_update webhooks).
 * Hiding it lasts until the next notice, on this device only.
 */
import { useStore } from '@nanostores/solid';
import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { pb } from '../../lib/pb.ts';
import { $session, can } from '../../stores/session.ts';

interface Restriction {
  event: string;
  what: string[];
  until?: number;
  at: string;
}
interface NumberRow {
  id: string;
  display_phone_number: string;
  account_restriction: Restriction | null;
}

const DISMISS_KEY = 'spunta.accountBanner.dismissed';

export function activeRestrictions(rows: NumberRow[], now = Date.now()): Array<{ number: string; r: Restriction }> {
  return rows
    .filter(
      (n) =>
        n.account_restriction &&
        (n.account_restriction.until === undefined || n.account_restriction.until * 1000 > now),
    )
    .map((n) => ({ number: n.display_phone_number, r: n.account_restriction! }));
}

function message(r: Restriction): string {
  const what = r.what.join(', ').replace(/_/g, ' ').toLowerCase() || r.event.replace(/_/g, ' ').toLowerCase();
  if (r.event === 'ACCOUNT_RESTRICTION') {
    return r.until
      ? t('channel.account.restrictedUntil', { until: new Date(r.until * 1000).toLocaleString(), what })
      : t('channel.account.restricted', { what });
  }
  if (r.event === 'ACCOUNT_VIOLATION') return t('channel.account.violation', { what });
  if (r.event === 'DISABLED_UPDATE') return t('channel.account.banned', { state: what });
  return t('channel.account.notice', { what });
}

export function AccountBanner() {
  const session = useStore($session);
  const [rows, setRows] = createSignal<NumberRow[]>([]);
  const [dismissed, setDismissed] = createSignal(localStorage.getItem(DISMISS_KEY) ?? '');
  const load = async () => {
    try {
      setRows(
        await pb
          .collection('wa_numbers')
          .getFullList<NumberRow>({ fields: 'id,display_phone_number,account_restriction', requestKey: null }),
      );
    } catch {
      /* the banner is advisory: a failed read shows nothing rather than an error */
    }
  };
  onMount(() => {
    if (!can.assignOthers(session()?.user)) return;
    void load();
    let off: (() => Promise<void>) | undefined;
    void pb
      .collection('wa_numbers')
      .subscribe('*', () => void load())
      .then((u) => (off = u))
      .catch(() => undefined);
    onCleanup(() => void off?.().catch(() => undefined));
  });
  // ISO times compare as strings: hiding covers every notice up to the newest one seen
  const visible = () => activeRestrictions(rows()).filter(({ r }) => r.at > dismissed());
  return (
    <Show when={can.assignOthers(session()?.user) && visible().length}>
      <div class="account-banner" role="alert" data-testid="account-banner">
        <For each={visible()}>
          {({ number, r }) => (
            <p>
              <strong>{number}</strong> · {message(r)}
            </p>
          )}
        </For>
        <button
          type="button"
          class="btn small ghost"
          onClick={() => {
            const at =
              visible()
                .map(({ r }) => r.at)
                .sort()
                .at(-1) ?? '';
            localStorage.setItem(DISMISS_KEY, at);
            setDismissed(at);
          }}
        >
          {t('channel.account.dismiss')}
        </button>
      </div>
    </Show>
  );
}
