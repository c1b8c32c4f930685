/**
 * Delivery statuses only move forward: queued < sent < delivered < read. `failed` is terminal and keeps
 * Meta's error, except that a message the customer already read cannot become failed. Meta delivers
 * statuses at least once and in any order, so every update goes through `nextStatus`.
 */
import type { MessageStatus } from '../../lib/records.ts';

const RANK: Record<MessageStatus, number> = {
  received: -1,
  queued: 0,
  unknown: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

export type IncomingStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'played';

/** Returns the status to store, or undefined when the update must be ignored. */
export function nextStatus(current: MessageStatus, incoming: IncomingStatus): MessageStatus | undefined {
  const target: MessageStatus = incoming === 'played' ? 'read' : incoming;
  if (current === 'failed' || current === 'received') return undefined;
  if (target === 'failed') return current === 'read' ? undefined : 'failed';
  return RANK[target] > RANK[current] ? target : undefined;
}

export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** The customer-service window: open for 24 h after the customer's last message. */
export function windowState(lastInboundAt: number, now = Date.now()): { open: boolean; closesAt: number | null } {
  if (!lastInboundAt) return { open: false, closesAt: null };
  const closesAt = lastInboundAt + WINDOW_MS;
  return { open: now < closesAt, closesAt };
}
