/** Settings → Notifications: enable push on this device (on a click, with the why), mute, do-not-disturb, offline data. */
import { useStore } from '@nanostores/solid';
import { createResource, createSignal, Match, onMount, Show, Switch } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { $lastSync, OFFLINE_LIMITS, syncRecent } from '../pwa/offline-cache.ts';
import { syncedWhen } from '../pwa/PwaBar.tsx';
import { $push, disablePush, enablePush, PUSH_TIMEOUT_MS, PushTimeoutError, refreshPushState } from '../pwa/push.ts';

interface Prefs {
  muted: boolean;
  dnd_from: string;
  dnd_to: string;
  timezone: string;
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export default function NotificationsSettings() {
  const push = useStore($push);
  const lastSync = useStore($lastSync);
  const [busy, setBusy] = createSignal(false);
  const [enabling, setEnabling] = createSignal(false);
  const [failure, setFailure] = createSignal('');
  const [prefs, { mutate }] = createResource(() => api<Prefs>('/api/v1/push/preferences'));
  onMount(() => void refreshPushState());

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  /** Enabling shows its progress, and a failure stays on screen (not a passing toast) with a retry. */
  const enable = async () => {
    setFailure('');
    setEnabling(true);
    try {
      await enablePush();
    } catch (err) {
      setFailure(
        err instanceof PushTimeoutError
          ? t('pwa.timeout', { s: String(PUSH_TIMEOUT_MS / 1000) })
          : t('pwa.failed', { reason: errorText(err) }),
      );
    } finally {
      setEnabling(false);
    }
  };
  const save = (patch: Partial<Prefs>) =>
    run(async () => {
      // do-not-disturb hours are read in the zone of the device that set them
      const next = await api<Prefs>('/api/v1/push/preferences', {
        method: 'PUT',
        body: { ...patch, timezone: prefs()?.timezone || browserZone() },
      });
      mutate(next);
      toast(t('common.saved'));
    });

  return (
    <section class="settings-section" aria-labelledby="notif-title">
      <h2 id="notif-title">{t('pwa.notifications')}</h2>
      <p class="muted">{t('pwa.notificationsWhy')}</p>
      <Switch>
        <Match when={push() === 'unsupported'}>
          <p data-testid="push-unsupported">{t('pwa.unsupported')}</p>
        </Match>
        <Match when={push() === 'denied'}>
          <p role="alert" data-testid="push-denied">
            {t('pwa.denied')}
          </p>
        </Match>
        <Match when={push() === 'on'}>
          <p data-testid="push-on">
            <Icon name="check" size={16} /> {t('pwa.enabled')}
          </p>
          <div class="row-actions">
            <button
              type="button"
              class="btn"
              disabled={busy()}
              onClick={() =>
                void run(async () => {
                  await api('/api/v1/push/test', { method: 'POST' });
                  toast(t('pwa.testSent'));
                })
              }
              data-testid="push-test"
            >
              {t('pwa.test')}
            </button>
            <button
              type="button"
              class="btn"
              disabled={busy()}
              onClick={() => void run(disablePush)}
              data-testid="push-disable"
            >
              {t('pwa.disable')}
            </button>
          </div>
        </Match>
        <Match when={push() === 'off'}>
          <Show
            when={failure()}
            fallback={
              <button
                type="button"
                class="btn btn-primary"
                disabled={busy() || enabling()}
                onClick={() => void enable()}
                data-testid="push-enable"
              >
                <Icon name="bell" /> {enabling() ? t('pwa.enabling') : t('pwa.enable')}
              </button>
            }
          >
            <div class="notice notice-error" role="alert" data-testid="push-failed">
              <p>{failure()}</p>
              <button
                type="button"
                class="btn"
                disabled={enabling()}
                onClick={() => void enable()}
                data-testid="push-retry"
              >
                {enabling() ? t('pwa.enabling') : t('pwa.retry')}
              </button>
            </div>
          </Show>
          <Show when={enabling()}>
            <p class="muted small" role="status" data-testid="push-enabling">
              {t('pwa.enabling')}
            </p>
          </Show>
        </Match>
      </Switch>

      <Show when={prefs()}>
        {(p) => (
          <>
            <label class="switch-row">
              <input
                type="checkbox"
                checked={p().muted}
                onChange={(e) => void save({ muted: e.currentTarget.checked })}
                data-testid="push-mute"
              />
              <span>{t('pwa.mute')}</span>
            </label>
            <fieldset class="field-group">
              <legend>{t('pwa.dnd')}</legend>
              <div class="dnd-row">
                <label class="field">
                  <span>{t('pwa.dndFrom')}</span>
                  <input
                    type="time"
                    value={p().dnd_from}
                    onChange={(e) => void save({ dnd_from: e.currentTarget.value, dnd_to: p().dnd_to || '08:00' })}
                    data-testid="dnd-from"
                  />
                </label>
                <label class="field">
                  <span>{t('pwa.dndTo')}</span>
                  <input
                    type="time"
                    value={p().dnd_to}
                    onChange={(e) => void save({ dnd_to: e.currentTarget.value, dnd_from: p().dnd_from || '22:00' })}
                    data-testid="dnd-to"
                  />
                </label>
              </div>
              <p class="muted small">{t('pwa.dndHint', { tz: p().timezone || browserZone() })}</p>
            </fieldset>
          </>
        )}
      </Show>

      <h3>{t('pwa.offlineData')}</h3>
      <p class="muted">
        {t('pwa.offlineDataHint', { chats: String(OFFLINE_LIMITS.chats), messages: String(OFFLINE_LIMITS.messages) })}
      </p>
      <p data-testid="last-sync">
        {t('pwa.lastSync', { when: lastSync() ? syncedWhen(lastSync()!) : t('pwa.never') })}
      </p>
      <button type="button" class="btn" disabled={busy()} onClick={() => void run(syncRecent)} data-testid="sync-now">
        {t('pwa.syncNow')}
      </button>
    </section>
  );
}
