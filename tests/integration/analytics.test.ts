/**
 * The dashboard's backend end to end (real PocketBase, the sandbox as Meta): customers write, operators
 * answer and close, statuses come back; the rollups (kept by the analytics consumer of domain events)
 * answer the monthly report, the messages chart, team performance and the numbers' status with the exact
 * hand-counted figures; roles are scoped; a quality drop and a flagged number raise one alert each and
 * one push each to managers, however often they are noticed; re-delivered events and a rebuild from
 * history change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../api/src/engine/events/domain-events.ts';
import type { AnalyticsModule } from '../../api/src/modules/analytics/analytics.module.ts';
import { rebuildAnalytics } from '../../api/src/modules/analytics/rebuild.ts';
import { BusinessCalendars } from '../../api/src/modules/analytics/business-calendars.ts';
import type { LimitUsage } from '../../api/src/modules/analytics/number-status.ts';
import type { CalendarModule } from '../../api/src/modules/out-of-hours/out-of-hours.module.ts';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';
import { openNow } from '../setup/hours.ts';
import { PushService } from '../setup/push-service.ts';

let s: TestServer;
let ps: PushService;
let admin: string;
let manager: Awaited<ReturnType<typeof createUser>>;
let op1: Awaited<ReturnType<typeof createUser>>;
let op2: Awaited<ReturnType<typeof createUser>>;
let viewer: Awaited<ReturnType<typeof createUser>>;
let month = '';
const A = '393471110001';
const B = '393471110002';

const analytics = () => s.modules.analytics as AnalyticsModule;

async function writes(from: string, text: string) {
  const before = await inboundCount(from);
  await s.sandbox!.customerSend({ type: 'text', from, name: `Cliente ${from.slice(-1)}`, text });
  await until(async () => (await inboundCount(from)) > before);
  await s.idle();
}
async function inboundCount(from: string) {
  const c = await chat(from);
  if (!c) return 0;
  return (
    await s.ctx.pb.collection('messages').getList(1, 1, { filter: `conversation = '${c.id}' && direction = 'in'` })
  ).totalItems;
}
async function chat(from: string) {
  return (
    await s.ctx.pb
      .collection('conversations')
      .getList<{ id: string; assignee: string }>(1, 1, { filter: `contact_phone = '+${from}'` })
  ).items[0];
}
/** An operator answers; waits until the sandbox phone read it (sent, delivered, read came back). */
async function answers(token: string, from: string, text: string) {
  const c = (await chat(from))!;
  const r = await api(s, token, 'POST', '/api/v1/messages', {
    conversation_id: c.id,
    to: from,
    type: 'text',
    text: { body: text },
  });
  expect(r.status).toBeLessThan(300);
  const id = (r.body.message?.id ?? r.body.id) as string;
  await until(async () => (await s.ctx.pb.collection('messages').getOne<{ status: string }>(id)).status === 'read');
  await s.idle();
}

beforeAll(async () => {
  ps = await new PushService().start();
  s = await startTestServer({ env: { PUSH_SERVICE_ORIGINS: ps.url }, sandbox: { autoRead: true } });
  admin = await login(s);
  manager = await createUser(s, 'manager');
  op1 = await createUser(s, 'operator', { see_unassigned: true });
  op2 = await createUser(s, 'operator', { see_unassigned: true });
  viewer = await createUser(s, 'viewer');
  // open all day: business-hours durations equal the raw ones (the calendar cases are in analytics-rules.test.ts)
  expect((await api(s, admin, 'PUT', '/api/v1/business-hours', openNow())).status).toBe(200);
  month = new Date().toISOString().slice(0, 7);

  await writes(A, 'Buongiorno');
  const a = (await chat(A))!;
  await api(s, admin, 'POST', `/api/v1/conversations/${a.id}/assign`, { assignee: op1.id });
  await answers(op1.token, A, 'Buongiorno, come posso aiutarla?');
  await writes(A, 'Il divano è disponibile?');
  await answers(op1.token, A, 'Sì, in tre colori');
  expect((await api(s, op1.token, 'POST', `/api/v1/conversations/${a.id}/status`, { status: 'closed' })).status).toBe(
    200,
  );
  await s.idle();
  await writes(A, 'Un’altra domanda'); // reopens the chat
  await api(s, admin, 'POST', `/api/v1/conversations/${a.id}/assign`, { assignee: op2.id });
  await answers(op2.token, A, 'Mi dica');
  await writes(B, 'Salve');
  await s.idle();
}, 120_000);

afterAll(async () => {
  await s?.stop();
  await ps?.close();
});

describe('monthly report', () => {
  it('matches the hand-counted figures; CSV with Accept: text/csv', async () => {
    const r = await api(s, manager.token, 'GET', `/api/v1/reports/monthly?month=${month}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      month,
      people_contacted: 1,
      conversations: 2,
      messages_exchanged: 7,
      templates_sent: 0,
      templates_by_category: { marketing: 0, utility: 0, authentication: 0 },
      free_messages_sent: 3,
      messages_received: 4,
      sent: 3,
      delivered: 3,
      read: 3,
      previous: { people_contacted: 0, messages_received: 0 },
    });
    const csv = await fetch(`${s.url}/api/v1/reports/monthly?month=${month}`, {
      headers: { authorization: `Bearer ${manager.token}`, accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^month,people_contacted,conversations,messages_exchanged/);
    expect(lines[1]).toBe(`${month},1,2,7,0,0,0,0,3,4,3,3,3`);
    expect(lines).toHaveLength(3);
  });

  it('is in the OpenAPI document with the other dashboard routes', async () => {
    const doc = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const p of [
      '/v1/numbers',
      '/v1/numbers/{id}/refresh',
      '/v1/reports/monthly',
      '/v1/analytics/messages',
      '/v1/analytics/team',
      '/v1/alerts',
      '/v1/alerts/{id}/dismiss',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
  });

  it('refuses a bad month with the one error shape', async () => {
    const r = await api(s, manager.token, 'GET', '/api/v1/reports/monthly?month=2026-13');
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('validation_failed');
  });
});

describe('messages chart', () => {
  it('counts inbound and outbound per bucket', async () => {
    const from = new Date(Date.now() - 3 * 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    for (const bucket of ['minute', 'hour', 'day']) {
      const r = await api(s, manager.token, 'GET', `/api/v1/analytics/messages?bucket=${bucket}&from=${from}&to=${to}`);
      expect(r.status).toBe(200);
      expect(r.body.timezone).toBe('Europe/Rome');
      const sum = (k: 'inbound' | 'outbound') =>
        (r.body.series as Array<Record<string, number>>).reduce((a, p) => a + p[k]!, 0);
      expect([bucket, sum('inbound'), sum('outbound')]).toEqual([bucket, 4, 3]);
    }
    const tooMany = await api(
      s,
      manager.token,
      'GET',
      `/api/v1/analytics/messages?bucket=hour&from=2020-01-01T00:00:00Z&to=${to}`,
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('range_too_large');
  });
});

describe('team performance', () => {
  const range = () =>
    `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;

  it('gives managers every operator and the team, raw and in business hours', async () => {
    const r = await api(s, manager.token, 'GET', `/api/v1/analytics/team?${range()}`);
    expect(r.status).toBe(200);
    const row = (id: string) => r.body.operators.find((o: { user: string }) => o.user === id);
    expect(row(op1.id)).toMatchObject({ conversations: 1, messages_sent: 2 });
    expect(row(op2.id)).toMatchObject({ conversations: 1, messages_sent: 1 });
    for (const k of ['first_response_s', 'avg_response_s', 'resolution_s']) {
      expect(row(op1.id)[k].raw).toBeGreaterThan(0);
      expect(row(op1.id)[k].business).toBe(row(op1.id)[k].raw); // open all day
    }
    expect(row(op2.id).resolution_s).toEqual({ raw: null, business: null });
    expect(r.body.team).toMatchObject({ conversations: 3, messages_sent: 3 });
    const heat = (r.body.heatmap as number[][]).flat();
    expect(heat).toHaveLength(7 * 24);
    expect(heat.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('gives an operator their own row only, no team totals; viewers nothing', async () => {
    const r = await api(s, op1.token, 'GET', `/api/v1/analytics/team?${range()}`);
    expect(r.status).toBe(200);
    expect(r.body.operators.map((o: { user: string }) => o.user)).toEqual([op1.id]);
    expect(r.body.team).toBeNull();
    expect(r.body.heatmap).toBeNull();
    expect((await api(s, viewer.token, 'GET', `/api/v1/analytics/team?${range()}`)).status).toBe(403);
    for (const path of [`/api/v1/reports/monthly?month=${month}`, '/api/v1/numbers', '/api/v1/alerts']) {
      const o = await api(s, op1.token, 'GET', path);
      expect([path, o.status, o.body.error.code]).toEqual([path, 403, 'forbidden']);
    }
  });
});

describe('numbers status', () => {
  it('answers quality, limit, people contacted and the next tier', async () => {
    const r = await api(s, manager.token, 'GET', '/api/v1/numbers');
    expect(r.status).toBe(200);
    const n = r.body.items[0];
    expect(n).toMatchObject({
      quality_rating: 'GREEN',
      messaging_limit: 'TIER_250',
      limit: 250,
      // the replies were inside the customer's window: nothing counted against the limit (ctx.limits)
      limit_used_24h: 0,
      contacted_24h: 1,
      contacted_7d: 1,
      throughput_mps: 80,
      status_detail: null,
      next_tier: { tier: 'TIER_2K' },
    });
    expect(n.quality_trend).toHaveLength(30);
    expect(n.quality_trend.at(-1).rating).toBe('GREEN');
  });
});

describe('alerts', () => {
  it('a quality drop and a flagged number: one alert and one push each to managers, however often noticed', async () => {
    const dev = ps.device();
    expect(
      (await api(s, manager.token, 'POST', '/api/v1/push/subscriptions', { ...dev.subscription, device: 'tablet' }))
        .status,
    ).toBe(201);
    const opDev = ps.device();
    await api(s, op1.token, 'POST', '/api/v1/push/subscriptions', { ...opDev.subscription, device: 'phone' });
    const control = (body: unknown) =>
      fetch(`${s.url}/sandbox/control/numbers/standing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    const numberId = (await api(s, manager.token, 'GET', '/api/v1/numbers')).body.items[0].id as string;

    // medium quality: Meta sends no webhook; the dashboard's refresh reads it
    expect((await control({ quality: 'YELLOW' })).webhooks).toEqual([]);
    const refreshed = await api(s, manager.token, 'POST', `/api/v1/numbers/${numberId}/refresh`);
    expect(refreshed.body.quality_rating).toBe('YELLOW');
    // low quality: Meta's FLAGGED webhook reaches the number
    expect((await control({ quality: 'RED' })).webhooks).toEqual(['phone_number_quality_update:FLAGGED']);
    const kinds = async () =>
      (await api(s, manager.token, 'GET', '/api/v1/alerts')).body.items.map((a: { kind: string }) => a.kind).sort();
    await until(async () => (await kinds()).length === 3);
    await s.idle();
    // noticed again and again: nothing new
    await analytics().alerts.check();
    await api(s, manager.token, 'POST', `/api/v1/numbers/${numberId}/refresh`);
    await s.idle();
    expect(await kinds()).toEqual(['flagged', 'quality_drop', 'quality_drop']);
    await ps.waitFor(() => ps.for(dev.id).length >= 3);
    await s.idle();
    expect(ps.for(dev.id)).toHaveLength(3);
    expect(ps.for(dev.id).map((p) => p.payload.title)).toContain('⚠️ Number flagged');
    expect(ps.for(opDev.id)).toHaveLength(0);

    // dismissed for the manager only
    const first = (await api(s, manager.token, 'GET', '/api/v1/alerts')).body.items[0];
    expect((await api(s, manager.token, 'POST', `/api/v1/alerts/${first.id}/dismiss`)).status).toBe(200);
    expect((await api(s, manager.token, 'GET', '/api/v1/alerts')).body.items).toHaveLength(2);
    expect((await api(s, admin, 'GET', '/api/v1/alerts')).body.items).toHaveLength(3);
    await control({ quality: 'GREEN', webhook: false });
  });
});

describe('limit alerts', () => {
  it('80 % and 100 % once per episode: a new one only after usage fell back under the threshold', async () => {
    // the usage figures are contract A's (ctx.limits); here they are dictated — for the server's own checks
    // too (its recurring one may run meanwhile) — and the episodes are ours
    let usage: LimitUsage = { tier: 'TIER_250', limit: 250, used: 100, resets_at: null };
    const real = s.ctx.limits;
    s.ctx.limits = { usage: async () => usage } as unknown as typeof real;
    try {
      const alerts = analytics().alerts;
      const limitKinds = async () =>
        (
          await s.ctx.pb.collection('alerts').getFullList<{ kind: string }>({
            filter: "kind = 'limit_80' || kind = 'limit_100'",
          })
        )
          .map((a) => a.kind)
          .sort();
      await alerts.check();
      expect(await limitKinds()).toEqual([]);
      usage = { ...usage, used: 200 };
      await alerts.check();
      usage = { ...usage, used: 230 };
      await alerts.check();
      expect(await limitKinds()).toEqual(['limit_80']);
      usage = { ...usage, used: 150 };
      await alerts.check();
      usage = { ...usage, used: 250 };
      await alerts.check();
      await alerts.check();
      expect(await limitKinds()).toEqual(['limit_100', 'limit_80', 'limit_80']);
      usage = { ...usage, used: 0 };
      await alerts.check();
    } finally {
      s.ctx.limits = real;
    }
    await s.idle();
  });
});

describe('the rollups', () => {
  const snapshot = async () => {
    const t = await analytics().analytics.team(0, Date.now() + 86_400_000);
    return {
      team: t.team,
      agents: Object.fromEntries(t.agents),
      reach: await analytics().analytics.reach(0, Date.now() + 86_400_000),
    };
  };

  it('count a re-delivered batch once (the stored seq is the idempotency key)', async () => {
    const before = await snapshot();
    const consumer = analytics().consumer;
    const events: StoredEvent[] = await s.consumers.log.read(0, 1000, consumer.names);
    expect(events.length).toBeGreaterThan(10);
    for (const e of events) await consumer.handle(e);
    await consumer.afterBatch();
    expect(await snapshot()).toEqual(before);
  });

  it('rebuilt from history equal what the live consumer counted', async () => {
    await s.idle();
    const before = await snapshot();
    const calendar = s.modules.calendar as CalendarModule;
    const r = await rebuildAnalytics({ pb: s.ctx.pb, calendars: new BusinessCalendars(calendar.hours) });
    expect(r.conversations).toBe(2);
    expect(await snapshot()).toEqual(before);
    // and the live consumer goes on from there
    await writes(B, 'Ci siete?');
    const after = await snapshot();
    expect(after.team.inbound).toBe(before.team.inbound + 1);
  });
});
