import { describe, expect, it } from 'vitest';
import { closingSoon, remainingParts, windowState, WINDOW_MS } from './window.ts';

const NOW = Date.parse('2025-05-10T12:00:00Z');
const pbDate = (ms: number) => new Date(ms).toISOString().replace('T', ' ');

describe('24 h window countdown', () => {
  it('is closed when the customer never wrote', () => {
    expect(windowState('', NOW)).toEqual({ open: false, closesAt: null, remainingMs: 0 });
  });

  it('is open with the time left within 24 h of the last inbound message', () => {
    const w = windowState(pbDate(NOW - 3 * 3600_000), NOW);
    expect(w.open).toBe(true);
    expect(w.remainingMs).toBe(21 * 3600_000);
    expect(remainingParts(w.remainingMs)).toEqual({ h: 21, m: 0 });
    expect(closingSoon(w)).toBe(false);
  });

  it('accepts ISO and PocketBase date formats alike', () => {
    const iso = new Date(NOW - 1000).toISOString();
    expect(windowState(iso, NOW).closesAt).toBe(NOW - 1000 + WINDOW_MS);
    expect(windowState(pbDate(NOW - 1000), NOW).closesAt).toBe(NOW - 1000 + WINDOW_MS);
  });

  it('warns in the last hour and never shows 0 minutes while open', () => {
    const w = windowState(pbDate(NOW - WINDOW_MS + 30_000), NOW);
    expect(w.open).toBe(true);
    expect(closingSoon(w)).toBe(true);
    expect(remainingParts(w.remainingMs)).toEqual({ h: 0, m: 1 });
    expect(remainingParts(95 * 60_000)).toEqual({ h: 1, m: 35 });
  });

  it('closes exactly 24 h after the last inbound message', () => {
    expect(windowState(pbDate(NOW - WINDOW_MS), NOW).open).toBe(false);
    expect(windowState(pbDate(NOW - 25 * 3600_000), NOW)).toMatchObject({ open: false, remainingMs: 0 });
  });
});
