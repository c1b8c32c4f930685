/**
 * Figures the list and the results page show, from a campaign's `stats` (contract B). The recipient states are
 * exclusive (a read message is no longer counted as delivered), so the funnel adds the later states to the
 * earlier ones: delivered⁺ = delivered + read. Pure: campaign-stats.test.ts.
 */
import type { CampaignStats, ExclusionReason } from './campaigns.types.ts';

export const excludedTotal = (excluded: Partial<Record<ExclusionReason, number>> | undefined) =>
  Object.values(excluded ?? {}).reduce((a, n) => a + (n ?? 0), 0);

export interface Figures {
  /** contacts matched by the audience, before exclusions */
  audience: number;
  excluded: number;
  /** the ones the campaign sends to */
  recipients: number;
  pending: number;
  waiting: number;
  /** accepted by WhatsApp (sent, delivered or read) */
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  failed: number;
  /** never sent: the campaign was cancelled before their turn */
  cancelled: number;
  /** sent or failed: the recipients the campaign is done with */
  done: number;
}

export function figures(s: CampaignStats | null | undefined): Figures {
  const n = (x: number | undefined) => (Number.isFinite(x) ? (x as number) : 0);
  const excluded = excludedTotal(s?.excluded);
  const read = n(s?.read);
  const delivered = n(s?.delivered) + read;
  const sent = n(s?.sent) + delivered;
  const failed = n(s?.failed);
  const waiting = n(s?.waiting_limit);
  const pending = n(s?.queued) + waiting;
  const cancelled = n(s?.cancelled);
  const audience = n(s?.audience);
  // the audience as the API counts it; never less than what was actually processed
  const recipients = Math.max(audience - excluded, sent + failed + pending + cancelled);
  return {
    audience,
    excluded,
    recipients,
    pending,
    waiting,
    sent,
    delivered,
    read,
    replied: n(s?.replied),
    failed,
    cancelled,
    done: sent + failed,
  };
}

/** 0…1, 0 when there is nothing to divide by. */
const ratio = (a: number, b: number) => (b > 0 ? Math.min(1, a / b) : 0);

export function rates(f: Figures) {
  const attempted = f.sent + f.failed;
  return {
    /** of what was sent or failed, how much reached the phone */
    delivery: ratio(f.delivered, attempted),
    /** of what reached the phone, how much was read */
    read: ratio(f.read, f.delivered),
    /** of what reached the phone, how many answered within 3 days */
    reply: ratio(f.replied, f.delivered),
    failure: ratio(f.failed, attempted),
  };
}

/** Share of recipients the campaign is done with (0…1). */
export const progress = (f: Figures) => ratio(f.done, f.recipients);

export interface FunnelStep {
  key: 'recipients' | 'sent' | 'delivered' | 'read' | 'replied';
  value: number;
  /** width of the bar: share of the first step */
  share: number;
}

export function funnel(f: Figures): FunnelStep[] {
  const steps: Array<[FunnelStep['key'], number]> = [
    ['recipients', f.recipients],
    ['sent', f.sent],
    ['delivered', f.delivered],
    ['read', f.read],
    ['replied', f.replied],
  ];
  return steps.map(([key, value]) => ({ key, value, share: ratio(value, f.recipients) }));
}

/** Button taps, most tapped first. */
export function buttonTaps(s: CampaignStats | null | undefined): Array<{ title: string; n: number; share: number }> {
  const entries = Object.entries(s?.buttons ?? {}).filter(([, n]) => n > 0);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  return entries.sort((a, b) => b[1] - a[1]).map(([title, n]) => ({ title, n, share: ratio(n, total) }));
}

/** "1 h 5 min", "3 min", "45 s" — an estimate's duration. */
export function durationParts(seconds: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.round(seconds));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}
