/**
 * Meta's messaging-limit ladder, kept as data with its source (the rules change: edit this table, not code).
 * Portfolio tiers since October 2025; the older per-number tiers (TIER_50, TIER_1K) are still understood
 * when Meta reports them. `limit` = unique customers reached by business-initiated messages per rolling 24 h.
 */
export interface TierRule {
  tier: string;
  limit: number | null;
  /** what moves a number from this tier to the next, in Meta's words (summarised) */
  next: { tier: string; rule: string } | null;
}

export const TIER_RULES_SOURCE = {
  url: 'https://developers.facebook.com/docs/whatsapp/messaging-limits',
  checked: '2026-11-30',
};

const UP =
  'Quality rating high (green) and at least half of the current limit used in the last 7 days: Meta raises the limit within about 6 hours.';

export const TIER_RULES: TierRule[] = [
  {
    tier: 'TIER_50',
    limit: 50,
    next: { tier: 'TIER_250', rule: 'Display name approved and the number connected: Meta moves it to 250.' },
  },
  {
    tier: 'TIER_250',
    limit: 250,
    next: {
      tier: 'TIER_2K',
      rule: 'Business verification, or 2,000 delivered business-initiated messages to unique customers in 30 days with high-quality templates.',
    },
  },
  { tier: 'TIER_1K', limit: 1000, next: { tier: 'TIER_10K', rule: UP } },
  { tier: 'TIER_2K', limit: 2000, next: { tier: 'TIER_10K', rule: UP } },
  { tier: 'TIER_10K', limit: 10000, next: { tier: 'TIER_100K', rule: UP } },
  { tier: 'TIER_100K', limit: 100000, next: { tier: 'TIER_UNLIMITED', rule: UP } },
  { tier: 'TIER_UNLIMITED', limit: null, next: null },
];

/** The rule of a tier as Meta reports it (a bare number is read as that limit). */
export function tierRule(tier: string): TierRule | undefined {
  const hit = TIER_RULES.find((r) => r.tier === tier);
  if (hit) return hit;
  const n = Number(tier);
  if (tier && Number.isFinite(n)) return TIER_RULES.find((r) => r.limit === n) ?? { tier, limit: n, next: null };
  return undefined;
}
