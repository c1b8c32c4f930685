/**
 * The campaign engine over time (issue 14 #3, #4, #9): pause and resume in the middle of a send (nobody
 * twice, nobody forgotten), a recurring campaign on the scheduler's ManualClock (each occurrence reads the
 * audience again, stops at its end date), and Meta's per-recipient refusals (131049, 131026) failing that
 * recipient with Meta's code and text while the others go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../api/src/engine/scheduler/clock.ts';
import { nextRunAfter } from '../../api/src/engine/scheduler/recurrence.ts';
import type { WaNumberRecord } from '../../api/src/lib/records.ts';
import { api, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

const MPS = 5;
// ticking: a slice that fails under a loaded machine is retried after its back-off, as in production
const clock = new ManualClock(Date.now(), { ticking: true });
let s: TestServer;
let token: string;
let number: WaNumberRecord;
let seq = 0;

const received = (phone: string) =>
  s.sandbox!.history(phone).filter((i) => i.kind === 'message' && i.direction === 'outbound').length;

/** n contacts on the list, written a hundred to a request */
async function contacts(n: number, list: string, extra: Record<string, unknown> = {}): Promise<string[]> {
  const phones: string[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = s.ctx.pb.createBatch();
    for (let j = i; j < Math.min(n, i + 100); j++) {
      const digits = `39346${String(process.pid % 1000).padStart(3, '0')}${String(seq++).padStart(4, '0')}`;
      batch.collection('contacts').create({
        wa_number: number.id,
        phone: `+${digits}`,
        wa_id: digits,
        phone_valid: true,
        first_name: `Nome${seq}`,
        language: 'it',
        lists: [list],
        ...extra,
      });
      phones.push(digits);
    }
    await batch.send();
  }
  return phones;
}
const newList = async () => (await s.ctx.pb.collection('lists').create({ name: `Lista ${seq++}` })).id as string;
const campaign = (id: string) => api(s, token, 'GET', `/api/v1/campaigns/${id}`).then((r) => r.body);
/** when a wait fails: the campaign and every scheduler row of it, to tell "never scheduled" from "never ran" */
async function diagnose(id: string, err: unknown): Promise<never> {
  const c = await campaign(id);
  const items = await s.ctx.pb.collection('work_items').getFullList({ filter: `dedupe_key ~ '${id}'` });
  throw new Error(
    `${err}; campaign ${JSON.stringify({ state: c.state, occurrence: c.occurrence, stats: c.stats, resume_at: c.resume_at, error: c.error })}; clock ${clock.now()}; items ${JSON.stringify(items.map((w) => [w.kind, w.state, w.attempts, w.last_error, w.run_at, w.lease_until, w.dedupe_key]))}`,
  );
}
const TEMPLATE = {
  name: 'appointment_reminder',
  language: 'it',
  params: { '1': '{{contact.first_name}}', '2': 'a', '3': 'b' },
};

beforeAll(async () => {
  // a slice writes one page of recipient rows before it hands over (production: half a slice)
  s = await startTestServer({ clock, outbound: { mps: MPS }, campaigns: { materializeMs: 0 } });
  token = await login(s);
  number = await s.ctx.pb.collection('wa_numbers').getFirstListItem<WaNumberRecord>('');
  await s.ctx.pb.collection('wa_numbers').update(number.id, { throughput_mps: MPS });
  await until(
    async () =>
      // both templates the tests send: a start before its template is synced as approved is refused
      (
        await s.ctx.pb.collection('templates').getList(1, 10, {
          filter: "status = 'APPROVED' && (name = 'benvenuto' || (name = 'appointment_reminder' && language = 'it'))",
        })
      ).totalItems >= 2,
    20_000,
  );
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

/**
 * A campaign of 60 started and seen sending (3 have received it). Generous limits: the tests look at what a
 * pause or a cancel holds back, not at how fast a loaded CI machine sends.
 */
async function sendingToSixty(name: string): Promise<{ id: string; phones: string[] }> {
  const list = await newList();
  const phones = await contacts(60, list);
  const id = (
    await api(s, token, 'POST', '/api/v1/campaigns', { name, template: TEMPLATE, audience: { lists: [list] } })
  ).body.id as string;
  const start = await api(s, token, 'POST', `/api/v1/campaigns/${id}/start`);
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  await until(async () => phones.filter((p) => received(p) > 0).length >= 3, 90_000, 20).catch((e) => diagnose(id, e));
  return { id, phones };
}

describe('pause and resume', () => {
  it('a paused campaign stops handing recipients over; resumed, it finishes with everyone exactly once', async () => {
    const { id, phones } = await sendingToSixty('Pausa');
    const paused = await api(s, token, 'POST', `/api/v1/campaigns/${id}/pause`);
    expect(paused.body.state).toBe('paused');
    // what was already in the send path leaves; then nothing more
    await until(async () => s.ctx.outbound.pending === 0, 90_000, 50);
    await s.idle();
    const handed = await s.ctx.pb
      .collection('campaign_recipients')
      .getList(1, 1, { filter: s.ctx.pb.filter("campaign = {:c} && message != ''", { c: id }) });
    const sentWhilePaused = phones.reduce((n, p) => n + received(p), 0);
    expect(sentWhilePaused).toBe(handed.totalItems);
    expect(sentWhilePaused).toBeLessThan(60);
    expect((await campaign(id)).state).toBe('paused');

    expect((await api(s, token, 'POST', `/api/v1/campaigns/${id}/resume`)).body.state).toBe('sending');
    const done = await until(
      async () => {
        const c = await campaign(id);
        return c.state === 'completed' ? c : undefined;
      },
      150_000,
      100,
    );
    expect(phones.map(received)).toEqual(phones.map(() => 1));
    expect(done.stats.queued).toBe(0);
  }, 360_000);
});

describe('a big audience', () => {
  it('sends to the first recipients while the rest of the audience is still being written; nobody twice', async () => {
    const list = await newList();
    const N = 1_100; // three pages of recipient rows (500 a page)
    await contacts(N, list);
    const id = (
      await api(s, token, 'POST', '/api/v1/campaigns', {
        name: 'Grande',
        template: TEMPLATE,
        audience: { lists: [list] },
      })
    ).body.id as string;
    expect((await api(s, token, 'POST', `/api/v1/campaigns/${id}/start`)).status).toBe(200);
    const whole = await until(
      async () => {
        const c = await campaign(id);
        return c.stats.audience === N ? c : undefined;
      },
      120_000,
      100,
    ).catch((e) => diagnose(id, e));
    expect((await api(s, token, 'POST', `/api/v1/campaigns/${id}/cancel`)).status).toBe(200);
    const filter = s.ctx.pb.filter('campaign = {:c}', { c: id });
    const first = await s.ctx.pb.collection('messages').getList(1, 1, { filter, sort: 'created' });
    const last = await s.ctx.pb.collection('campaign_recipients').getList(1, 1, { filter, sort: '-created' });
    // the first message was created before the audience's last rows were written
    expect(first.items[0]?.created, JSON.stringify(whole.stats)).toBeDefined();
    expect(first.items[0]!.created < last.items[0]!.created).toBe(true);
    // everyone once at most: a recipient handed over has one message, and no chat (one per contact) has two
    await until(async () => s.ctx.outbound.pending === 0, 90_000, 50);
    const messages = await s.ctx.pb.collection('messages').getFullList<{ conversation: string }>({ filter });
    expect(messages.length).toBeGreaterThan(0);
    expect(new Set(messages.map((m) => m.conversation)).size).toBe(messages.length);
  }, 300_000);
});

describe('cancel', () => {
  it('a cancelled campaign sends nobody else: who was not handed over is counted as cancelled, not queued', async () => {
    const { id, phones } = await sendingToSixty('Annulla');
    const cancelled = await api(s, token, 'POST', `/api/v1/campaigns/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    await until(async () => s.ctx.outbound.pending === 0, 90_000, 50);
    await s.idle();
    const c = await until(async () => {
      const x = await campaign(id);
      return x.stats.queued === 0 && x.stats.sent + x.stats.delivered + x.stats.read > 0 ? x : undefined;
    });
    const sent = phones.reduce((n, p) => n + received(p), 0);
    expect(phones.every((p) => received(p) <= 1)).toBe(true);
    expect(sent).toBeLessThan(60);
    // everyone is accounted for: handed over (and sent) or cancelled; nobody left "to send"
    expect(c.state).toBe('cancelled');
    expect(c.stats.waiting_limit).toBe(0);
    expect(c.stats.cancelled).toBe(60 - sent);
    const rows = await api(s, token, 'GET', `/api/v1/campaigns/${id}/recipients?state=cancelled`);
    expect(rows.status).toBe(200);
    expect(rows.body.total).toBe(60 - sent);
  }, 240_000);
});

describe('recurring', () => {
  it('each occurrence reads the audience again; the campaign ends at its end date', async () => {
    const list = await newList();
    const [first] = await contacts(1, list);
    const spec = { cron: '0 9 * * *', timezone: 'Europe/Rome' };
    const run1 = nextRunAfter(spec, clock.now())!;
    const run2 = nextRunAfter(spec, run1)!;
    const r = await api(s, token, 'POST', '/api/v1/campaigns', {
      name: 'Ogni mattina',
      template: TEMPLATE,
      audience: { lists: [list] },
      schedule: { ...spec, until: new Date(run2 + 3600_000).toISOString() },
    });
    expect([r.body.state, r.body.next_run_at]).toEqual(['scheduled', new Date(run1).toISOString()]);
    const id = r.body.id;

    clock.set(run1);
    const c1 = await until(
      async () => {
        const c = await campaign(id);
        return c.occurrence === 1 && c.state === 'scheduled' && c.stats.queued === 0 ? c : undefined;
      },
      30_000,
      100,
    );
    expect(c1.next_run_at).toBe(new Date(run2).toISOString());
    expect(received(first!)).toBe(1);

    // someone joins the list before the next morning: the second occurrence includes them
    const [second] = await contacts(1, list);
    clock.set(run2);
    const c2 = await until(
      async () => {
        const c = await campaign(id);
        return c.occurrence === 2 && c.state === 'completed' ? c : undefined;
      },
      30_000,
      100,
    );
    expect(c2.stats.audience).toBe(2);
    expect([received(first!), received(second!)]).toEqual([2, 1]);
    // the end date is passed: no third occurrence
    clock.set(nextRunAfter(spec, run2)!);
    await s.idle();
    expect((await campaign(id)).occurrence).toBe(2);
  }, 90_000);
});

describe("Meta's refusals", () => {
  it('131049 and 131026 fail that recipient with Meta’s code and text; the others are sent', async () => {
    const list = await newList();
    const phones = await contacts(3, list);
    s.sandbox!.faults.failAfterSend(1, 131049);
    s.sandbox!.faults.failAfterSend(1, 131026);
    const id = (
      await api(s, token, 'POST', '/api/v1/campaigns', {
        name: 'Rifiuti',
        template: { name: 'benvenuto', params: { '1': '{{contact.first_name|Cliente}}' } },
        audience: { lists: [list] },
      })
    ).body.id;
    await api(s, token, 'POST', `/api/v1/campaigns/${id}/start`);
    const done = await until(
      async () => {
        const c = await campaign(id);
        return c.state === 'completed' && c.stats.failed === 2 ? c : undefined;
      },
      30_000,
      100,
    );
    expect(done.stats.sent + done.stats.delivered + done.stats.read).toBe(1);
    const failed = await api(s, token, 'GET', `/api/v1/campaigns/${id}/recipients?state=failed`);
    expect(failed.body.items.map((x: any) => x.error_code).sort()).toEqual([131026, 131049]);
    for (const x of failed.body.items) expect(x.error_text).not.toBe('');
    expect(phones.map(received)).toEqual([1, 1, 1]);
  }, 60_000);
});

describe('the messaging limit', () => {
  it('a campaign stops at the tier, shows when it resumes, and resumes by itself a day later: everyone once, never above', async () => {
    // a day later: what the earlier campaigns used of the tier is free again (in Spunta and in "Meta")
    clock.advance(25 * 3_600_000);
    await s.idle();
    // Meta lowers the portfolio to 50 unique customers a day, and says so by webhook
    const sb = await fetch(`${s.url}/sandbox/control/numbers/standing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tier: 'TIER_50', webhook: false }),
    });
    expect(sb.status).toBe(200);
    await s.sandbox!.emitWebhook('phone_number_quality_update', {
      display_phone_number: s.ctx.config.whatsapp.displayPhoneNumber,
      event: 'DOWNGRADE',
      max_daily_conversations_per_business: 'TIER_50',
    });
    await until(async () => (await s.ctx.limits.usage(number.id)).limit === 50, 30_000);
    expect((await s.ctx.limits.usage(number.id)).used).toBe(0);

    const list = await newList();
    const phones = await contacts(60, list);
    const id = (
      await api(s, token, 'POST', '/api/v1/campaigns', {
        name: 'Limite',
        template: TEMPLATE,
        audience: { lists: [list] },
      })
    ).body.id;
    const started = clock.now();
    const start = await api(s, token, 'POST', `/api/v1/campaigns/${id}/start`);
    expect(start.status, JSON.stringify(start.body)).toBe(200);

    // 50 go out; the other 10 wait, and the campaign says until when
    const held = await until(
      async () => {
        const c = await campaign(id);
        return c.stats.waiting_limit === 10 && c.resume_at ? c : undefined;
      },
      90_000,
      100,
    ).catch((e) => diagnose(id, e));
    await until(async () => phones.filter((p) => received(p) > 0).length === 50, 90_000, 50);
    await s.idle();
    expect(phones.filter((p) => received(p) > 0)).toHaveLength(50);
    expect(held.state).toBe('sending');
    const resumeAt = Date.parse(held.resume_at);
    expect(resumeAt).toBeGreaterThan(started + 23 * 3_600_000);
    expect(resumeAt).toBeLessThanOrEqual(started + 24 * 3_600_000 + 60_000);
    expect((await s.ctx.limits.usage(number.id)).used).toBe(50);

    // nothing more before the time it showed
    clock.advance(12 * 3_600_000);
    await s.idle();
    expect(phones.filter((p) => received(p) > 0)).toHaveLength(50);

    // then it continues on its own
    clock.advance(12 * 3_600_000 + 120_000);
    await until(async () => phones.every((p) => received(p) > 0), 90_000, 50);
    const done = await until(
      async () => {
        const c = await campaign(id);
        return c.state === 'completed' ? c : undefined;
      },
      90_000,
      100,
    );
    expect(phones.map(received).every((n) => n === 1)).toBe(true);
    expect(done.stats.waiting_limit).toBe(0);
    expect(done.stats.failed).toBe(0);
    expect(done.resume_at).toBe('');
  }, 180_000);
});
