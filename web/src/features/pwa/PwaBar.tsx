/** The app-wide PWA strip: offline (with the time of the last sync), "new version — update", "install app". */
import { useStore } from '@nanostores/solid';
import { Show } from 'solid-js';
import { locale, t } from '../../i18n/index.ts';
import { $online } from '../../stores/online.ts';
import { Icon } from '../../ui/Icon.tsx';
import { $installPrompt, installApp } from './install.ts';
import { $lastSync } from './offline-cache.ts';
import { $updateReady, applyUpdate } from './register.ts';

export function syncedWhen(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const time = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(d);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay
    ? t('pwa.syncedAt', { time })
    : t('pwa.syncedDay', {
        date: new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short' }).format(d),
        time,
      });
}

export function PwaBar() {
  const online = useStore($online);
  const lastSync = useStore($lastSync);
  const update = useStore($updateReady);
  const install = useStore($installPrompt);
  return (
    <>
      <Show when={!online()}>
        <p class="offline-banner" role="status" data-testid="offline">
          <Icon name="alert" size={16} />
          <span>{lastSync() ? t('pwa.offline', { when: syncedWhen(lastSync()!) }) : t('pwa.offlineNever')}</span>
        </p>
      </Show>
      <Show when={update()}>
        <div class="pwa-prompt" role="status" data-testid="update-ready">
          <span>{t('pwa.update')}</span>
          <button type="button" class="btn small btn-primary" onClick={applyUpdate} data-testid="update-apply">
            {t('pwa.reload')}
          </button>
        </div>
      </Show>
      <Show when={install() && !update()}>
        <div class="pwa-prompt" role="status" data-testid="install-prompt">
          <span>{t('pwa.installHint')}</span>
          <button
            type="button"
            class="btn small btn-primary"
            onClick={() => void installApp()}
            data-testid="install-app"
          >
            {t('pwa.install')}
          </button>
          <button
            type="button"
            class="icon-btn"
            aria-label={t('common.close')}
            onClick={() => $installPrompt.set(null)}
          >
            <Icon name="close" size={18} />
          </button>
        </div>
      </Show>
    </>
  );
}
