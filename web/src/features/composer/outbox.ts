/** The app's outbox: optimistic sends through POST /api/v1/messages, persisted across reloads. */
import { api } from '../../lib/api.ts';
import type { Message } from '../../lib/types.ts';
import { offlineDb } from '../../../../sw/offline-db.ts';
import { requestOutboxSync } from '../pwa/background-sync.ts';
import { createOutbox, type Outbox, type OutboxItem, type SendBody } from './outbox.store.ts';

/**
 * Items live in IndexedDB, where the service worker can send them after the page is gone
 * (Background Sync); the Idempotency-Key makes page and worker sending the same item harmless.
 */
async function load(): Promise<OutboxItem[]> {
  return ((await (await offlineDb()).getAll('outbox')) as unknown as OutboxItem[]).filter((i) => i.body);
}

let saving = Promise.resolve();
function save(items: OutboxItem[]): void {
  saving = saving
    .then(async () => {
      const db = await offlineDb();
      const tx = db.transaction('outbox', 'readwrite');
      const keep = new Set(items.map((i) => i.key));
      for (const key of await tx.store.getAllKeys()) if (!keep.has(key)) await tx.store.delete(key);
      for (const i of items) await tx.store.put(i as never);
      await tx.done;
    })
    .catch(() => undefined);
}

const base = createOutbox({
  post: (body: SendBody, key: string) =>
    api<{ message: Message }>('/api/v1/messages', { body, headers: { 'Idempotency-Key': key } }),
  load,
  save,
  waiting: () => void requestOutboxSync(),
});

/** With several numbers a reply must leave from the chat's own number: the server reads it from conversation_id. */
const inChat = (body: SendBody, conversationId: string): SendBody => ({ ...body, conversation_id: conversationId });

export const outbox: Outbox = {
  ...base,
  send: (input) =>
    base.send({
      ...input,
      ...(input.body ? { body: inChat(input.body, input.conversationId) } : {}),
      ...(input.prepare ? { prepare: async () => inChat(await input.prepare!(), input.conversationId) } : {}),
    }),
};

if (typeof window !== 'undefined') window.addEventListener('online', () => outbox.retryTransient());
