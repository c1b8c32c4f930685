import { atom } from 'nanostores';

/** Browser connectivity; realtime reconnects are the SDK's job, this drives the offline banner. */
export const $online = atom(typeof navigator === 'undefined' ? true : navigator.onLine);

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => $online.set(true));
  window.addEventListener('offline', () => $online.set(false));
}
