/**
 * Notifications on this device: permission is asked only on a user gesture (the Settings button),
 * the subscription is registered with the server, and removed on sign-out.
 */
import { atom } from 'nanostores';
import { api } from '../../lib/api.ts';

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';
export const $push = atom<PushState>('off');

const supported = () =>
  typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!supported()) return undefined;
  return navigator.serviceWorker.ready;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export async function refreshPushState(): Promise<PushState> {
  if (!supported()) return ($push.set('unsupported'), 'unsupported');
  if (Notification.permission === 'denied') return ($push.set('denied'), 'denied');
  const sub = await (await registration())?.pushManager.getSubscription();
  const state: PushState = sub && Notification.permission === 'granted' ? 'on' : 'off';
  $push.set(state);
  return state;
}

/**
 * How long the subscription may take once permission is granted. The browser's push service (FCM,
 * Mozilla, Apple) sometimes never answers — blocked network, a browser without one — and
 * pushManager.subscribe() then hangs for ever; the user gets a clear message and a retry instead.
 */
export const PUSH_TIMEOUT_MS = 20_000;

export class PushTimeoutError extends Error {
  constructor() {
    super('push_timeout');
    this.name = 'PushTimeoutError';
  }
}

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new PushTimeoutError()), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Must run from a click: asks permission (no time limit: the person is deciding), subscribes with our VAPID key, tells the server. */
export async function enablePush(timeoutMs = PUSH_TIMEOUT_MS): Promise<PushState> {
  if (!supported()) return refreshPushState();
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return refreshPushState();
  await withTimeout(
    (async () => {
      const reg = await registration();
      if (!reg) return;
      const { publicKey } = await api<{ publicKey: string }>('/api/v1/push/vapid-public-key');
      const sub =
        (await reg.pushManager.getSubscription()) ??
        (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
      const json = sub.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
      await api('/api/v1/push/subscriptions', {
        body: { endpoint: json.endpoint, keys: json.keys, device: deviceLabel() },
      });
    })(),
    timeoutMs,
  );
  return refreshPushState();
}

export async function disablePush(): Promise<PushState> {
  const sub = await (await registration())?.pushManager.getSubscription();
  if (sub) {
    await api('/api/v1/push/subscriptions', { method: 'DELETE', body: { endpoint: sub.endpoint } }).catch(
      () => undefined,
    );
    await sub.unsubscribe().catch(() => undefined);
  }
  return refreshPushState();
}

/** This device's push endpoint, so signing out can unregister it on the server too. */
export async function currentPushEndpoint(): Promise<string | undefined> {
  if (!supported()) return undefined;
  const reg = await navigator.serviceWorker.getRegistration();
  return (await reg?.pushManager.getSubscription())?.endpoint;
}

export async function unsubscribeDevice(): Promise<void> {
  if (!supported()) return;
  const reg = await navigator.serviceWorker.getRegistration();
  await (await reg?.pushManager.getSubscription())?.unsubscribe().catch(() => undefined);
  $push.set('off');
}

function deviceLabel(): string {
  const ua = navigator.userAgent;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Mac OS X/.test(ua)
        ? 'macOS'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Linux/.test(ua)
            ? 'Linux'
            : 'Device';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Chrome\//.test(ua)
      ? 'Chrome'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  return `${browser} on ${os}`;
}
