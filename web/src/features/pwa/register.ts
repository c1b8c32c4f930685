/**
 * Service worker registration (workbox-window): offers the update when a new version is deployed,
 * and handles what the worker tells the page — "open this chat" after a notification tap, and the
 * outcome of messages it sent from the offline outbox.
 */
import { atom } from 'nanostores';
import { Workbox } from 'workbox-window';
import type { OutboxResult } from '../../../../sw/offline-db.ts';
import { chatPath, navigate } from '../../router.ts';
import type { Message } from '../../lib/types.ts';
import { outbox } from '../composer/outbox.ts';

/** A new version is installed and waiting for the user's go-ahead. */
export const $updateReady = atom(false);

let wb: Workbox | undefined;
let updating = false;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => $updateReady.set(true));
  // reload only when the user accepted the update, never on the first install
  wb.addEventListener('controlling', (e) => {
    if (updating || e.isUpdate) location.reload();
  });
  navigator.serviceWorker.addEventListener('message', (e: MessageEvent) => onWorkerMessage(e.data));
  void wb.register().catch(() => undefined);
  // look for a new version when the app comes back to the foreground, and hourly
  const check = () => void wb?.update().catch(() => undefined);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check());
  setInterval(check, 3600_000);
}

export function applyUpdate(): void {
  updating = true;
  wb?.messageSkipWaiting();
}

type WorkerMessage =
  | { type: 'open-chat'; conversationId?: string }
  | { type: 'outbox-flushed'; results: OutboxResult[] };

export function onWorkerMessage(data: WorkerMessage | undefined): void {
  if (data?.type === 'open-chat' && data.conversationId) navigate(chatPath(data.conversationId));
  if (data?.type === 'outbox-flushed') {
    for (const r of data.results) {
      if (r.outcome === 'sent' && r.message) outbox.settle(r.message as Message);
      if (r.outcome === 'failed' && r.error) outbox.fail(r.key, r.error);
    }
  }
}
