/**
 * In-process signals. The durable domain events live in the outbox (`domain_events`, api/src/engine/
 * events/): this bus only says "new events were committed" so their consumers look at once, plus a few
 * notices that are not domain events (template status, number quality). Kept behind this small
 * interface so it can later be backed by a queue between processes.
 */
import { EventEmitter } from 'node:events';

export type Actor =
  | { kind: 'customer'; waId: string }
  | { kind: 'user'; userId: string }
  | { kind: 'system'; name: string };

export interface DomainEvents {
  /** domain events up to `lastSeq` were committed (0: unknown, look anyway) */
  'events.appended': { lastSeq: number };
  // message.*, conversation.*, contact.*, consent.*, note.* are durable domain events now
  // (api/src/engine/events/domain-events.ts): consume them with a Consumer, never from this bus.
  'template.status': { actor: Actor; wabaId: string; name: string; language: string; status: string; reason?: string };
  'number.quality': { actor: Actor; phoneNumberId: string; qualityRating?: string; tier?: string; event: string };
}

export type EventName = keyof DomainEvents;

export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  publish<K extends EventName>(name: K, payload: DomainEvents[K]): void {
    // A failing subscriber must never break the publisher (the webhook pipeline).
    for (const listener of this.emitter.listeners(name)) {
      try {
        const r = (listener as (p: DomainEvents[K]) => unknown)(payload);
        if (r instanceof Promise) r.catch(() => undefined);
      } catch {
        /* subscribers log their own failures */
      }
    }
  }

  subscribe<K extends EventName>(name: K, listener: (payload: DomainEvents[K]) => void | Promise<void>): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
