/**
 * The inbox's "Open · closes 18:00" / "Closed · opens tomorrow 09:00" line. Asks the server (which owns
 * the calendar and its national holidays) and asks again when the state changes, every ten minutes
 * (an admin may change the hours) and when the app comes back to the foreground. Hidden until hours are set.
 */
import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { loadStatus } from './hours.api.ts';
import { stateText } from './hours-format.ts';
import '../../styles/hours.css';

export function BusinessHoursBadge() {
  const [status, setStatus] = createSignal<Awaited<ReturnType<typeof loadStatus>>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = async () => {
    clearTimeout(timer);
    let wait = 10 * 60_000;
    try {
      const s = await loadStatus();
      setStatus(s);
      if (s.next) wait = Math.min(wait, Math.max(5_000, Date.parse(s.next.at) - Date.now() + 1_000));
    } catch {
      /* offline or signed out: keep the last answer */
    }
    timer = setTimeout(() => void refresh(), wait);
  };
  const onVisible = () => document.visibilityState === 'visible' && void refresh();
  onMount(() => {
    void refresh();
    document.addEventListener('visibilitychange', onVisible);
  });
  onCleanup(() => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  });
  return (
    <Show when={status()?.configured ? status() : undefined}>
      {(s) => (
        <p class="hours-badge" classList={{ open: s().open }} data-testid="hours-badge">
          <span class="hours-dot" aria-hidden="true" />
          <span class="sr-only">{t('hours.title')}: </span>
          {stateText(
            { ...s(), next: s().next ? { at: Date.parse(s().next!.at), open: s().next!.open } : null },
            s().timezone,
            Date.now(),
          )}
        </p>
      )}
    </Show>
  );
}
