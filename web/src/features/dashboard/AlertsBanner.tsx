/**
 * The alerts the server raised (once per event) and this user has not dismissed: quality drops, the
 * messaging limit at 80 / 100 %, a flagged or restricted number, a paused template. A live region, so
 * a new alert is read out; each one can be dismissed (for this user, on every device).
 */
import { useStore } from '@nanostores/solid';
import { For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { prettyPhone } from '../numbers/numbers.store.ts';
import type { Alert } from './dashboard.api.ts';
import { $alerts, $numberStatus, dismissAlert } from './dashboard.store.ts';
import { qualityLevel } from './figures.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function alertText(a: Alert): string {
  const n = $numberStatus.get()?.find((x) => x.id === a.number);
  const data = a.data ?? {};
  const number = n
    ? n.verified_name || prettyPhone(n.display_phone_number)
    : str(data.display_phone_number) || a.number;
  // the rating the number dropped to: the alert's own record first, the number's current rating after
  const rating = str(data.to) || str(data.quality_rating) || str(data.rating) || n?.quality_rating || '';
  const template = str(data.name) || str(data.template_name) || str(data.template);
  return t(`dash.alerts.kinds.${a.kind}`, {
    number,
    level: t(`dash.status.levels.${qualityLevel(rating)}`).toLowerCase(),
    template,
  });
}

export function AlertsBanner() {
  const alerts = useStore($alerts);
  const dismiss = (id: string) =>
    void dismissAlert(id).catch((err) => toast(err instanceof ApiError ? err.message : String(err), 'error'));
  return (
    <section class="dash-alerts" aria-label={t('dash.alerts.label')} aria-live="polite" data-testid="alerts">
      <Show when={alerts().length}>
        <ul role="list">
          <For each={alerts()}>
            {(a) => (
              <li class="dash-alert" data-kind={a.kind} data-testid="alert">
                <Icon name="alert" />
                <span class="dash-alert-text">{alertText(a)}</span>
                <button
                  type="button"
                  class="icon-btn"
                  aria-label={t('dash.alerts.dismissOne')}
                  title={t('dash.alerts.dismiss')}
                  onClick={() => dismiss(a.id)}
                  data-testid="alert-dismiss"
                >
                  <Icon name="close" />
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
