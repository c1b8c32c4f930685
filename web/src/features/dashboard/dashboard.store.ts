/**
 * The dashboard's live state: each number's WhatsApp standing and the alerts not yet dismissed by this
 * user. Kept current by PocketBase realtime on `wa_numbers` (quality, status, tier written by webhooks
 * and the periodic read) and `alerts` (created once per event by the server), with a slow poll for the
 * rolling 24 h / 7 d counters that change with every send. Started by the dashboard, stopped when it
 * closes, so the inbox never pays for it.
 */
import { atom } from 'nanostores';
import { ApiError } from '../../lib/api.ts';
import { pb } from '../../lib/pb.ts';
import { type Alert, dashboardApi, type NumberStatus } from './dashboard.api.ts';

export const $numberStatus = atom<NumberStatus[] | undefined>(undefined);
export const $numberStatusError = atom<string>('');
export const $alerts = atom<Alert[]>([]);

const POLL_MS = 60_000;

let loading: Promise<void> | undefined;
let again = false;

/** One reload at a time; a change arriving meanwhile asks for one more, never a queue of them. */
export function reloadNumbers(): Promise<void> {
  if (loading) {
    again = true;
    return loading;
  }
  loading = (async () => {
    try {
      do {
        again = false;
        $numberStatus.set(await dashboardApi.numbers());
        $numberStatusError.set('');
      } while (again);
    } catch (err) {
      $numberStatusError.set(err instanceof ApiError ? err.message : String(err));
    } finally {
      loading = undefined;
    }
  })();
  return loading;
}

/** The server lists the last 30 days' alerts this user has not dismissed (GET /api/v1/alerts). */
export async function reloadAlerts(): Promise<void> {
  try {
    $alerts.set(await dashboardApi.alerts());
  } catch (err) {
    // offline: the status cards still say everything the banner would
    console.warn('alerts could not be loaded', err);
  }
}

/** Hides an alert for this user at once; the server remembers it for every device. */
export async function dismissAlert(id: string): Promise<void> {
  const before = $alerts.get();
  $alerts.set(before.filter((a) => a.id !== id));
  try {
    await dashboardApi.dismiss(id);
  } catch (err) {
    $alerts.set(before);
    throw err;
  }
}

/** Subscribes to the live sources; returns the function that stops them. */
export function startDashboardLive(withAlerts: boolean): () => void {
  let stopped = false;
  const unsubs: Array<Promise<(() => Promise<void>) | undefined>> = [];
  const listen = (collection: string, onChange: () => void) =>
    unsubs.push(
      pb
        .collection(collection)
        .subscribe('*', onChange)
        .catch((err) => {
          console.warn(`realtime on ${collection} unavailable`, err);
          return undefined;
        }),
    );
  void reloadNumbers();
  listen('wa_numbers', () => void reloadNumbers());
  if (withAlerts) {
    void reloadAlerts();
    listen('alerts', () => {
      void reloadAlerts();
      // an alert is about a number whose figures just changed
      void reloadNumbers();
    });
  }
  const timer = setInterval(() => {
    if (!stopped && document.visibilityState === 'visible') void reloadNumbers();
  }, POLL_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
    for (const u of unsubs) void u.then((f) => f?.()).catch(() => undefined);
  };
}
