/**
 * Meta's messaging-limit ladder as data: how many unique customers a business portfolio may reach with
 * business-initiated messages (outside their customer-service window) in a moving 24 h. Meta reports the
 * level as a `TIER_*` string (whatsapp_business_manager_messaging_limit, account webhooks); the
 * business_capability_update webhook may carry a plain number instead (−1 = unlimited). Pure.
 */
export const TIER_LIMITS: Readonly<Record<string, number | null>> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
};

/** A new portfolio's limit: what we assume until Meta has told us the number's tier. */
export const DEFAULT_LIMIT = 250;

/** The limit a reported tier stands for; null = unlimited. Unknown or empty → the new-portfolio default. */
export function limitOf(tier: string | undefined | null): number | null {
  const t = (tier ?? '').trim().toUpperCase();
  if (t in TIER_LIMITS) return TIER_LIMITS[t]!;
  if (/^-?\d+$/.test(t)) {
    const n = Number(t);
    return n < 0 ? null : n;
  }
  return DEFAULT_LIMIT;
}

/** The highest of several tiers (a portfolio's numbers share its limit: Meta keeps the highest). */
export function highestTier(tiers: readonly string[]): string {
  let best = '';
  for (const t of tiers) {
    if (!t) continue;
    const a = limitOf(t);
    const b = best ? limitOf(best) : -1;
    if (!best || (b !== null && (a === null || a > b))) best = t;
  }
  return best;
}
