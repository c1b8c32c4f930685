/**
 * Durable domain events: what happened, to what, by whom — written in the same transaction as the
 * change (the outbox, `domain_events`), read by consumers in `seq` order from their own checkpoint.
 * The in-memory EventBus only wakes consumers ("events.appended"); nothing is lost if the process dies
 * between the commit and a side effect.
 */
import { newRecordId } from '../../lib/records.ts';

/** `user:<id>` | `customer:<wa_id or bsuid>` | `system:<kind>` | `apikey:<id>` — automations ignore their own writes by it. */
export type ActorRef = `user:${string}` | `customer:${string}` | `system:${string}` | `apikey:${string}`;

export const userActor = (id: string): ActorRef => (id ? `user:${id}` : 'system:unknown');
export const systemActor = (kind: string): ActorRef => `system:${kind}`;
export const customerActor = (id: string): ActorRef => `customer:${id}`;

/** What each event carries beside its row's conversation / contact / message ids. */
export interface EventData {
  /** a customer's message (or reaction) was stored */
  'message.received': {
    type: string;
    preview: string;
    newConversation: boolean;
    /** when the customer wrote (epoch ms, WhatsApp's timestamp) */
    sentAt: number;
    /** when the customer-service window this message belongs to opened (epoch ms) */
    windowOpenedAt: number;
    /** the chat's assignee and title at that moment (push needs no read) */
    assignee: string;
    title: string;
    waNumber: string;
  };
  /** an outbound message was stored (by an operator, the system, or the WhatsApp Business app) */
  'message.created': { type: string; preview: string; purpose: string };
  /** `from`: the status it moved forward from (counts each stage once, whatever order Meta's webhooks came in) */
  'message.status': { status: string; errorCode?: number; from?: string };
  'conversation.created': { waNumber: string };
  'conversation.assigned': { assignee: string; previous: string; title: string };
  'conversation.closed': Record<string, never>;
  'conversation.reopened': Record<string, never>;
  'contact.created': { method?: string };
  /** `added`: tags and lists the contact gained with this change (automations start on them) */
  'contact.updated': { fields: string[]; added?: { tags?: string[]; lists?: string[] } };
  'consent.changed': { kind: 'opt_in' | 'opt_out'; method: string; scope: string };
  'note.created': { mentions: string[]; preview: string; author: string; title: string };
  /** a number-health alert was recorded (analytics/alerts.service.ts); pushed to admins and managers */
  'alert.raised': { alert: string; kind: string; number: string; key: string; data: Record<string, unknown> };
}

export type EventName = keyof EventData;

export interface NewEvent<K extends EventName = EventName> {
  id: string;
  name: K;
  actor: ActorRef;
  conversation?: string;
  contact?: string;
  message?: string;
  data: EventData[K];
  /** epoch ms */
  at: number;
}

export interface StoredEvent<K extends EventName = EventName> extends NewEvent<K> {
  seq: number;
}

export interface EventRefs {
  conversation?: string | undefined;
  contact?: string | undefined;
  message?: string | undefined;
}

export function newEvent<K extends EventName>(
  name: K,
  actor: ActorRef,
  refs: EventRefs,
  data: EventData[K],
  at = Date.now(),
): NewEvent<K> {
  return {
    id: newRecordId(),
    name,
    actor,
    data,
    at,
    ...(refs.conversation ? { conversation: refs.conversation } : {}),
    ...(refs.contact ? { contact: refs.contact } : {}),
    ...(refs.message ? { message: refs.message } : {}),
  };
}

/** Adds an event to a PocketBase batch (/api/batch runs in one transaction; pb_hooks/domain_events.pb.js numbers it). */
export function addToBatch(
  batch: { collection(name: string): { create(data: Record<string, unknown>): void } },
  e: NewEvent,
): void {
  batch.collection('domain_events').create({
    id: e.id,
    name: e.name,
    actor: e.actor,
    conversation: e.conversation ?? '',
    contact: e.contact ?? '',
    message: e.message ?? '',
    data: e.data,
    at: e.at,
  });
}
