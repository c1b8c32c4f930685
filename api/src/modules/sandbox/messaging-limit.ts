/**
 * Meta's messaging limit as the sandbox enforces it: per WABA (Meta: per business portfolio), the unique
 * customers a business delivers templates to outside their customer-service window in a moving 24 h, at
 * most the number's `messagingLimitTier`. Meta documents no error code of its own for going over it; the
 * sandbox accepts such a send and then fails it with a `failed` status carrying 131048 ("restrictions on
 * how many messages can be sent from this phone number"), the code Meta uses for its sending restrictions.
 * Persisted with the sandbox's state, so a restart of the sandbox does not forget who was reached (Meta
 * would not).
 */
import type { PersistedPart } from './sandbox.state.ts';

const DAY_MS = 24 * 3600_000;
const LIMITS: Record<string, number | null> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1000,
  TIER_2K: 2000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
};

export const OVER_LIMIT_DETAILS =
  'Message failed to send because this business has reached its messaging limit: the maximum number of unique customers it can message outside a customer service window in a moving 24-hour period.';

export class MessagingLimitModel implements PersistedPart {
  readonly key = 'messagingLimit';
  /** WABA → customer → last counted delivery; a Map keeps insertion order, re-inserted on each count */
  private reach = new Map<string, Map<string, number>>();
  refused = 0;

  constructor(private readonly now: () => number) {}

  /** Counts a business-initiated delivery; false when it would go over the tier (nothing counted). */
  admit(wabaId: string, waId: string, tier: string | undefined): boolean {
    const now = this.now();
    const seen = this.scope(wabaId, now);
    const limit = tier && tier in LIMITS ? LIMITS[tier]! : 250;
    if (!seen.has(waId) && limit !== null && seen.size >= limit) {
      this.refused++;
      return false;
    }
    seen.delete(waId);
    seen.set(waId, now);
    return true;
  }

  used(wabaId: string): number {
    return this.scope(wabaId, this.now()).size;
  }

  reset(): void {
    this.reach.clear();
    this.refused = 0;
  }

  snapshot(): unknown {
    const now = this.now();
    return Object.fromEntries([...this.reach.keys()].map((w) => [w, [...this.scope(w, now)]]));
  }

  restore(value: unknown): void {
    if (!value || typeof value !== 'object') return;
    for (const [w, rows] of Object.entries(value as Record<string, unknown>)) {
      if (!Array.isArray(rows)) continue;
      const m = new Map<string, number>();
      for (const r of rows)
        if (Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'number') m.set(r[0], r[1]);
      this.reach.set(w, m);
    }
  }

  private scope(wabaId: string, now: number): Map<string, number> {
    let m = this.reach.get(wabaId);
    if (!m) this.reach.set(wabaId, (m = new Map()));
    for (const [k, at] of m) {
      if (at > now - DAY_MS) break;
      m.delete(k);
    }
    return m;
  }
}

/** What the control routes changed about a number (tier, quality, status, throughput), kept across restarts. */
export class StandingStore implements PersistedPart {
  readonly key = 'numberStanding';
  constructor(private readonly numbers: Map<string, Record<string, unknown>>) {}
  snapshot(): unknown {
    return Object.fromEntries(
      [...this.numbers].map(([id, n]) => [
        id,
        {
          messagingLimitTier: n.messagingLimitTier,
          qualityRating: n.qualityRating,
          status: n.status,
          throughputLevel: n.throughputLevel,
          throughputMps: n.throughputMps,
        },
      ]),
    );
  }
  restore(value: unknown): void {
    if (!value || typeof value !== 'object') return;
    for (const [id, s] of Object.entries(value as Record<string, Record<string, unknown>>)) {
      const n = this.numbers.get(id);
      if (!n || !s || typeof s !== 'object') continue;
      for (const [k, v] of Object.entries(s)) if (v !== undefined && v !== null) n[k] = v;
    }
  }
}
