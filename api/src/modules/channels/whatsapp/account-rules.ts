/**
 * Which account_update events put the account under a restriction the team must see, and which lift it.
 * Pure, beside its test. `undefined` = the event says nothing about restrictions; `null` = lifted.
 */
import type { AccountNotice } from '../channel.types.ts';

export interface AccountRestriction {
  event: string;
  /** RESTRICTED_BIZ_INITIATED_MESSAGING, RESTRICTED_ADD_PHONE_NUMBER_ACTION, a violation type, a ban state… */
  what: string[];
  /** unix seconds; past it the restriction no longer applies */
  until?: number;
  at: string;
}

const isRec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function toUnix(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v) {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return Math.floor(ms / 1000);
  }
  return undefined;
}

export function restrictionOf(u: AccountNotice, now = Date.now()): AccountRestriction | null | undefined {
  if (u.field !== 'account_update') return undefined;
  const raw = u.raw;
  const at = new Date(now).toISOString();
  switch (u.event) {
    case 'ACCOUNT_RESTRICTION': {
      const list = [raw.restriction_info, raw.restrictions]
        .flatMap((x) => (Array.isArray(x) ? x : isRec(x) ? [x] : []))
        .filter(isRec);
      const untils = list.map((r) => toUnix(r.expiration)).filter((x): x is number => x !== undefined);
      return {
        event: u.event,
        what: list.map((r) => s(r.restriction_type)).filter(Boolean),
        ...(untils.length ? { until: Math.max(...untils) } : {}),
        at,
      };
    }
    case 'ACCOUNT_VIOLATION': {
      const v = isRec(raw.violation_info) ? raw.violation_info : {};
      return { event: u.event, what: [s(v.violation_type)].filter(Boolean), at };
    }
    case 'DISABLED_UPDATE':
    case 'ACCOUNT_DELETED':
    case 'ACCOUNT_OFFBOARDED':
    case 'PARTNER_REMOVED': {
      const ban = isRec(raw.ban_info) ? raw.ban_info : {};
      const state = s(ban.waba_ban_state);
      if (state === 'REINSTATE') return null;
      return { event: u.event, what: [state || u.event].filter(Boolean), at };
    }
    case 'ACCOUNT_RECONNECTED':
      return null;
    default:
      return undefined;
  }
}

/** A restriction still applies (not lifted, not past its expiry). */
export function isActive(r: AccountRestriction | null | undefined, now = Date.now()): boolean {
  return !!r && (r.until === undefined || r.until * 1000 > now);
}
