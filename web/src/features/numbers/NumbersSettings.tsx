/**
 * Settings → WhatsApp numbers (admins): the numbers with where they come from, secrets as "set / not set",
 * the webhook URL for Meta, a test message per number, and connecting another one.
 */
import { useStore } from '@nanostores/solid';
import { createResource, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { $session, can } from '../../stores/session.ts';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { ConnectNumber } from './ConnectNumber.tsx';
import { loadNumbers, numberLabel, prettyPhone, type WaNumber } from './numbers.store.ts';
import { ThroughputField } from './ThroughputField.tsx';
import '../../styles/numbers.css';

interface WebhookInfo {
  url: string;
  from_public_url: boolean;
  fields: string[];
  sandbox: boolean;
}

const SECRETS = [
  ['access_token', 'accessToken'],
  ['app_secret', 'appSecret'],
  ['verify_token', 'verifyToken'],
] as const;

function copy(text: string): void {
  void navigator.clipboard?.writeText(text).then(
    () => toast(t('numbers.copied')),
    () => undefined,
  );
}

function TestMessage(props: { n: WaNumber }) {
  const [busy, setBusy] = createSignal(false);
  const send = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const to = String(new FormData(form).get('to') ?? '').trim();
    setBusy(true);
    try {
      await api(`/api/v1/wa-numbers/${props.n.id}/test-message`, { body: { to } });
      toast(t('numbers.testSent'));
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="test-form" onSubmit={send} aria-label={`${t('numbers.testTitle')}: ${numberLabel(props.n)}`}>
      <label class="field">
        <span>{t('numbers.testTo')}</span>
        <input
          name="to"
          type="tel"
          required
          placeholder="+39 340 111 2233"
          inputmode="tel"
          maxlength="25"
          data-testid="test-to"
        />
      </label>
      <button type="submit" class="btn small" disabled={busy()} data-testid="test-send">
        {t('numbers.testSend')}
      </button>
    </form>
  );
}

function RotateSecrets(props: { n: WaNumber; onClose: () => void; onSaved: () => void }) {
  const [error, setError] = createSignal('');
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const body = Object.fromEntries(SECRETS.map(([k]) => [k, String(data.get(k) ?? '').trim()]).filter(([, v]) => v));
    try {
      await api(`/api/v1/wa-numbers/${props.n.id}`, { method: 'PATCH', body });
      toast(t('numbers.rotated'));
      props.onSaved();
      props.onClose();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Sheet title={`${t('numbers.rotate')} · ${numberLabel(props.n)}`} onClose={props.onClose} testid="rotate-sheet">
      <form onSubmit={save} autocomplete="off">
        <p class="muted small">{t('numbers.rotateHint')}</p>
        <For each={SECRETS}>
          {([k, label]) => (
            <label class="field">
              <span>{t(`numbers.${label}`)}</span>
              <input name={k} type={k === 'verify_token' ? 'text' : 'password'} maxlength="2000" autocomplete="off" />
            </label>
          )}
        </For>
        <Show when={error()}>
          <p class="notice notice-error small" role="alert">
            {error()}
          </p>
        </Show>
        <button type="submit" class="btn btn-primary">
          {t('common.save')}
        </button>
      </form>
    </Sheet>
  );
}

function NumberCard(props: { n: WaNumber; onChanged: () => void }) {
  const [rotating, setRotating] = createSignal(false);
  const origin = () =>
    props.n.origin === 'env' ? 'fromEnv' : props.n.origin === 'sandbox' ? 'builtInSandbox' : 'connected';
  const remove = async () => {
    if (!confirm(t('numbers.removeConfirm', { name: numberLabel(props.n) }))) return;
    try {
      await api(`/api/v1/wa-numbers/${props.n.id}`, { method: 'DELETE' });
      toast(t('numbers.removed'));
      props.onChanged();
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  return (
    <article
      class="settings-card number-card"
      data-testid="number-card"
      data-pnid={props.n.phone_number_id}
      aria-labelledby={`num-${props.n.id}`}
    >
      <header class="number-head">
        <h3 id={`num-${props.n.id}`}>{numberLabel(props.n)}</h3>
        <span class="chip" data-testid="number-origin">
          {t(`numbers.${origin()}`)}
        </span>
        <Show when={props.n.default}>
          <span class="chip">{t('numbers.defaultNumber')}</span>
        </Show>
      </header>
      <p class="muted small">
        {prettyPhone(props.n.display_phone_number)} · {t('numbers.phoneNumberId')} {props.n.phone_number_id} ·{' '}
        {t('numbers.quality', {
          rating: t(`numbers.ratings.${props.n.quality_rating as 'GREEN'}`) || props.n.quality_rating,
        })}
      </p>
      <Show when={props.n.read_only}>
        <p class="small">{props.n.origin === 'env' ? t('numbers.fromEnvHint') : t('numbers.builtInSandboxHint')}</p>
      </Show>
      <Show when={props.n.secrets}>
        {(s) => (
          <dl class="secret-list">
            <For each={SECRETS}>
              {([k, label]) => (
                <div>
                  <dt>{t(`numbers.${label}`)}</dt>
                  <dd data-testid={`secret-${k}`}>{t(`numbers.secret.${s()[k]}`)}</dd>
                </div>
              )}
            </For>
          </dl>
        )}
      </Show>
      <Show when={!props.n.read_only}>
        <div class="row-actions">
          <button type="button" class="btn small" onClick={() => setRotating(true)}>
            {t('numbers.rotate')}
          </button>
          <button type="button" class="btn small danger" onClick={() => void remove()}>
            {t('numbers.remove')}
          </button>
        </div>
      </Show>
      <ThroughputField n={props.n} onSaved={props.onChanged} />
      <details class="test-box">
        <summary data-testid="test-open">{t('numbers.testTitle')}</summary>
        <p class="muted small">{t('numbers.testIntro')}</p>
        <TestMessage n={props.n} />
      </details>
      <Show when={rotating()}>
        <RotateSecrets n={props.n} onClose={() => setRotating(false)} onSaved={props.onChanged} />
      </Show>
    </article>
  );
}

export default function NumbersSettings() {
  const session = useStore($session);
  const admin = () => can.do(session()?.user, 'numbers.write');
  const [numbers, { refetch }] = createResource(admin, () =>
    api<{ items: WaNumber[] }>('/api/v1/wa-numbers').then((r) => r.items),
  );
  const [webhook] = createResource(admin, () => api<WebhookInfo>('/api/v1/wa-numbers/webhook'));
  const changed = () => {
    void refetch();
    void loadNumbers();
  };
  return (
    <section class="settings-section" aria-labelledby="numbers-title">
      <h2 id="numbers-title">{t('numbers.title')}</h2>
      <Show when={admin()} fallback={<p class="notice">{t('numbers.adminOnly')}</p>}>
        <p class="muted">{t('numbers.intro')}</p>
        <For each={numbers() ?? []}>{(n) => <NumberCard n={n} onChanged={changed} />}</For>
        <Show when={webhook()}>
          {(w) => (
            <section class="settings-card" aria-labelledby="webhook-title" data-testid="webhook-card">
              <h3 id="webhook-title">{t('numbers.webhookTitle')}</h3>
              <p class="small">{t('numbers.webhookIntro')}</p>
              <div class="input-row">
                <input
                  class="mono"
                  readonly
                  value={w().url}
                  aria-label={t('numbers.webhookTitle')}
                  data-testid="webhook-url"
                />
                <button type="button" class="btn small" onClick={() => copy(w().url)}>
                  {t('numbers.copy')}
                </button>
              </div>
              <p class="chips">
                <For each={w().fields}>{(f) => <code class="chip">{f}</code>}</For>
              </p>
              <Show when={!w().from_public_url}>
                <p class="muted small">{t('numbers.webhookFromOrigin')}</p>
              </Show>
            </section>
          )}
        </Show>
        <ConnectNumber sandbox={!!webhook()?.sandbox} onConnected={changed} />
      </Show>
    </section>
  );
}
