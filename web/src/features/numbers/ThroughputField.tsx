/**
 * A number's send throughput (messages per second, 1–1,000): the cap every outbound send of the number
 * shares, campaigns included, with replies first. Admins set it (PATCH /api/v1/numbers/{id}).
 */
import { createSignal, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import type { WaNumber } from './numbers.store.ts';

export function ThroughputField(props: { n: WaNumber; onSaved: () => void }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const id = () => `mps-${props.n.id}`;
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const raw = String(new FormData(e.currentTarget as HTMLFormElement).get('mps') ?? '').trim();
    const mps = Number(raw);
    if (!/^\d+$/.test(raw) || mps < 1 || mps > 1000) {
      setError(t('numbers.throughput.invalid'));
      return;
    }
    setError('');
    setBusy(true);
    try {
      await api(`/api/v1/numbers/${props.n.id}`, { method: 'PATCH', body: { throughput_mps: mps } });
      toast(t('numbers.throughput.saved', { mps: String(mps) }));
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="test-form" onSubmit={save} data-testid="throughput-form" novalidate>
      <label class="field" for={id()}>
        <span>{t('numbers.throughput.label')}</span>
        <input
          id={id()}
          name="mps"
          type="number"
          inputmode="numeric"
          min="1"
          max="1000"
          step="1"
          required
          value={props.n.throughput_mps ?? 80}
          aria-describedby={`${id()}-hint`}
          aria-invalid={error() ? 'true' : undefined}
          data-testid="throughput-input"
        />
      </label>
      <button type="submit" class="btn small" disabled={busy()} data-testid="throughput-save">
        {t('common.save')}
      </button>
      <p id={`${id()}-hint`} class="muted small">
        {t('numbers.throughput.hint')}
      </p>
      <Show when={error()}>
        <p class="notice notice-error small" role="alert">
          {error()}
        </p>
      </Show>
    </form>
  );
}
