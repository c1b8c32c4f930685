import { describe, expect, it } from 'vitest';
import { nextStatus, windowState, WINDOW_MS } from './status-rules.ts';

describe('nextStatus', () => {
  it('moves forward only', () => {
    expect(nextStatus('queued', 'sent')).toBe('sent');
    expect(nextStatus('sent', 'read')).toBe('read');
    expect(nextStatus('read', 'delivered')).toBeUndefined();
    expect(nextStatus('delivered', 'sent')).toBeUndefined();
    expect(nextStatus('delivered', 'played')).toBe('read');
  });
  it('treats failed as terminal, but never fails a read message', () => {
    expect(nextStatus('sent', 'failed')).toBe('failed');
    expect(nextStatus('failed', 'read')).toBeUndefined();
    expect(nextStatus('read', 'failed')).toBeUndefined();
  });
  it('ignores statuses for inbound messages', () => {
    expect(nextStatus('received', 'read')).toBeUndefined();
  });
  it('every permutation of sent/delivered/read ends at read', () => {
    const perms = [
      ['sent', 'delivered', 'read'],
      ['sent', 'read', 'delivered'],
      ['delivered', 'sent', 'read'],
      ['delivered', 'read', 'sent'],
      ['read', 'sent', 'delivered'],
      ['read', 'delivered', 'sent'],
    ] as const;
    for (const p of perms) {
      let s: Parameters<typeof nextStatus>[0] = 'queued';
      for (const x of p) s = nextStatus(s, x) ?? s;
      expect(s).toBe('read');
    }
  });
});

describe('windowState', () => {
  it('is closed when the customer never wrote', () => {
    expect(windowState(0)).toEqual({ open: false, closesAt: null });
  });
  it('is open for exactly 24 hours after the last inbound message', () => {
    const t = Date.UTC(2026, 0, 1);
    expect(windowState(t, t + WINDOW_MS - 1).open).toBe(true);
    expect(windowState(t, t + WINDOW_MS).open).toBe(false);
  });
});
