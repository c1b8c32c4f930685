/**
 * The device's offline store, shared by the page and the service worker (IndexedDB via idb):
 *  - conversations / messages: what was last seen online, so the app opens and reads offline
 *  - outbox: replies written offline, sent exactly once when the connection returns
 *  - meta: the session the worker needs to send the outbox, and the time of the last sync
 * Signing out deletes the whole database.
 */
import { openDB, deleteDB, type DBSchema, type IDBPDatabase } from 'idb';

export const DB_NAME = 'spunta';

/**
 * What the worker needs of an outbox item (the page stores its full item; see outbox.store.ts).
 * `key` is also the Idempotency-Key: the server creates at most one message for it.
 */
export interface StoredOutboxItem {
  key: string;
  conversationId: string;
  createdAt: number;
  state: 'sending' | 'waiting' | 'failed';
  body?: Record<string, unknown>;
  error?: { code: string; status: number; message: string };
  [k: string]: unknown;
}

/** The same rule as the page: worth sending again automatically (never reached the server, or it was busy). */
export const isTransientError = (e: StoredOutboxItem['error']) =>
  !!e && (e.status === 0 || e.status === 429 || e.status >= 500);

export interface CachedRecord {
  id: string;
  [k: string]: unknown;
}

interface SpuntaDB extends DBSchema {
  conversations: { key: string; value: CachedRecord & { last_message_at: string } };
  messages: {
    key: string;
    value: CachedRecord & { conversation: string; timestamp: string };
    indexes: { byConversation: [string, string] };
  };
  outbox: { key: string; value: StoredOutboxItem; indexes: { byConversation: string } };
  meta: { key: string; value: unknown };
}

let dbPromise: Promise<IDBPDatabase<SpuntaDB>> | undefined;

export function offlineDb(): Promise<IDBPDatabase<SpuntaDB>> {
  dbPromise ??= openDB<SpuntaDB>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('conversations', { keyPath: 'id' });
      const messages = db.createObjectStore('messages', { keyPath: 'id' });
      messages.createIndex('byConversation', ['conversation', 'timestamp']);
      const outbox = db.createObjectStore('outbox', { keyPath: 'key' });
      outbox.createIndex('byConversation', 'conversationId');
      db.createObjectStore('meta');
    },
  });
  return dbPromise;
}

export async function clearOfflineData(): Promise<void> {
  const db = await dbPromise?.catch(() => undefined);
  db?.close();
  dbPromise = undefined;
  await deleteDB(DB_NAME);
}

export interface StoredSession {
  token: string;
  userId: string;
}

export async function saveSession(s: StoredSession | null): Promise<void> {
  const db = await offlineDb();
  if (s) await db.put('meta', s, 'session');
  else await db.delete('meta', 'session');
}

export async function loadSession(): Promise<StoredSession | undefined> {
  return (await (await offlineDb()).get('meta', 'session')) as StoredSession | undefined;
}

export const OUTBOX_SYNC_TAG = 'spunta-outbox';

export type OutboxResult = {
  key: string;
  outcome: 'sent' | 'failed' | 'retry';
  message?: unknown;
  error?: { code: string; status: number; message: string };
};

/**
 * Sends every pending outbox item, oldest first. Used by the worker's Background Sync and by the page
 * on reconnect — whichever runs first; the Idempotency-Key makes the other a harmless replay.
 */
export async function flushOutbox(origin: string, fetchImpl: typeof fetch = fetch): Promise<OutboxResult[]> {
  const db = await offlineDb();
  const session = await loadSession();
  if (!session) return [];
  const items = (await db.getAll('outbox'))
    .filter((i) => i.body && (i.state !== 'failed' || isTransientError(i.error)))
    .sort((a, b) => a.createdAt - b.createdAt);
  const results: OutboxResult[] = [];
  for (const item of items) {
    let res: Response;
    try {
      res = await fetchImpl(`${origin}/api/v1/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${session.token}`,
          'idempotency-key': item.key,
        },
        body: JSON.stringify(item.body),
      });
    } catch {
      results.push({ key: item.key, outcome: 'retry' });
      break; // still offline: keep the order, try again later
    }
    const json = (await res.json().catch(() => ({}))) as {
      message?: unknown;
      error?: { code: string; message: string };
    };
    if (res.ok) {
      await db.delete('outbox', item.key);
      results.push({ key: item.key, outcome: 'sent', message: json.message });
    } else if (res.status === 401 || res.status === 429 || res.status >= 500) {
      // signed out or server trouble: keep it for the next attempt
      results.push({ key: item.key, outcome: 'retry' });
      break;
    } else {
      // e.g. 422 template_required: the 24-hour window closed while the message waited
      const error = {
        code: json.error?.code ?? `http_${res.status}`,
        status: res.status,
        message: json.error?.message ?? res.statusText,
      };
      await db.put('outbox', { ...item, state: 'failed', error });
      results.push({ key: item.key, outcome: 'failed', error });
    }
  }
  return results;
}
