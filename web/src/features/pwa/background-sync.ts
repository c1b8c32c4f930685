/** Ask the service worker to send the outbox when the connection returns, even if the app is closed by then. */
import { OUTBOX_SYNC_TAG } from '../../../../sw/offline-db.ts';

export async function requestOutboxSync(): Promise<void> {
  try {
    const reg = (await navigator.serviceWorker?.ready) as
      | (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
      | undefined;
    await reg?.sync?.register(OUTBOX_SYNC_TAG);
  } catch {
    /* no Background Sync here: the page resends on reconnect or next open */
  }
}
