/// <reference lib="webworker" />
/**
 * Spunta's service worker (built by vite-plugin-pwa with injectManifest):
 * app shell precached · push notifications · notification click → that chat · offline outbox via
 * Background Sync · media thumbnails cached within a budget · update on the user's word.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { clientsClaim } from 'workbox-core';
import { OUTBOX_SYNC_TAG, flushOutbox } from './offline-db.ts';
import { onNotificationClick, onPush } from './push.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The first install takes over the open page at once, so it works offline without a reload.
// Updates still wait for the user's word (SKIP_WAITING below).
clientsClaim();

// Every app route is the same shell; server paths are never answered from the cache.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/(api|pb|webhooks|sandbox)\//] }),
);

// Media thumbnails and files: kept for offline reading, within a budget (count and age), dropped first when storage is short.
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin && url.pathname.startsWith('/pb/api/files/') && request.method === 'GET',
  new CacheFirst({
    cacheName: 'spunta-media',
    plugins: [
      // Protected media carry a short-lived ?token=: the cache key leaves it out, so a file cached once is
      // found again (offline too) whatever token the page has now.
      { cacheKeyWillBeUsed: async ({ request }) => withoutToken(request.url) },
      new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 14 * 24 * 3600, purgeOnQuotaError: true }),
    ],
  }),
);

function withoutToken(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('token');
  return url.href;
}

self.addEventListener('push', (event) => event.waitUntil(onPush(event)));
self.addEventListener('notificationclick', (event) => event.waitUntil(onNotificationClick(event)));

interface SyncEvent extends ExtendableEvent {
  tag: string;
}

self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag !== OUTBOX_SYNC_TAG) return;
  event.waitUntil(
    (async () => {
      const results = await flushOutbox(self.location.origin);
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const w of windows) w.postMessage({ type: 'outbox-flushed', results });
      // Throwing asks the browser to run the sync again later (still offline).
      if (results.some((r) => r.outcome === 'retry')) throw new Error('outbox not fully sent');
    })(),
  );
}) as EventListener);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | undefined)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
