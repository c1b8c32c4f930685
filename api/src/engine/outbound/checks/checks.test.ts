/** Each send check as a table: the facts in, the refusal (or none) out. */
import { describe, expect, it } from 'vitest';
import { pbDate, type TemplateRecord } from '../../../lib/records.ts';
import { systemPrincipal, userPrincipal } from '../../policy/permissions.ts';
import type { Purpose, SendCheck, SendFacts } from '../send.types.ts';
import { blockedCheck } from './blocked.check.ts';
import { budgetCheck, type MessagingBudget } from './budget.check.ts';
import { consentCheck } from './consent.check.ts';
import { defaultChecks, runChecks } from './index.ts';
import { templateCheck } from './template.check.ts';
import { windowCheck } from './window.check.ts';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const HOUR = 3600_000;
const tpl = (status: string, category = 'UTILITY') =>
  ({ name: 'order_update', language: 'it', status, category }) as TemplateRecord;
const OPTED_OUT = { blocked: false, opted_out_at: '2026-11-01 10:00:00.000Z', marketing_allowed: false };
const OPTED_IN_AGAIN = { blocked: false, opted_out_at: '2026-11-01 10:00:00.000Z', marketing_allowed: true };
const PLAIN = { blocked: false, opted_out_at: '', marketing_allowed: false };

function facts(over: Partial<SendFacts> & { lastInboundHoursAgo?: number | null } = {}): SendFacts {
  const { lastInboundHoursAgo = 1, ...rest } = over;
  return {
    principal: userPrincipal({ id: 'u1', role: 'operator' }),
    purpose: 'reply',
    type: 'text',
    conversation: { last_inbound_at: lastInboundHoursAgo === null ? '' : pbDate(NOW - lastInboundHoursAgo * HOUR) },
    contact: PLAIN,
    number: { id: 'n1', phone_number_id: '123', waba_id: 'w1' },
    now: NOW,
    ...rest,
  };
}

async function outcome(check: SendCheck, f: SendFacts): Promise<string> {
  const r = await check.run(f);
  return r.ok ? 'ok' : `${r.error.status} ${r.error.code}`;
}

describe('window', () => {
  const rows: Array<[string, Partial<SendFacts> & { lastInboundHoursAgo?: number | null }, string]> = [
    ['text, customer wrote 1 h ago', { lastInboundHoursAgo: 1 }, 'ok'],
    ['text, 23.9 h ago', { lastInboundHoursAgo: 23.9 }, 'ok'],
    ['text, 24 h ago exactly (closed)', { lastInboundHoursAgo: 24 }, '422 template_required'],
    ['text, 30 h ago', { lastInboundHoursAgo: 30 }, '422 template_required'],
    ['text, never wrote', { lastInboundHoursAgo: null }, '422 template_required'],
    ['image, never wrote', { lastInboundHoursAgo: null, type: 'image' }, '422 template_required'],
    ['template, never wrote', { lastInboundHoursAgo: null, type: 'template', template: tpl('APPROVED') }, 'ok'],
    ['consent reply, just wrote', { purpose: 'consent', lastInboundHoursAgo: 0 }, 'ok'],
  ];
  for (const [label, f, want] of rows) it(label, async () => expect(await outcome(windowCheck, facts(f))).toBe(want));
});

describe('template', () => {
  const rows: Array<[string, Partial<SendFacts>, string]> = [
    ['not a template', { type: 'text' }, 'ok'],
    ['approved', { type: 'template', template: tpl('APPROVED') }, 'ok'],
    [
      'unknown (no such name/language)',
      { type: 'template', template: null, templateRef: { name: 'nope', language: 'it' } },
      '422 template_not_found',
    ],
    ['paused by Meta', { type: 'template', template: tpl('PAUSED') }, '422 template_not_approved'],
    ['disabled', { type: 'template', template: tpl('DISABLED') }, '422 template_not_approved'],
    ['pending review', { type: 'template', template: tpl('PENDING') }, '422 template_not_approved'],
    ['rejected', { type: 'template', template: tpl('REJECTED') }, '422 template_not_approved'],
  ];
  for (const [label, f, want] of rows) it(label, async () => expect(await outcome(templateCheck, facts(f))).toBe(want));
});

describe('blocked', () => {
  const rows: Array<[string, Purpose, SendFacts['contact'], string]> = [
    ['reply to a contact', 'reply', PLAIN, 'ok'],
    ['reply to a blocked contact', 'reply', { ...PLAIN, blocked: true }, '422 contact_blocked'],
    ['campaign to a blocked contact', 'campaign', { ...PLAIN, blocked: true }, '422 contact_blocked'],
    ['system reply to a blocked contact', 'system', { ...PLAIN, blocked: true }, '422 contact_blocked'],
    ['opt-out confirmation to a blocked contact', 'consent', { ...PLAIN, blocked: true }, 'ok'],
    ['no contact record (new chat)', 'reply', null, 'ok'],
  ];
  for (const [label, purpose, contact, want] of rows)
    it(label, async () => expect(await outcome(blockedCheck, facts({ purpose, contact }))).toBe(want));
});

describe('marketing consent', () => {
  const T = (category: string) => ({ type: 'template', template: tpl('APPROVED', category) });
  const rows: Array<[string, Purpose, SendFacts['contact'], Partial<SendFacts>, string]> = [
    ['operator: marketing template, opted out', 'template', OPTED_OUT, T('MARKETING'), '422 marketing_opt_out'],
    ['operator: utility template, opted out', 'template', OPTED_OUT, T('UTILITY'), 'ok'],
    ['operator: free text in the window, opted out', 'reply', OPTED_OUT, {}, 'ok'],
    ['operator: marketing template, not opted out', 'template', PLAIN, T('MARKETING'), 'ok'],
    ['operator: marketing template, opted in again', 'template', OPTED_IN_AGAIN, T('MARKETING'), 'ok'],
    ['campaign: utility template, opted out', 'campaign', OPTED_OUT, T('UTILITY'), '422 marketing_opt_out'],
    ['campaign: marketing template, opted in', 'campaign', OPTED_IN_AGAIN, T('MARKETING'), 'ok'],
    ['automation: free text, opted out', 'automation', OPTED_OUT, {}, '422 marketing_opt_out'],
    ['system (out-of-hours): free text, opted out', 'system', OPTED_OUT, {}, 'ok'],
    ['system: marketing template, opted out', 'system', OPTED_OUT, T('MARKETING'), '422 marketing_opt_out'],
    ['consent confirmation, opted out', 'consent', OPTED_OUT, {}, 'ok'],
  ];
  for (const [label, purpose, contact, f, want] of rows)
    it(label, async () => expect(await outcome(consentCheck, facts({ purpose, contact, ...f }))).toBe(want));
});

describe('messaging-limit budget (the seam campaigns will fill)', () => {
  it('answers ok by default', async () => {
    expect(await outcome(budgetCheck(), facts({ purpose: 'campaign' }))).toBe('ok');
  });
  it('a budget that says no refuses with 429 and Retry-After; it sees the send’s facts', async () => {
    const seen: SendFacts[] = [];
    const tier: MessagingBudget = {
      allow: (f) => {
        seen.push(f);
        return f.purpose === 'campaign'
          ? { ok: false, reason: 'TIER_250: 250 new customers in 24 h reached', retryAfterSeconds: 3600 }
          : { ok: true };
      },
    };
    const r = await budgetCheck(tier).run(facts({ purpose: 'campaign' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect([r.error.status, r.error.code, r.error.headers]).toEqual([
        429,
        'messaging_limit',
        { 'Retry-After': '3600' },
      ]);
    }
    expect(await outcome(budgetCheck(tier), facts({ purpose: 'reply' }))).toBe('ok');
    expect(seen.map((f) => f.purpose)).toEqual(['campaign', 'reply']);
  });
});

describe('the list', () => {
  it('runs in order and the first refusal wins, naming its check', async () => {
    const r = await runChecks(
      defaultChecks(),
      facts({ lastInboundHoursAgo: null, contact: { ...PLAIN, blocked: true } }),
    );
    expect(r.ok ? 'ok' : `${r.check}: ${r.error.code}`).toBe('window: template_required');
    const b = await runChecks(defaultChecks(), facts({ contact: { ...PLAIN, blocked: true } }));
    expect(b.ok ? 'ok' : `${b.check}: ${b.error.code}`).toBe('blocked: contact_blocked');
  });
  it('passes a plain reply in the window, by a person or the system', async () => {
    expect((await runChecks(defaultChecks(), facts())).ok).toBe(true);
    expect(
      (await runChecks(defaultChecks(), facts({ principal: systemPrincipal('out_of_hours'), purpose: 'system' }))).ok,
    ).toBe(true);
  });
});
