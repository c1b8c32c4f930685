/** Backups for admins: the ones kept on the server, "back up now", download; how to restore. */
import { useStore } from '@nanostores/solid';
import { createResource, createSignal, For, Show } from 'solid-js';
import { locale, t } from '../../i18n/index.ts';
import { api, ApiError } from '../../lib/api.ts';
import { $session, can } from '../../stores/session.ts';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';

interface Backup {
  name: string;
  size: number;
  created: string;
}

const size = (n: number) =>
  new Intl.NumberFormat(locale(), {
    style: 'unit',
    unit: n >= 1 << 20 ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(n >= 1 << 20 ? n / (1 << 20) : n / 1024);
const when = (iso: string) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

export default function BackupsAdmin() {
  const session = useStore($session);
  const admin = () => can.do(session()?.user, 'backups.write');
  const [data, { refetch }] = createResource(admin, () => api<{ items: Backup[]; dir: string }>('/api/v1/backups'));
  const list = () => data()?.items;
  const [busy, setBusy] = createSignal(false);

  const backupNow = async () => {
    setBusy(true);
    try {
      const b = await api<Backup>('/api/v1/backups', { method: 'POST' });
      toast(t('security.backupDone', { name: b.name }));
      await refetch();
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  // A plain link cannot carry the bearer token: fetch the file, then hand it to the browser.
  const download = async (b: Backup) => {
    try {
      const res = await fetch(`/api/v1/backups/${encodeURIComponent(b.name)}`, {
        headers: { authorization: `Bearer ${session()?.token ?? ''}` },
      });
      if (!res.ok) throw new ApiError(`http_${res.status}`, res.status, res.statusText);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = b.name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  return (
    <section class="settings-section" aria-labelledby="backups-title">
      <h2 id="backups-title">{t('security.backups')}</h2>
      <Show when={admin()} fallback={<p class="notice">{t('security.adminOnly')}</p>}>
        <p>{t('security.backupsIntro')}</p>
        <button
          type="button"
          class="btn btn-primary"
          disabled={busy()}
          onClick={() => void backupNow()}
          data-testid="backup-now"
        >
          {busy() ? t('security.backingUp') : t('security.backupNow')}
        </button>
        <Show
          when={(list() ?? []).length > 0}
          fallback={<p class="muted">{data.loading ? t('app.loading') : t('security.noBackups')}</p>}
        >
          <div class="table-wrap">
            <table class="users-table" data-testid="backups-table">
              <thead>
                <tr>
                  <th scope="col">{t('security.file')}</th>
                  <th scope="col">{t('security.created')}</th>
                  <th scope="col">{t('security.size')}</th>
                  <th scope="col">
                    <span class="sr-only">{t('security.download')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={list() ?? []}>
                  {(b) => (
                    <tr data-testid="backup-row">
                      <td>
                        <code>{b.name}</code>
                      </td>
                      <td>{when(b.created)}</td>
                      <td>{size(b.size)}</td>
                      <td>
                        <button
                          type="button"
                          class="btn small"
                          aria-label={t('security.downloadNamed', { name: b.name })}
                          onClick={() => void download(b)}
                        >
                          {t('security.download')}
                        </button>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
        <h3>{t('security.restoreTitle')}</h3>
        <p>{t('security.restoreHint')}</p>
        <pre class="settings-code">
          <code>
            npm run restore -- {data()?.dir ?? 'backups'}/{list()?.[0]?.name ?? 'spunta-….tar.gz'}
          </code>
        </pre>
      </Show>
    </section>
  );
}
