/**
 * Optimistic sending. A message shows up at once as an outbox item; its random key is sent as the
 * Idempotency-Key, so however often it is retried (button, reconnect, reload) the server creates
 * one message and WhatsApp receives it once. The item disappears as soon as the real message is
 * known — from the 202 response or from realtime, whichever comes first (matched by client_id,
 * which the server stores as "<userId>:<key>").
 */
import { atom } from 'nanostores';
import type { Message } from '../../lib/types.ts';

export type SendBody = Record<string, unknown> & { to: string; type: string };

export interface OutboxError {
  code: string;
  status: number;
  message: string;
}

export interface OutboxItem {
  key: string;
  conversationId: string;
  type: string;
  /** what the bubble renders: the Meta type object (e.g. {body} for text) */
  payload: Record<string, unknown>;
  replyTo?: string;
  createdAt: number;
  /** waiting: written offline (or the network dropped); sent by the page or the service worker when back online */
  state: 'sending' | 'waiting' | 'failed';
  error?: OutboxError;
  /** the request body once known (uploads learn their media id first) */
  body?: SendBody;
  /** blob: URL of a local image, for the preview while uploading (memory only) */
  localUrl?: string;
}

export interface OutboxDeps {
  post(body: SendBody, key: string): Promise<{ message: Message }>;
  /** items kept on the device (IndexedDB in the app: async) */
  load?(): OutboxItem[] | Promise<OutboxItem[]>;
  save?(items: OutboxItem[]): void;
  /** called when an item is left waiting for the network (the app asks the service worker for a background sync) */
  waiting?(): void;
  now?(): number;
}

/** Errors worth retrying automatically: the request may not have reached the server, or it was busy. */
export function isTransient(e: OutboxError | undefined): boolean {
  return !!e && (e.status === 0 || e.status === 429 || e.status >= 500);
}

export function keyOfClientId(clientId: string): string {
  const i = clientId.lastIndexOf(':');
  return i === -1 ? clientId : clientId.slice(i + 1);
}

export function createOutbox(deps: OutboxDeps) {
  const now = deps.now ?? Date.now;
  // a page that died mid-send: the item is resent (same key, so never twice)
  const $outbox = atom<OutboxItem[]>([]);
  const loaded = deps.load?.() ?? [];
  const ready: Promise<void> = Promise.resolve(loaded).then(
    (items) => {
      const known = new Set($outbox.get().map((i) => i.key));
      $outbox.set(
        [...items.filter((i) => i.body && !known.has(i.key)), ...$outbox.get()].sort(
          (a, b) => a.createdAt - b.createdAt,
        ),
      );
    },
    () => undefined,
  );
  /** how to produce the body for items that need work first (uploads); memory only */
  const preparers = new Map<string, () => Promise<SendBody>>();
  const listeners = new Set<(m: Message) => void>();

  function persist(): void {
    deps.save?.(
      $outbox
        .get()
        .filter((i) => i.body)
        .map(({ localUrl: _drop, ...rest }) => rest),
    );
  }

  function update(key: string, patch: Partial<OutboxItem> | null): void {
    const items = $outbox.get();
    const next =
      patch === null ? items.filter((i) => i.key !== key) : items.map((i) => (i.key === key ? { ...i, ...patch } : i));
    $outbox.set(next);
    persist();
  }

  async function attempt(key: string): Promise<Message | undefined> {
    const item = $outbox.get().find((i) => i.key === key);
    if (!item) return undefined;
    update(key, { state: 'sending', error: undefined });
    try {
      let body = item.body;
      if (!body) {
        const prepare = preparers.get(key);
        if (!prepare) throw Object.assign(new Error('Nothing to send'), { code: 'gone', status: 410 });
        body = await prepare();
        update(key, { body });
      }
      const { message } = await deps.post(body, key);
      settle(message);
      for (const l of listeners) l(message);
      return message;
    } catch (err) {
      const e = err as Error & { code?: string; status?: number };
      if (!$outbox.get().some((i) => i.key === key)) return undefined;
      const error = { code: e.code ?? 'error', status: e.status ?? 0, message: e.message };
      // No connection is not a failure: the message waits and goes out when the network is back.
      const offline = error.status === 0 && typeof navigator !== 'undefined' && navigator.onLine === false;
      update(key, { state: offline || error.status === 0 ? 'waiting' : 'failed', error });
      if (error.status === 0) deps.waiting?.();
      return undefined;
    }
  }

  /** Removes the outbox item that produced this server message, if any. */
  function settle(message: Pick<Message, 'client_id'>): void {
    if (!message.client_id) return;
    const key = keyOfClientId(message.client_id);
    if (!$outbox.get().some((i) => i.key === key)) return;
    const item = $outbox.get().find((i) => i.key === key);
    if (item?.localUrl) URL.revokeObjectURL?.(item.localUrl);
    preparers.delete(key);
    update(key, null);
  }

  return {
    $outbox,

    /** Show the message now and send it; resolves with the server message (or undefined on failure). */
    send(input: {
      key: string;
      conversationId: string;
      type: string;
      payload: Record<string, unknown>;
      replyTo?: string;
      body?: SendBody;
      prepare?: () => Promise<SendBody>;
      localUrl?: string;
    }): Promise<Message | undefined> {
      const { prepare, ...rest } = input;
      if (prepare) preparers.set(input.key, prepare);
      $outbox.set([...$outbox.get(), { ...rest, createdAt: now(), state: 'sending' }]);
      persist();
      return attempt(input.key);
    },

    retry: attempt,

    /** Resend everything waiting for the network or failed for a transient reason (e.g. when back online). */
    retryTransient(): void {
      for (const i of $outbox.get())
        if (i.state === 'waiting' || (i.state === 'failed' && isTransient(i.error))) void attempt(i.key);
    },

    /** Resend items left 'sending' or 'waiting' by a previous page load (once the stored items are loaded). */
    async resume(): Promise<void> {
      await ready;
      for (const i of $outbox.get()) if (i.state === 'sending' || i.state === 'waiting') void attempt(i.key);
    },

    /** The service worker could not deliver it (e.g. the 24-hour window closed meanwhile). */
    fail(key: string, error: OutboxError): void {
      if ($outbox.get().some((i) => i.key === key)) update(key, { state: 'failed', error });
    },

    ready,

    discard(key: string): void {
      const item = $outbox.get().find((i) => i.key === key);
      if (item?.localUrl) URL.revokeObjectURL?.(item.localUrl);
      preparers.delete(key);
      update(key, null);
    },

    settle,

    /** Called with every message the server accepted (the chat view inserts it). */
    onAccepted(fn: (m: Message) => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
