/**
 * Settings → Dead letters (admins): webhook events the database refused, with the reason, and a
 * replay of one or all after a fix. Customer text is shown as text only, never as HTML.
 */
import { useStore } from '@nanostores/solid';
import { createResource, createSignal, For, Show } from 'solid-js';
import { dayLabel, clockTime, t } from '../../i18n/index.ts';
import { api, ApiError } from '../../lib/api.ts';
import { $session, can } from '../../stores/session.ts';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';

interface DeadLetter {
  id: string;
  at: string;
  reason: 'invalid_event' | 'corrupt_record';
  error: string;
  state: 'dead' | 'replayed';
  replayed_at: string | null;
  replay_attempts: number;
  last_replay_error: string | null;
  summary: { messages: number; statuses: number; other: number; senders: string[] } | null;
  size: number;
  raw_preview: string;
}

const when = (iso: string) => {
  const ms = Date.parse(iso);
  return `${dayLabel(ms)} ${clockTime(ms)}`;
};

export default function DeadLettersAdmin() {
  const session = useStore($session);
  const admin = () => can.do(session()?.user, 'dead_letters.write');
  const [data, { refetch }] = createResource(admin, () =>
    api<{ items: DeadLetter[]; pending: number }>('/api/v1/dead-letters'),
  );
  const [busy, setBusy] = createSignal<string | null>(null);

  const replay = async (l: DeadLetter) => {
    setBusy(l.id);
    try {
      const r = await api<{ result: string }>(`/api/v1/dead-letters/${l.id}/replay`, { method: 'POST' });
      toast(r.result === 'already_replayed' ? t('reliability.alreadyReplayed') : t('reliability.replayedOk'));
    } catch (err) {
      const detail =
        err instanceof ApiError && err.code === 'replay_failed'
          ? String((err.details as { error?: string } | undefined)?.error ?? err.message)
          : errorText(err);
      toast(t('reliability.stillRefused', { error: detail.slice(0, 200) }), 'error');
    } finally {
      setBusy(null);
      void refetch();
    }
  };

  const replayAll = async () => {
    setBusy('all');
    try {
      const r = await api<{ replayed: number; failed: unknown[] }>('/api/v1/dead-letters/replay', { method: 'POST' });
      toast(
        t('reliability.replayedAll', { replayed: String(r.replayed), failed: String(r.failed.length) }),
        r.failed.length ? 'error' : 'info',
      );
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(null);
      void refetch();
    }
  };

  return (
    <section class="settings-section" aria-labelledby="dl-title">
      <h2 id="dl-title">{t('reliability.deadLetters')}</h2>
      <Show when={admin()} fallback={<p class="muted">{t('reliability.adminOnly')}</p>}>
        <p class="muted">{t('reliability.intro')}</p>
        <div class="row-actions dl-toolbar">
          <button
            type="button"
            class="btn btn-primary"
            disabled={!data()?.pending || busy() !== null}
            onClick={() => void replayAll()}
            data-testid="dead-letters-replay-all"
          >
            {t('reliability.replayAll')}
          </button>
          <button type="button" class="btn ghost" disabled={busy() !== null} onClick={() => void refetch()}>
            {t('reliability.refresh')}
          </button>
          <Show when={data()?.pending}>
            <span class="dl-badge danger" data-testid="dead-letters-pending">
              {t('reliability.pending', { count: String(data()!.pending) })}
            </span>
          </Show>
        </div>
        <Show when={data()} fallback={<p class="muted">{t('app.loading')}</p>}>
          <Show
            when={data()!.items.length}
            fallback={
              <p class="muted" data-testid="dead-letters-empty">
                {t('reliability.none')}
              </p>
            }
          >
            <ul class="dl-list" role="list">
              <For each={data()!.items}>
                {(l) => (
                  <li class="card dl-item" data-testid="dead-letter" data-state={l.state}>
                    <div class="dl-head">
                      <span class="dl-badge" classList={{ danger: l.reason === 'corrupt_record' }}>
                        {l.reason === 'corrupt_record'
                          ? t('reliability.reasonCorrupt')
                          : t('reliability.reasonInvalid')}
                      </span>
                      <span
                        class="dl-badge"
                        classList={{ danger: l.state === 'dead', ok: l.state === 'replayed' }}
                        data-testid="dead-letter-state"
                      >
                        {l.state === 'dead'
                          ? t('reliability.stateDead')
                          : t('reliability.stateReplayed', { when: when(l.replayed_at ?? l.at) })}
                      </span>
                    </div>
                    <p class="muted dl-meta">{t('reliability.received', { when: when(l.at) })}</p>
                    <p>
                      {l.summary
                        ? t('reliability.contents', {
                            messages: String(l.summary.messages),
                            statuses: String(l.summary.statuses),
                            other: String(l.summary.other),
                          })
                        : t('reliability.unreadable')}
                    </p>
                    <Show when={l.summary?.senders.length}>
                      <p class="dl-senders">{t('reliability.from', { senders: l.summary!.senders.join(', ') })}</p>
                    </Show>
                    <details class="dl-details">
                      <summary>{t('reliability.error')}</summary>
                      <pre class="dl-pre" data-testid="dead-letter-error">
                        {l.error}
                      </pre>
                      <p class="muted">{t('reliability.raw', { size: String(l.size) })}</p>
                      <pre class="dl-pre">{l.raw_preview}</pre>
                    </details>
                    <Show when={l.state === 'dead' && l.last_replay_error}>
                      <p class="field-error">
                        {t('reliability.lastAttempt', { error: l.last_replay_error!.slice(0, 300) })}
                      </p>
                    </Show>
                    <Show when={l.replay_attempts}>
                      <p class="muted dl-meta">{t('reliability.attempts', { count: String(l.replay_attempts) })}</p>
                    </Show>
                    <Show when={l.state === 'dead'}>
                      <button
                        type="button"
                        class="btn small"
                        disabled={busy() !== null}
                        onClick={() => void replay(l)}
                        data-testid="dead-letter-replay"
                        aria-label={`${t('reliability.replay')} — ${when(l.at)}`}
                      >
                        {t('reliability.replay')}
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
