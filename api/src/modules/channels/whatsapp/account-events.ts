/**
 * WABA- and number-level webhooks applied and recorded: every one is a `channel_events` row (nothing Meta
 * sent is lost to a log rotation), and the number follows what they say — tier (2026
 * `max_daily_conversations_per_business`, legacy `current_limit`), quality (FLAGGED/UNFLAGGED), and
 * restrictions/bans (the banner admins and managers see until Meta lifts them or they expire).
 */
import type { AccountNotice, ChannelProblem, PhoneQualityUpdate, UnknownChange } from '../channel.types.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { PocketBase } from '../../../lib/pb.ts';
import { pbDate, type WaNumberRecord } from '../../../lib/records.ts';
import type { EventBus } from '../../../../../realtime/src/event-bus.ts';
import { restrictionOf } from './account-rules.ts';
import { updateRecord } from '../../../lib/record-update.ts';

export interface AccountDeps {
  pb: PocketBase;
  bus: EventBus;
  log: Logger;
}

const RATING_BY_EVENT: Record<string, WaNumberRecord['quality_rating']> = { FLAGGED: 'RED', UNFLAGGED: 'GREEN' };

async function numbersOf(pb: PocketBase, wabaId: string): Promise<WaNumberRecord[]> {
  return pb
    .collection('wa_numbers')
    .getFullList<WaNumberRecord>({ filter: pb.filter('waba_id = {:w}', { w: wabaId }) });
}

const digits = (s: string | undefined) => (s ?? '').replace(/\D/g, '');

async function record(
  pb: PocketBase,
  row: {
    wa_number?: string;
    waba_id: string;
    field: string;
    event: string;
    kind: 'notice' | 'error' | 'unknown';
    data: unknown;
  },
): Promise<void> {
  await pb.collection('channel_events').create({ ...row, wa_number: row.wa_number ?? '', at: pbDate(Date.now()) });
}

export async function applyPhoneQuality(d: AccountDeps, u: PhoneQualityUpdate): Promise<void> {
  const { pb, bus, log } = d;
  const numbers = await numbersOf(pb, u.wabaId);
  const n =
    numbers.find((x) => digits(x.display_phone_number) === digits(u.displayPhoneNumber)) ??
    (numbers.length === 1 ? numbers[0] : undefined);
  await record(pb, {
    ...(n ? { wa_number: n.id } : {}),
    waba_id: u.wabaId,
    field: 'phone_number_quality_update',
    event: u.event,
    kind: 'notice',
    data: u,
  });
  if (!n) {
    log.warn('quality update for an unknown number', { display: u.displayPhoneNumber });
    return;
  }
  const rating = RATING_BY_EVENT[u.event];
  // Feb 2026: current_limit is gone, the portfolio limit comes as max_daily_conversations_per_business
  const tier = u.maxDailyConversations ?? u.currentLimit;
  const history = [
    ...(n.quality_history ?? []),
    {
      at: new Date().toISOString(),
      event: u.event,
      ...(rating ? { rating } : {}),
      // what it was before (the 30-day strip shows the days before the first recorded change with it)
      ...(rating && n.quality_rating && n.quality_rating !== rating ? { from: n.quality_rating } : {}),
      ...(tier ? { tier } : {}),
    },
  ].slice(-200);
  await updateRecord(pb, 'wa_numbers', n.id, {
    quality_history: history,
    ...(tier ? { messaging_limit_tier: tier } : {}),
    ...(rating ? { quality_rating: rating } : {}),
  });
  bus.publish('number.quality', {
    actor: { kind: 'system', name: 'whatsapp' },
    phoneNumberId: n.phone_number_id,
    event: u.event,
    ...(rating ? { qualityRating: rating } : {}),
    ...(tier ? { tier } : {}),
  });
}

export async function applyAccountNotice(d: AccountDeps, u: AccountNotice): Promise<void> {
  const { pb, bus } = d;
  const numbers = await numbersOf(pb, u.wabaId);
  // an event naming a number concerns that number; otherwise the whole account (every number of the WABA)
  const named = u.phoneNumber ? numbers.filter((n) => digits(n.display_phone_number) === u.phoneNumber) : [];
  const affected = named.length ? named : numbers;
  await record(pb, {
    ...(affected.length === 1 ? { wa_number: affected[0]!.id } : {}),
    waba_id: u.wabaId,
    field: u.field,
    event: u.event,
    kind: 'notice',
    data: u.raw,
  });
  const restriction = restrictionOf(u);
  for (const n of affected) {
    const patch: Record<string, unknown> = { account_event_at: pbDate(Date.now()) };
    if (restriction !== undefined) patch.account_restriction = restriction;
    if (u.tier) patch.messaging_limit_tier = u.tier;
    await updateRecord(pb, 'wa_numbers', n.id, patch);
    if (u.tier)
      bus.publish('number.quality', {
        actor: { kind: 'system', name: 'whatsapp' },
        phoneNumberId: n.phone_number_id,
        event: u.event,
        tier: u.tier,
      });
  }
}

export async function recordProblem(d: AccountDeps, u: ChannelProblem | UnknownChange): Promise<void> {
  const numbers =
    u.kind === 'problem' && u.phoneNumberId
      ? await d.pb
          .collection('wa_numbers')
          .getFullList<WaNumberRecord>({ filter: d.pb.filter('phone_number_id = {:p}', { p: u.phoneNumberId }) })
      : [];
  const event = u.kind === 'problem' ? u.errors.map((e) => e.code).join(',') : 'unknown';
  await record(d.pb, {
    ...(numbers[0] ? { wa_number: numbers[0].id } : {}),
    waba_id: u.wabaId,
    field: u.kind === 'problem' ? 'messages' : u.field || 'unknown',
    event,
    kind: u.kind === 'problem' ? 'error' : 'unknown',
    data: u.kind === 'problem' ? u.errors : u.raw,
  });
  d.log.warn('whatsapp notice recorded', { kind: u.kind, detail: JSON.stringify(u).slice(0, 500) });
}
