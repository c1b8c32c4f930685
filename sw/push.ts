/// <reference lib="webworker" />
/**
 * Push → notification. The payload carries only what is shown (title, preview, chat id). One
 * notification per chat (tag), re-alerting on new messages; none when that chat is open and focused.
 */
declare const self: ServiceWorkerGlobalScope;

export interface PushPayload {
  title: string;
  body: string;
  conversationId: string;
  tag: string;
  url: string;
}

function parse(data: PushMessageData | null): PushPayload | undefined {
  try {
    const p = data?.json() as Partial<PushPayload> | undefined;
    if (!p || typeof p.title !== 'string' || typeof p.conversationId !== 'string') return undefined;
    return {
      title: p.title,
      body: String(p.body ?? ''),
      conversationId: p.conversationId,
      tag: String(p.tag ?? `conv-${p.conversationId}`),
      url: String(p.url ?? `/#/c/${p.conversationId}`),
    };
  } catch {
    return undefined;
  }
}

export async function chatIsFocused(conversationId: string): Promise<boolean> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  return windows.some(
    (w) => w.focused && w.visibilityState === 'visible' && new URL(w.url).hash.startsWith(`#/c/${conversationId}`),
  );
}

export async function onPush(event: PushEvent): Promise<void> {
  const p = parse(event.data);
  if (!p) {
    await self.registration.showNotification('Spunta', { body: '', tag: 'spunta' });
    return;
  }
  if (await chatIsFocused(p.conversationId)) return;
  await self.registration.showNotification(p.title, {
    body: p.body,
    tag: p.tag,
    // a new message in the same chat replaces the old notification and alerts again
    renotify: true,
    icon: '/icons/icon-192.png',
    badge: '/icons/badge-96.png',
    data: { url: p.url, conversationId: p.conversationId },
  } as NotificationOptions);
}

/** Tapping a notification focuses an open Spunta window on that chat, or opens one. */
export async function onNotificationClick(event: NotificationEvent): Promise<void> {
  event.notification.close();
  const data = (event.notification.data ?? {}) as { url?: string; conversationId?: string };
  const target = new URL(data.url ?? '/', self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const existing = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (existing) {
    // tell the page first: focusing can be refused (no user activation), opening the chat must not be
    existing.postMessage({ type: 'open-chat', conversationId: data.conversationId, url: target });
    await existing.focus().catch(() => undefined);
    return;
  }
  await self.clients.openWindow(target);
}
