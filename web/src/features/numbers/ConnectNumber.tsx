/**
 * Connect a WhatsApp number: ids and secrets as Meta shows them, checked by the server with Meta before
 * anything is saved. Secrets are password fields, sent once and never shown again; the verify token is
 * the admin's own word (or generated) and is shown while typing so it can be pasted into Meta.
 */
import { createSignal, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { numberLabel, type WaNumber } from './numbers.store.ts';

interface SandboxTestNumber {
  phone_number_id: string;
  waba_id: string;
  access_token: string;
  app_secret: string;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function ConnectNumber(props: { sandbox: boolean; onConnected: (n: WaNumber) => void }) {
  const [mode, setMode] = createSignal<'meta' | 'sandbox'>('meta');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [verify, setVerify] = createSignal('');
  let form!: HTMLFormElement;

  const set = (name: string, value: string) => {
    const el = form.elements.namedItem(name) as HTMLInputElement | null;
    if (el) el.value = value;
  };

  // the sandbox's "API Setup" page: a test number of another app, as Meta would show it
  const fillSandbox = async () => {
    try {
      const r = await fetch('/sandbox/control/numbers');
      const n = ((await r.json()) as { data: SandboxTestNumber[] }).data[0];
      if (!n) return;
      setMode('sandbox');
      set('phone_number_id', n.phone_number_id);
      set('waba_id', n.waba_id);
      set('access_token', n.access_token);
      set('app_secret', n.app_secret);
      if (!verify()) setVerify(randomToken());
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(form);
    const field = (k: string) => String(data.get(k) ?? '').trim();
    setBusy(true);
    setError('');
    try {
      const n = await api<WaNumber>('/api/v1/wa-numbers', {
        body: {
          phone_number_id: field('phone_number_id'),
          waba_id: field('waba_id'),
          access_token: field('access_token'),
          app_secret: field('app_secret'),
          verify_token: verify().trim(),
          mode: mode(),
        },
      });
      toast(t('numbers.connectedToast', { name: numberLabel(n) }));
      form.reset();
      setVerify('');
      props.onConnected(n);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="settings-card" aria-labelledby="connect-title" data-testid="connect-number">
      <h3 id="connect-title">{t('numbers.connectTitle')}</h3>
      <p class="muted small">{t('numbers.connectIntro')}</p>
      <Show when={props.sandbox}>
        <button type="button" class="btn small" onClick={() => void fillSandbox()} data-testid="connect-fill-sandbox">
          {t('numbers.fillSandbox')}
        </button>
      </Show>
      <form ref={form} onSubmit={submit} class="connect-form" autocomplete="off">
        <Show when={props.sandbox}>
          <label class="field">
            <span>{t('numbers.where')}</span>
            <select
              value={mode()}
              onChange={(e) => setMode(e.currentTarget.value as 'meta' | 'sandbox')}
              data-testid="connect-mode"
            >
              <option value="meta">{t('numbers.whereMeta')}</option>
              <option value="sandbox">{t('numbers.whereSandbox')}</option>
            </select>
          </label>
        </Show>
        <label class="field">
          <span>{t('numbers.phoneNumberId')}</span>
          <input
            name="phone_number_id"
            required
            inputmode="numeric"
            pattern="[0-9]{5,40}"
            maxlength="40"
            data-testid="connect-pnid"
          />
        </label>
        <label class="field">
          <span>{t('numbers.wabaId')}</span>
          <input
            name="waba_id"
            required
            inputmode="numeric"
            pattern="[0-9]{5,40}"
            maxlength="40"
            data-testid="connect-waba"
          />
        </label>
        <label class="field">
          <span>{t('numbers.accessToken')}</span>
          <input
            name="access_token"
            type="password"
            required
            maxlength="2000"
            autocomplete="off"
            data-testid="connect-token"
          />
        </label>
        <label class="field">
          <span>{t('numbers.appSecret')}</span>
          <input
            name="app_secret"
            type="password"
            required
            maxlength="500"
            autocomplete="off"
            data-testid="connect-secret"
          />
        </label>
        <div class="field">
          <label for="connect-verify">{t('numbers.verifyToken')}</label>
          <div class="input-row">
            <input
              id="connect-verify"
              value={verify()}
              onInput={(e) => setVerify(e.currentTarget.value)}
              required
              maxlength="500"
              pattern="[!-~]+"
              aria-describedby="verify-hint"
              data-testid="connect-verify"
            />
            <button type="button" class="btn small" onClick={() => setVerify(randomToken())}>
              {t('numbers.generate')}
            </button>
          </div>
          <span id="verify-hint" class="muted small">
            {t('numbers.verifyHint')}
          </span>
        </div>
        <Show when={error()}>
          <p class="notice notice-error small" role="alert" data-testid="connect-error">
            {error()}
          </p>
        </Show>
        <button type="submit" class="btn btn-primary" disabled={busy()} data-testid="connect-submit">
          {busy() ? t('numbers.connecting') : t('numbers.connect')}
        </button>
      </form>
    </section>
  );
}
