import { describe, expect, it } from 'vitest';
import {
  allows,
  estimateCost,
  estimateDuration,
  exclusionFor,
  recipientClientId,
  renderValue,
  type AudienceContact,
  type RateTable,
} from './campaign-rules.ts';

const NOW = Date.parse('2025-09-01T10:00:00Z');
const ok: AudienceContact = { id: 'c1', wa_id: '393331112222', phone_valid: true, first_name: 'Giulia' };
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ');
const H = 3600_000;
const tpl = { now: NOW, marketing: true, freeText: false };

describe('exclusionFor', () => {
  it.each<
    [
      string,
      Partial<AudienceContact>,
      Partial<typeof tpl & { lastInboundAt: number; hasLanguage: boolean }>,
      string | undefined,
    ]
  >([
    ['a reachable contact is sent', {}, {}, undefined],
    ['deleted', { deleted_at: iso(NOW - H) }, {}, 'deleted'],
    ['blocked', { blocked: true }, {}, 'blocked'],
    ['invalid phone', { phone_valid: false }, {}, 'invalid_phone'],
    ['no WhatsApp id', { wa_id: '' }, {}, 'invalid_phone'],
    ['opted out', { opted_out_at: iso(NOW - 48 * H), marketing_allowed: false }, {}, 'opted_out'],
    ['opted in again after an opt-out', { opted_out_at: iso(NOW - 48 * H), marketing_allowed: true }, {}, undefined],
    ['131026 ten days ago', { undeliverable_at: iso(NOW - 240 * H) }, {}, 'undeliverable'],
    ['131026 two months ago', { undeliverable_at: iso(NOW - 60 * 24 * H) }, {}, undefined],
    ['131049 an hour ago, marketing', { marketing_refused_at: iso(NOW - H) }, {}, 'marketing_refused'],
    ['131049 an hour ago, utility', { marketing_refused_at: iso(NOW - H) }, { marketing: false }, undefined],
    ['131049 yesterday (25 h)', { marketing_refused_at: iso(NOW - 25 * H) }, {}, undefined],
    ['free text, window closed', {}, { freeText: true, lastInboundAt: NOW - 25 * H }, 'window_closed'],
    ['free text, never wrote', {}, { freeText: true }, 'window_closed'],
    ['free text, window open', {}, { freeText: true, lastInboundAt: NOW - H }, undefined],
    ['no approved translation', {}, { hasLanguage: false }, 'no_language'],
    ['deleted and blocked counts once, as deleted', { deleted_at: iso(NOW), blocked: true }, {}, 'deleted'],
  ])('%s', (_name, contact, opts, reason) => {
    expect(exclusionFor({ ...ok, ...contact }, { ...tpl, ...opts })).toBe(reason);
  });
});

describe('renderValue', () => {
  const c = { first_name: 'Giulia', name: 'Giulia Rossi', fields: { CITY: 'Torino' } };
  it.each([
    ['Ciao {{contact.first_name}}', c, 'Ciao Giulia'],
    ['{{contact.first_name|Cliente}}', {}, 'Cliente'],
    ['{{ contact.first_name | Cliente }}', {}, 'Cliente'],
    ['{{contact.name}}', c, 'Giulia Rossi'],
    ['{{contact.fields.CITY|Italia}}', c, 'Torino'],
    ['{{contact.fields.CITY|Italia}}', {}, 'Italia'],
    ['SCONTO20', c, 'SCONTO20'],
    ['{{contact.last_name}}', c, ''],
  ])('%s', (value, contact, out) => {
    expect(renderValue(value, contact)).toBe(out);
  });
});

describe('estimates', () => {
  it('duration is the send time at the throughput while the budget lasts', () => {
    expect(estimateDuration({ recipients: 8000, newConversations: 8000, mps: 80 })).toBe(100);
    expect(
      estimateDuration({ recipients: 8000, newConversations: 8000, mps: 80, limit: { limit: 10_000, used: 0 } }),
    ).toBe(100);
  });
  it('what exceeds the tier waits a day per tier of customers', () => {
    expect(
      estimateDuration({ recipients: 3000, newConversations: 3000, mps: 80, limit: { limit: 2000, used: 500 } }),
    ).toBe(38 + 24 * 3600);
  });
  it('cost sums recipients by country at the card rate, "other" for countries not listed', () => {
    const t: RateTable = {
      currency: 'USD',
      source_date: '2025-07-01',
      source: 'test',
      rates: { IT: { marketing: 0.0691, utility: 0.03 }, '*': { marketing: 0.06, utility: 0.01 } },
    };
    expect(estimateCost(t, { IT: 100, XX: 10 }, 'MARKETING')).toEqual({ currency: 'USD', amount: 7.51 });
    expect(estimateCost(t, { IT: 100 }, undefined).amount).toBe(0);
  });
});

describe('state machine and ids', () => {
  it('edits only drafts and scheduled campaigns; pauses only running ones', () => {
    expect(allows('draft', 'edit')).toBe(true);
    expect(allows('sending', 'edit')).toBe(false);
    expect(allows('sending', 'pause')).toBe(true);
    expect(allows('paused', 'resume')).toBe(true);
    expect(allows('completed', 'resume')).toBe(false);
  });
  it('one client id per campaign, occurrence and contact', () => {
    expect(recipientClientId('a'.repeat(15), 12, 'b'.repeat(15))).toBe(`cmp:${'a'.repeat(15)}:12:${'b'.repeat(15)}`);
    expect(recipientClientId('x', 1, 'c')).not.toBe(recipientClientId('x', 2, 'c'));
  });
});
