/**
 * Meta's messaging limit, kept by us so it is never exceeded: the unique customers a business reaches with
 * business-initiated messages — a template sent while that customer's service window is closed (the window
 * check's own rule, status-rules.ts) — in a moving 24 h, at most the tier Meta reports
 * (`wa_numbers.messaging_limit_tier`, kept current by number-standing.ts and the account webhooks).
 *
 * Scope: Meta counts per business portfolio, which the API does not name; we count per WhatsApp Business
 * Account (numbers of one WABA share one count and the highest tier among them). Two WABAs of one
 * portfolio are counted apart: with several WABAs, give each a share of the tier.
 *
 * Cost: an in-memory index per WABA (rolling-reach.ts, O(1) per send) rebuilt at start from the stored
 * messages that counted (`messages.limit_scope`, a partial index on timestamp): a restart forgets nothing.
 * A send is counted when it is stored (a place is held during the checks, so two concurrent sends never
 * both take the last place) and gives its place back if Meta refuses it (a failed status): Meta counts
 * delivered messages.
 */
import type { EventBus } from '../../../../../realtime/src/event-bus.ts';
import { AppError } from '../../../lib/errors.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { PocketBase } from '../../../lib/pb.ts';
import { parsePbDate, pbDate, type MessageRecord, type WaNumberRecord } from '../../../lib/records.ts';
import { windowState } from '../../../modules/inbox/status-rules.ts';
import type { Consumer } from '../../events/consumers.ts';
import type { StoredEvent } from '../../events/domain-events.ts';
import type { BudgetAnswer, MessagingBudget } from '../checks/budget.check.ts';
import type { SendFacts, SendHold } from '../send.types.ts';
import { RollingReach } from './rolling-reach.ts';
import { highestTier, limitOf } from './tiers.ts';

export interface LimitUsage {
  /** Meta's tier as reported: 'TIER_250' | 'TIER_2K' | 'TIER_10K' | 'TIER_100K' | 'TIER_UNLIMITED' | … ('' = not known yet: 250 assumed) */
  tier: string;
  /** unique customers per rolling 24 h; null = unlimited */
  limit: number | null;
  /** unique customers reached by business-initiated messages outside their window, rolling 24 h */
  used: number;
  /** ISO: when the oldest counted customer leaves the 24 h window (null when used = 0) */
  resets_at: string | null;
}

export interface MessagingLimitsOptions {
  pb: PocketBase;
  bus?: EventBus;
  log: Logger;
  now?: () => number;
  /** the numbers are read again this often, beside the tier notices on the bus (default 60 s) */
  refreshMs?: number;
  /** rows read per page when rebuilding (default 1000) */
  pageSize?: number;
}

const DAY_MS = 24 * 3600_000;
type NumberFacts = Pick<WaNumberRecord, 'id' | 'phone_number_id' | 'waba_id' | 'messaging_limit_tier'>;

export class MessagingLimits implements MessagingBudget {
  private readonly numbers = new Map<string, NumberFacts>();
  private readonly reach = new Map<string, RollingReach>();
  private readonly now: () => number;
  private ready: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private holds = 0;

  constructor(private readonly opts: MessagingLimitsOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Reads the numbers and rebuilds the count; decisions wait for it. Idempotent. */
  start(): Promise<void> {
    this.ready ??= (async () => {
      await this.refreshNumbers();
      await this.rebuild();
      const onTier = (e: { phoneNumberId: string; tier?: string }) => {
        const n = [...this.numbers.values()].find((x) => x.phone_number_id === e.phoneNumberId);
        if (n && e.tier) n.messaging_limit_tier = e.tier;
        else void this.refreshNumbers().catch(() => undefined);
      };
      this.unsubscribe = this.opts.bus?.subscribe('number.quality', onTier);
      this.timer = setInterval(() => {
        this.refreshNumbers().catch((err) =>
          this.opts.log.warn('messaging limit: numbers not re-read', { err: String(err) }),
        );
      }, this.opts.refreshMs ?? 60_000);
      this.timer.unref();
    })();
    return this.ready;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** A number was connected or changed (its tier, its WABA): decisions use it at once. */
  noteNumber(n: NumberFacts): void {
    this.numbers.set(n.id, { ...n });
  }

  async usage(numberId: string): Promise<LimitUsage> {
    await this.start();
    const n = await this.number(numberId);
    const now = this.now();
    const scope = this.scope(n.waba_id);
    const tier = this.tierOf(n.waba_id);
    const next = scope.nextRelease(now);
    return {
      tier,
      limit: limitOf(tier),
      used: scope.used(now),
      resets_at: next === undefined ? null : new Date(next).toISOString(),
    };
  }

  /** The budget check: business-initiated sends to a customer not counted yet take a place, or are refused. */
  async allow(f: SendFacts): Promise<BudgetAnswer> {
    if (!businessInitiated(f) || !f.recipient) return { ok: true };
    await this.start();
    const n = this.numbers.get(f.number.id) ?? (await this.number(f.number.id));
    // from here on nothing awaits: the check and the hold are one step, so two sends never share a place
    const now = this.now();
    const scope = this.scope(n.waba_id);
    const tier = this.tierOf(n.waba_id);
    const limit = limitOf(tier);
    const already = scope.has(f.recipient, now);
    if (!already && limit !== null && scope.used(now) >= limit) {
      const next = scope.nextRelease(now) ?? now + DAY_MS;
      const retryAfterSeconds = Math.max(1, Math.ceil((next - now) / 1000));
      return {
        ok: false,
        reason: `Messaging limit reached: ${limit} customers reached outside their 24-hour window in the last 24 hours (${tier || 'TIER_250 assumed'}); the next place frees up at ${new Date(next).toISOString()}`,
        retryAfterSeconds,
      };
    }
    return { ok: true, hold: this.hold(scope, n.waba_id, f.recipient, now) };
  }

  /** Gives back the place of sends Meta refused (a failed status): they reached nobody. */
  readonly consumer: Consumer = {
    name: 'messaging_limits',
    names: ['message.status'],
    handle: async (e: StoredEvent) => {
      const d = e.data as StoredEvent<'message.status'>['data'];
      if (d.status !== 'failed' || !e.message) return;
      for (const r of this.reach.values()) if (r.release(e.message)) return;
    },
  };

  private hold(scope: RollingReach, waba: string, customer: string, now: number): SendHold {
    const provisional = `hold:${++this.holds}`;
    scope.add(customer, provisional, now);
    let settled = false;
    return {
      fields: { limit_scope: `${waba}|${customer}` },
      commit: (messageId) => {
        if (settled) return;
        settled = true;
        scope.rename(provisional, messageId);
      },
      release: () => {
        if (settled) return;
        settled = true;
        scope.release(provisional);
      },
    };
  }

  private scope(waba: string): RollingReach {
    let r = this.reach.get(waba);
    if (!r) this.reach.set(waba, (r = new RollingReach(DAY_MS)));
    return r;
  }

  private tierOf(waba: string): string {
    return highestTier([...this.numbers.values()].filter((n) => n.waba_id === waba).map((n) => n.messaging_limit_tier));
  }

  private async number(id: string): Promise<NumberFacts> {
    const known = this.numbers.get(id);
    if (known) return known;
    const n = await this.opts.pb
      .collection('wa_numbers')
      .getOne<NumberFacts>(id, { fields: 'id,phone_number_id,waba_id,messaging_limit_tier', requestKey: null });
    this.noteNumber(n);
    return n;
  }

  private async refreshNumbers(): Promise<void> {
    const rows = await this.opts.pb.collection('wa_numbers').getFullList<NumberFacts>({
      fields: 'id,phone_number_id,waba_id,messaging_limit_tier',
      requestKey: null,
    });
    for (const n of rows) this.noteNumber(n);
  }

  /** The counted sends of the last 24 h that Meta has not refused, oldest first, a page at a time. */
  private async rebuild(): Promise<void> {
    const { pb } = this.opts;
    const size = this.opts.pageSize ?? 1000;
    const since = pbDate(this.now() - DAY_MS);
    let after: { t: string; id: string } | undefined;
    let rows = 0;
    for (;;) {
      const keyset = after ? pb.filter(' && (timestamp > {:t} || (timestamp = {:t} && id > {:id}))', after) : '';
      const page = await pb
        .collection('messages')
        .getList<Pick<MessageRecord, 'id' | 'timestamp'> & { limit_scope: string }>(1, size, {
          filter: `${pb.filter("limit_scope != '' && timestamp >= {:since} && status != 'failed'", { since })}${keyset}`,
          sort: 'timestamp,id',
          fields: 'id,timestamp,limit_scope',
          skipTotal: true,
          requestKey: null,
        });
      for (const m of page.items) {
        const bar = m.limit_scope.indexOf('|');
        if (bar <= 0) continue;
        this.scope(m.limit_scope.slice(0, bar)).add(m.limit_scope.slice(bar + 1), m.id, parsePbDate(m.timestamp));
        rows++;
      }
      const last = page.items[page.items.length - 1];
      if (!last || page.items.length < size) break;
      after = { t: last.timestamp, id: last.id };
    }
    this.opts.log.info('messaging limit: customers reached in the last 24 h rebuilt', {
      messages: rows,
      scopes: Object.fromEntries([...this.reach].map(([w, r]) => [w, r.used(this.now())])),
    });
  }
}

/** A template while the customer-service window is closed: what Meta counts against the limit. */
export function businessInitiated(f: Pick<SendFacts, 'type' | 'conversation' | 'now'>): boolean {
  return f.type === 'template' && !windowState(parsePbDate(f.conversation.last_inbound_at), f.now).open;
}

/** The refusal campaigns wait on (contract A): 429 messaging_limit with details.retry_after_s. */
export function isMessagingLimit(err: unknown): err is AppError {
  return err instanceof AppError && err.code === 'messaging_limit';
}
