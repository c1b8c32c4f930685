import { useStore } from '@nanostores/solid';
import { createResource, createSignal, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { $sessionExpired, login } from '../../stores/session.ts';

export function SignInPage() {
  const expired = useStore($sessionExpired);
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  // the customer phone only exists when the built-in sandbox stands in for Meta
  const [sandbox] = createResource(() =>
    fetch('/api/health')
      .then((r) => r.json())
      .then((h: { channel?: { mode?: string } }) => h.channel?.mode === 'sandbox')
      .catch(() => false),
  );

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await login(email().trim(), password());
    } catch (err) {
      if (err instanceof ApiError && err.code === 'rate_limited') {
        const seconds = Number((err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60);
        setError(t('security.rateLimited', { minutes: String(Math.max(1, Math.ceil(seconds / 60))) }));
      } else {
        setError(
          err instanceof ApiError && (err.status === 401 || err.status === 400 || err.code === 'validation_failed')
            ? t('auth.invalid')
            : (err as Error).message || t('common.error'),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="signin" id="main">
      <form
        class="signin-card"
        onSubmit={submit}
        aria-describedby={error() ? 'signin-error' : undefined}
        data-testid="signin-form"
      >
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            ✓✓
          </span>
          <div>
            <h1>{t('auth.title')}</h1>
            <p class="muted">{t('auth.subtitle')}</p>
          </div>
        </div>
        <Show when={expired()}>
          <p class="notice notice-warn" role="status" data-testid="session-expired">
            {t('auth.expired')}
          </p>
        </Show>
        <label class="field">
          <span>{t('auth.email')}</span>
          <input
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email()}
            onInput={(e) => setEmail(e.currentTarget.value)}
            data-testid="signin-email"
          />
        </label>
        <label class="field">
          <span>{t('auth.password')}</span>
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
            data-testid="signin-password"
          />
        </label>
        <Show when={error()}>
          <p class="notice notice-error" id="signin-error" role="alert" data-testid="signin-error">
            {error()}
          </p>
        </Show>
        <button class="btn btn-primary btn-block" type="submit" disabled={busy()} data-testid="signin-submit">
          {busy() ? t('auth.submitting') : t('auth.submit')}
        </button>
        <Show when={sandbox()}>
          <a class="link-subtle" href="/sandbox/" target="_blank" rel="noopener">
            {t('auth.sandbox')}
          </a>
        </Show>
      </form>
    </main>
  );
}
