/**
 * Connectivity, as the user experiences it: the browser's own flag is only a hint (it says "online"
 * on a Wi-Fi without internet, and after an offline reload it may not be emulated at all), so every
 * request to the server also tells: a network failure means offline, any answer means online. While
 * offline with the browser claiming otherwise, the server is probed until it answers, and coming back
 * fires the same `online` event the browser would, so everything that resyncs on it runs.
 */
import { atom } from 'nanostores';

export const $online = atom(typeof navigator === 'undefined' ? true : navigator.onLine);

const PROBE_MS = 5000;
let probe: ReturnType<typeof setTimeout> | undefined;

function setOnline(v: boolean): void {
  if ($online.get() === v) return;
  $online.set(v);
  if (v && typeof window !== 'undefined') window.dispatchEvent(new Event('online'));
}

function scheduleProbe(): void {
  if (probe || typeof window === 'undefined') return;
  probe = setTimeout(async () => {
    probe = undefined;
    if ($online.get()) return;
    try {
      await fetch('/api/health', { cache: 'no-store' });
      setOnline(true);
    } catch {
      scheduleProbe();
    }
  }, PROBE_MS);
}

/** A request reached the server (whatever it answered). */
export function noteReachable(): void {
  setOnline(true);
}

/** A request could not reach the server. */
export function noteUnreachable(): void {
  if (!$online.get()) return;
  $online.set(false);
  scheduleProbe();
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => $online.set(true));
  window.addEventListener('offline', () => $online.set(false));
}
