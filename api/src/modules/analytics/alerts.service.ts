/**
 * Alerts about a number's health, noticed from the store's state (so a missed wake-up is caught by the next
 * check): a quality drop or a FLAGGED / RESTRICTED status in the number's history, an active restriction, a
 * paused template, the messaging limit 80 % / 100 % used. Each alert has a `key` naming its event (unique in
 * the collection), so noticing it again changes nothing — once per event, not per check or page view. The
 * alert row and its `alert.raised` domain event are written in one transaction; the push consumer sends it.
 */
import { addToBatch, newEvent, systemActor } from '../../engine/events/domain-events.ts';
import type { Logger } from '../../lib/logger.ts';
import { notFound } from '../../lib/errors.ts';
import { isNotFound, type PocketBase } from '../../lib/pb.ts';
import { newRecordId, pbDate } from '../../lib/records.ts';
import { isActive, type AccountRestriction } from '../channels/whatsapp/account-rules.ts';
import type { HistoryEntry, LimitsCounter } from './number-status.ts';
import { updateRecord } from '../../lib/record-update.ts';

export type AlertKind =
  | 'quality_drop'
  | 'limit_80'
  | 'limit_100'
  | 'flagged'
  | 'restricted'
  | 'template_paused'
  | 'automation_paused';
export interface AlertRow {
  id: string;
  kind: AlertKind;
  number: string;
  key: string;
  data: Record<string, unknown>;
  dismissed_by: string[];
  created: string;
}
export interface Candidate {
  kind: AlertKind;
  number: string;
  key: string;
  data: Record<string, unknown>;
}
type NumberRow = {
  id: string;
  display_phone_number: string;
  waba_id: string;
  quality_history: HistoryEntry[] | null;
  account_restriction?: AccountRestriction | null;
};

const RANK: Record<string, number> = { GREEN: 3, YELLOW: 2, RED: 1 };
/** history older than this is not news (a first start does not alert about last month) */
const NEWS_MS = 48 * 3_600_000;

/** Pure: the alerts a number's history calls for (quality drops, flagged, restricted). */
export function historyAlerts(n: NumberRow, now: number): Candidate[] {
  const out: Candidate[] = [];
  let prev = '';
  for (const h of n.quality_history ?? []) {
    const at = Date.parse(h.at);
    const fresh = now - at < NEWS_MS;
    if (h.rating) {
      // the standing read names the rating it replaced; webhooks follow the history's previous one
      const from = h.from || prev;
      if (fresh && from && (RANK[h.rating] ?? 9) < (RANK[from] ?? 0))
        out.push({
          kind: 'quality_drop',
          number: n.id,
          key: `quality_drop:${n.id}:${h.at}`,
          data: { from, to: h.rating, at: h.at, display_phone_number: n.display_phone_number },
        });
      prev = h.rating;
    }
    if (fresh && (h.event === 'FLAGGED' || h.status === 'FLAGGED'))
      out.push({
        kind: 'flagged',
        number: n.id,
        key: `flagged:${n.id}:${h.at}`,
        data: { at: h.at, display_phone_number: n.display_phone_number },
      });
    if (fresh && (h.status === 'RESTRICTED' || h.status === 'BANNED'))
      out.push({
        kind: 'restricted',
        number: n.id,
        key: `restricted:${n.id}:${h.at}`,
        data: { at: h.at, status: h.status, display_phone_number: n.display_phone_number },
      });
  }
  const r = n.account_restriction;
  if (r && isActive(r, now))
    out.push({
      kind: 'restricted',
      number: n.id,
      key: `restricted:${n.id}:${r.at}`,
      data: { ...r, display_phone_number: n.display_phone_number },
    });
  return out;
}

export class AlertsService {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { pb: PocketBase; log: Logger; limits: () => LimitsCounter | undefined }) {}

  async listFor(userId: string): Promise<AlertRow[]> {
    const { pb } = this.deps;
    const since = pbDate(Date.now() - 30 * 86_400_000);
    return pb.collection('alerts').getFullList<AlertRow>({
      filter: pb.filter('created >= {:s} && dismissed_by !~ {:u}', { s: since, u: userId }),
      sort: '-created',
      fields: 'id,kind,number,key,data,created',
      requestKey: null,
    });
  }

  async dismiss(id: string, userId: string): Promise<AlertRow> {
    try {
      return await updateRecord<AlertRow>(
        this.deps.pb,
        'alerts',
        id,
        { 'dismissed_by+': userId },
        { fields: 'id,kind,number,key,data,created' },
      );
    } catch (err) {
      if (isNotFound(err)) throw notFound('Alert');
      throw err;
    }
  }

  /** Looks at everything once (serialised: two checks never race for the same episode). */
  check(now = Date.now()): Promise<number> {
    const run = this.chain.then(() => this.checkNow(now));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async checkNow(now: number): Promise<number> {
    const { pb } = this.deps;
    const numbers = await pb.collection('wa_numbers').getFullList<NumberRow>({
      fields: 'id,display_phone_number,waba_id,quality_history,account_restriction',
      requestKey: null,
    });
    const candidates = numbers.flatMap((n) => historyAlerts(n, now));
    const paused = await pb.collection('templates').getFullList<{
      id: string;
      name: string;
      language: string;
      waba_id: string;
      updated: string;
      history: Array<{ at: string; kind: string; to?: string }> | null;
    }>({ filter: "status = 'PAUSED'", fields: 'id,name,language,waba_id,updated,history', requestKey: null });
    for (const t of paused) {
      const since = [...(t.history ?? [])].reverse().find((h) => h.kind === 'status' && h.to === 'PAUSED')?.at;
      const number = numbers.find((n) => n.waba_id === t.waba_id)?.id ?? '';
      candidates.push({
        kind: 'template_paused',
        number,
        key: `template_paused:${t.id}:${since ?? t.updated}`,
        data: { template: t.id, name: t.name, language: t.language, at: since ?? t.updated },
      });
    }
    const limits = this.deps.limits();
    if (limits) for (const n of numbers) candidates.push(...(await this.limitAlerts(n.id, limits, now)));
    let raised = 0;
    for (const c of candidates) if (await this.raise(c)) raised++;
    return raised;
  }

  /** An episode opens when usage reaches the threshold and closes when it falls back under it. */
  private async limitAlerts(number: string, limits: LimitsCounter, now: number): Promise<Candidate[]> {
    const { pb } = this.deps;
    const u = await limits.usage(number);
    if (!u.limit) return [];
    const out: Candidate[] = [];
    for (const [kind, share] of [
      ['limit_80', 0.8],
      ['limit_100', 1],
    ] as const) {
      const last = (
        await pb.collection('alerts').getList<AlertRow>(1, 1, {
          filter: pb.filter('kind = {:k} && number = {:n}', { k: kind, n: number }),
          sort: '-created',
          requestKey: null,
        })
      ).items[0];
      const open = last && !last.data.closed_at;
      const over = u.used >= u.limit * share;
      if (over && !open)
        out.push({
          kind,
          number,
          key: `${kind}:${number}:${new Date(now).toISOString()}`,
          data: { used: u.used, limit: u.limit, tier: u.tier, resets_at: u.resets_at },
        });
      else if (!over && open)
        await updateRecord(pb, 'alerts', last.id, { data: { ...last.data, closed_at: new Date(now).toISOString() } });
    }
    return out;
  }

  private raise(c: Candidate): Promise<boolean> {
    return raiseAlert(this.deps.pb, this.deps.log, c);
  }
}

/**
 * Creates an alert and its `alert.raised` event in one transaction (the push consumer sends it); false when
 * that event (its key) already has its alert. Also used by automations (a circuit breaker tripped).
 */
export async function raiseAlert(pb: PocketBase, log: Logger, c: Candidate): Promise<boolean> {
  const exists = await pb
    .collection('alerts')
    .getList(1, 1, { filter: pb.filter('key = {:k}', { k: c.key }), fields: 'id', requestKey: null });
  if (exists.items.length) return false;
  const id = newRecordId();
  const batch = pb.createBatch();
  batch.collection('alerts').create({ id, ...c, dismissed_by: [] });
  addToBatch(batch, newEvent('alert.raised', systemActor('alerts'), {}, { alert: id, ...c }));
  try {
    await batch.send({ requestKey: null });
  } catch (err) {
    // the unique key: another check raised it first
    if (/unique|already exists/i.test(JSON.stringify((err as { response?: unknown }).response ?? String(err))))
      return false;
    throw err;
  }
  log.info('alert raised', { kind: c.kind, key: c.key });
  return true;
}
