/** The app's outbox: optimistic sends through POST /api/v1/messages, persisted across reloads. */
import { api } from '../../lib/api.ts';
import { readJson, writeJson } from '../../lib/storage.ts';
import type { Message } from '../../lib/types.ts';
import { createOutbox, type OutboxItem, type SendBody } from './outbox.store.ts';

export const outbox = createOutbox({
  post: (body: SendBody, key: string) => api<{ message: Message }>('/api/v1/messages', { body, headers: { 'Idempotency-Key': key } }),
  load: () => readJson<OutboxItem[]>('outbox', []),
  save: (items) => writeJson('outbox', items.length ? items : null),
});

if (typeof window !== 'undefined') window.addEventListener('online', () => outbox.retryTransient());
