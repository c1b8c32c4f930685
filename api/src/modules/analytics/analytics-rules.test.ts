/**
 * The metric definitions on a constructed history with hand-counted values: a chat opened on a Friday
 * evening and answered after a weekend with the DST change (Europe/Rome, 29 March 2026) and a holiday
 * (Monday 30 March), a conversation spanning days, a close and a reopen by the customer, statuses that
 * arrive late and out of order, and an automatic reply that answers nobody.
 */
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../calendar/business-calendar.ts';
import {
  applyFact,
  emptyCounters,
  newThread,
  stagesBetween,
  stagesReached,
  templateCategory,
  type Counters,
  type Fact,
} from './analytics-rules.ts';
import { RollupBatch } from './rollup-batch.ts';

const cal = createCalendar({
  timezone: 'Europe/Rome',
  weekly: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
  },
  holidays: [{ date: '2026-03-30', name: 'Company day' }],
});
const biz = (_n: string, a: number, b: number) => cal.businessMs(a, b);
const T = (iso: string) => Date.parse(iso);
const N = 'number000000001';
const C = 'conv00000000001';

function run(facts: Fact[]) {
  const batch = new RollupBatch();
  const t = newThread(N);
  for (const f of facts) applyFact(t, f, batch, biz);
  const byAgent = new Map<string, Counters>();
  for (const r of batch.hours.values()) {
    const c = byAgent.get(r.agent) ?? emptyCounters();
    for (const k of Object.keys(c) as Array<keyof Counters>) c[k] += r.m[k];
    byAgent.set(r.agent, c);
  }
  const total = emptyCounters();
  for (const c of byAgent.values()) for (const k of Object.keys(total) as Array<keyof Counters>) total[k] += c[k];
  return { batch, byAgent, total, thread: t };
}

const status = (at: string, agent: string, from: string, to: string, extra: Partial<Fact> = {}): Fact => ({
  k: 'status',
  at: T(at),
  conv: C,
  number: N,
  agent,
  contact: 'contact00000001',
  stages: stagesBetween(from, to),
  template: false,
  category: null,
  free: true,
  ...(extra as object),
});

const HISTORY: Fact[] = [
  // Friday 27 March, 17:00 in Rome: the customer writes (a new customer-service window; the cycle opens)
  { k: 'in', at: T('2026-03-27T16:00:00Z'), conv: C, number: N, newWindow: true },
  { k: 'assign', at: T('2026-03-27T16:05:00Z'), conv: C, number: N, agent: 'u1' },
  // an out-of-hours auto reply: answers nobody
  { k: 'out', at: T('2026-03-27T16:00:05Z'), conv: C, number: N, agent: '' },
  // Tuesday 31 March 10:00 (CEST, after the DST change and the holiday): u1 answers
  { k: 'out', at: T('2026-03-31T08:00:00Z'), conv: C, number: N, agent: 'u1' },
  // its statuses: read first (sent and delivered overtaken), the late delivered moves nothing (from read)
  status('2026-03-31T08:00:00Z', 'u1', 'queued', 'read'),
  status('2026-03-31T08:00:00Z', 'u1', 'read', 'delivered'),
  { k: 'in', at: T('2026-03-31T08:30:00Z'), conv: C, number: N, newWindow: true },
  { k: 'out', at: T('2026-03-31T08:45:00Z'), conv: C, number: N, agent: 'u1' },
  status('2026-03-31T08:45:00Z', 'u1', 'queued', 'delivered'),
  { k: 'close', at: T('2026-03-31T09:00:00Z'), conv: C, number: N, agent: 'u1' },
  // Wednesday 1 April 20:00: the customer writes again (the chat reopens with the message)
  { k: 'in', at: T('2026-04-01T18:00:00Z'), conv: C, number: N, newWindow: true },
  { k: 'assign', at: T('2026-04-01T18:01:00Z'), conv: C, number: N, agent: 'u2' },
  // Thursday 09:30: u2 answers with a marketing template, which is then sent (billable)
  { k: 'out', at: T('2026-04-02T07:30:00Z'), conv: C, number: N, agent: 'u2' },
  status('2026-04-02T07:30:00Z', 'u2', 'queued', 'sent', { template: true, category: 'marketing', free: false }),
];

describe('metric definitions', () => {
  it('stages count once whatever order the statuses came in', () => {
    expect(stagesBetween('queued', 'read')).toEqual(['sent', 'delivered', 'read']);
    expect(stagesBetween('sent', 'read')).toEqual(['delivered', 'read']);
    expect(stagesBetween('read', 'delivered')).toEqual([]);
    expect(stagesBetween('unknown', 'delivered')).toEqual(['sent', 'delivered']);
    expect(stagesBetween('sent', 'failed')).toEqual(['failed']);
    expect(stagesReached({ status: 'read', sent_at: '', delivered_at: '', read_at: 'x' })).toEqual([
      'sent',
      'delivered',
      'read',
    ]);
    expect(stagesReached({ status: 'failed', sent_at: 'x', delivered_at: '', read_at: '' })).toEqual([
      'sent',
      'failed',
    ]);
    expect(templateCategory('marketing_lite')).toBe('marketing');
    expect(templateCategory('authentication_international')).toBe('authentication');
    expect(templateCategory('service')).toBeNull();
  });

  it('counts the constructed history exactly', () => {
    const { byAgent, total } = run(HISTORY);
    expect(total).toMatchObject({
      inbound: 3,
      windows: 3,
      opened: 2,
      outbound: 4,
      human_out: 3,
      sent: 3,
      delivered: 2,
      read: 1,
      templates: 1,
      tpl_marketing: 1,
      free: 2,
      first_n: 2,
      resp_n: 3,
      resol_n: 1,
      handled: 2,
    });
    // Fri 16:00Z → Tue 08:00Z: 88 h raw; business: Fri 17–18 + Tue 9–10 (weekend, DST Sunday, holiday Monday) = 2 h
    expect(byAgent.get('u1')).toMatchObject({
      first_n: 1,
      first_raw: 88 * 3600,
      first_biz: 2 * 3600,
      resp_n: 2,
      resp_raw: 88 * 3600 + 900,
      resp_biz: 2 * 3600 + 900,
      // resolution Fri 16:00Z → Tue 09:00Z: 89 h raw, 3 business hours; credited to the assignee
      resol_n: 1,
      resol_raw: 89 * 3600,
      resol_biz: 3 * 3600,
      handled: 1,
      human_out: 2,
    });
    // reopened Wed 18:00Z, answered Thu 07:30Z: 13.5 h raw; business Thu 09:00–09:30 (CEST) = 30 min
    expect(byAgent.get('u2')).toMatchObject({
      first_n: 1,
      first_raw: 13.5 * 3600,
      first_biz: 1800,
      resp_raw: 13.5 * 3600,
      resp_biz: 1800,
      handled: 1,
      resol_n: 0,
    });
    // the automatic reply is outbound without an operator
    expect(byAgent.get('')).toMatchObject({ outbound: 1, human_out: 0, inbound: 3, opened: 2 });
  });

  it('puts every figure in the hour it belongs to and reaches the contact once per hour', () => {
    const { batch } = run(HISTORY);
    const hour = (iso: string, agent: string) =>
      [...batch.hours.values()].find((r) => r.hour === T(iso) && r.agent === agent)?.m;
    expect(hour('2026-03-31T08:00:00Z', 'u1')).toMatchObject({ sent: 2, delivered: 2, read: 1, resp_n: 2 });
    expect(hour('2026-03-31T09:00:00Z', 'u1')).toMatchObject({ resol_n: 1 });
    expect(batch.reached.size).toBe(2); // Tue 08h and Thu 07h
    expect([...batch.minutes.values()].reduce((a, m) => a + m.inbound, 0)).toBe(3);
  });

  it('a chat closed and closed again, or answered while closed, changes nothing more', () => {
    const { total } = run([
      ...HISTORY.slice(0, 10),
      { k: 'close', at: T('2026-03-31T09:10:00Z'), conv: C, number: N, agent: 'u1' },
      { k: 'out', at: T('2026-03-31T09:20:00Z'), conv: C, number: N, agent: 'u1' },
    ]);
    expect(total).toMatchObject({ resol_n: 1, first_n: 1, resp_n: 2, human_out: 3 });
  });
});
