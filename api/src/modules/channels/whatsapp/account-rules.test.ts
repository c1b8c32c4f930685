import { describe, expect, it } from 'vitest';
import type { AccountNotice } from '../channel.types.ts';
import { isActive, restrictionOf } from './account-rules.ts';

const notice = (event: string, raw: Record<string, unknown> = {}, field = 'account_update'): AccountNotice => ({
  kind: 'account_notice',
  wabaId: 'w',
  field,
  event,
  raw,
});
const NOW = Date.parse('2026-11-20T10:00:00Z');

describe('restrictionOf', () => {
  it.each([
    [
      'restriction with expiry (seconds)',
      notice('ACCOUNT_RESTRICTION', {
        restriction_info: [{ restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING', expiration: 1795934800 }],
      }),
      { what: ['RESTRICTED_BIZ_INITIATED_MESSAGING'], until: 1795934800 },
    ],
    [
      'older `restrictions` object with an ISO expiry',
      notice('ACCOUNT_RESTRICTION', {
        restrictions: {
          restriction_type: 'RESTRICTED_ADD_PHONE_NUMBER_ACTION',
          expiration: '2026-12-12T07:09:27.000Z',
        },
      }),
      { what: ['RESTRICTED_ADD_PHONE_NUMBER_ACTION'], until: 1797059367 },
    ],
    ['violation', notice('ACCOUNT_VIOLATION', { violation_info: { violation_type: 'SCAM' } }), { what: ['SCAM'] }],
    ['disabled', notice('DISABLED_UPDATE', { ban_info: { waba_ban_state: 'DISABLE' } }), { what: ['DISABLE'] }],
  ])('%s', (_n, u, expected) => {
    expect(restrictionOf(u, NOW)).toMatchObject({ event: u.event, ...expected });
  });

  it('reinstatement and reconnection lift it; other events say nothing', () => {
    expect(restrictionOf(notice('DISABLED_UPDATE', { ban_info: { waba_ban_state: 'REINSTATE' } }))).toBeNull();
    expect(restrictionOf(notice('ACCOUNT_RECONNECTED'))).toBeNull();
    expect(restrictionOf(notice('VOLUME_BASED_PRICING_TIER_UPDATE'))).toBeUndefined();
    expect(restrictionOf(notice('CAPABILITY_UPDATE', {}, 'business_capability_update'))).toBeUndefined();
  });

  it('an expired restriction is no longer active', () => {
    expect(isActive({ event: 'ACCOUNT_RESTRICTION', what: [], until: NOW / 1000 - 1, at: '' }, NOW)).toBe(false);
    expect(isActive({ event: 'ACCOUNT_RESTRICTION', what: [], until: NOW / 1000 + 60, at: '' }, NOW)).toBe(true);
    expect(isActive({ event: 'DISABLED_UPDATE', what: [], at: '' }, NOW)).toBe(true);
    expect(isActive(null, NOW)).toBe(false);
  });
});
