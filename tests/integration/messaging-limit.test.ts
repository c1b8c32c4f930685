/**
 * Meta's messaging limit is never exceeded: two bulk senders (a campaign and an automation, through the one
 * send path) and an operator's templates compete for a TIER_50 number; exactly 50 customers are reached
 * outside their window, the rest is refused with 429 messaging_limit and a retry time; a customer already
 * reached is not counted twice; a customer whose window is open costs nothing; the count survives a restart.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SANDBOX_NUMBER } from '../../api/src/config.ts';
import { systemPrincipal } from '../../api/src/engine/policy/permissions.ts';
import type { AppError } from '../../api/src/lib/errors.ts';
import type { MessageRecord, WaNumberRecord } from '../../api/src/lib/records.ts';
import { api, login, startTestServer, tempDataDir, until, type TestServer } from '../setup/harness.ts';

const dataDir = tempDataDir();
let s: TestServer;
let token: string;
let numberId: string;
const phone = (i: number) => `39347${String(1_000_000 + i)}`;
const HELLO = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };

async function boot(): Promise<void> {
  s = await startTestServer({ dataDir });
  token = await login(s);
  numberId = (
    await s.ctx.pb
      .collection('wa_numbers')
      .getFirstListItem<WaNumberRecord>(s.ctx.pb.filter('phone_number_id = {:p}', { p: SANDBOX_NUMBER.phoneNumberId }))
  ).id;
}

/** A bulk send through the one send path; 'refused' when the messaging limit said no. */
async function bulk(purpose: 'campaign' | 'automation', waId: string, key: string): Promise<'sent' | number> {
  try {
    await s.ctx.send.enqueue({
      principal: systemPrincipal(purpose),
      to: { numberId, waId },
      body: HELLO,
      clientId: `${purpose}:${key}:${waId}`,
      purpose,
    });
    return 'sent';
  } catch (err) {
    const e = err as AppError;
    if (e.code !== 'messaging_limit') throw err;
    expect(e.status).toBe(429);
    return (e.details as { retry_after_s: number }).retry_after_s;
  }
}

beforeAll(async () => {
  await boot();
  // Meta lowers the portfolio to 50 (the sandbox enforces it too) and says so by webhook
  const sb = await fetch(`${s.url}/sandbox/control/numbers/standing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tier: 'TIER_50' }),
  });
  expect(sb.status).toBe(200);
  await s.sandbox!.emitWebhook('phone_number_quality_update', {
    display_phone_number: SANDBOX_NUMBER.displayPhoneNumber,
    event: 'DOWNGRADE',
    max_daily_conversations_per_business: 'TIER_50',
  });
  await until(async () => (await s.ctx.limits.usage(numberId)).limit === 50);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('two bulk senders and operator templates: never above the tier, a restart in the middle, nobody counted twice', async () => {
  expect(await s.ctx.limits.usage(numberId)).toMatchObject({ tier: 'TIER_50', limit: 50, used: 0, resets_at: null });

  // phase 1: 30 customers (campaign 0-14, automation 15-29, concurrently)
  const first = await Promise.all([
    ...Array.from({ length: 15 }, (_, i) => bulk('campaign', phone(i), 'c1')),
    ...Array.from({ length: 15 }, (_, i) => bulk('automation', phone(15 + i), 'a1')),
  ]);
  expect(first.every((r) => r === 'sent')).toBe(true);
  expect((await s.ctx.limits.usage(numberId)).used).toBe(30);
  await s.idle();

  // the restart: the count comes back from the stored messages
  await s.stop();
  await boot();
  const after = await s.ctx.limits.usage(numberId);
  expect([after.tier, after.limit, after.used]).toEqual(['TIER_50', 50, 30]);
  expect(Date.parse(after.resets_at!)).toBeGreaterThan(Date.now() + 23 * 3600_000);

  // phase 2, all at once: a campaign to 20 new + 10 already reached, an automation to 20 other new ones,
  // an operator's template to 10 more new customers — 50 new customers want the 20 places left
  const campaign = [
    ...Array.from({ length: 20 }, (_, i) => phone(100 + i)),
    ...Array.from({ length: 10 }, (_, i) => phone(i)),
  ];
  const automation = Array.from({ length: 20 }, (_, i) => phone(200 + i));
  const operator = Array.from({ length: 10 }, (_, i) => phone(300 + i));
  const results = await Promise.all([
    ...campaign.map((p) => bulk('campaign', p, 'c2').then((r) => ({ p, r }))),
    ...automation.map((p) => bulk('automation', p, 'a2').then((r) => ({ p, r }))),
    ...operator.map((p) =>
      api(s, token, 'POST', '/api/v1/messages', { to: p, ...HELLO }).then((res) => {
        if (res.status === 202) return { p, r: 'sent' as const };
        expect([res.status, res.body.error.code]).toEqual([429, 'messaging_limit']);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(23 * 3600);
        return { p, r: res.body.error.details.retry_after_s as number };
      }),
    ),
  ]);
  // customers already reached always pass, and cost nothing
  for (const { p, r } of results.filter((x) => campaign.slice(20).includes(x.p))) expect(r, p).toBe('sent');
  const newlySent = results.filter((x) => !campaign.slice(20).includes(x.p) && x.r === 'sent');
  const refused = results.filter((x) => x.r !== 'sent');
  expect(newlySent).toHaveLength(20);
  expect(refused).toHaveLength(30);
  // the refusal says when a place frees up: 24 h after the oldest counted send
  for (const { r } of refused) expect(r).toBeGreaterThan(23 * 3600);
  const usage = await s.ctx.limits.usage(numberId);
  expect(usage.used).toBe(50);

  // a customer who wrote (window open) still gets a template: not business-initiated, not counted
  await s.sandbox!.customerSend({ type: 'text', from: phone(400), name: 'Cliente', text: 'Buongiorno' });
  await until(
    async () =>
      (await s.ctx.pb.collection('contacts').getList(1, 1, { filter: `wa_id = '${phone(400)}'` })).totalItems === 1,
  );
  await s.ctx.writer.idle();
  expect(await bulk('campaign', phone(400), 'c3')).toBe('sent');
  expect((await s.ctx.limits.usage(numberId)).used).toBe(50);

  // what reached Meta (the sandbox, enforcing TIER_50 itself): every accepted send delivered, none refused
  await until(async () => {
    const rows = await s.ctx.pb.collection('messages').getFullList<MessageRecord>({
      filter: "direction = 'out'",
      fields: 'id,status',
    });
    return rows.length === 61 && rows.every((m) => m.status === 'delivered' || m.status === 'read');
  }, 60_000);
  const reached = new Set<string>();
  for (let i = 0; i < 400; i++) {
    const out = s.sandbox!.history(phone(i)).filter((x) => x.kind === 'message' && x.direction === 'outbound');
    if (out.length) reached.add(phone(i));
  }
  expect(reached.size).toBe(50);
  const meta = (await (await fetch(`${s.url}/sandbox/control/throughput`)).json()) as {
    messaging_limit: { used: Record<string, number>; refused: number };
  };
  expect(meta.messaging_limit.used[SANDBOX_NUMBER.wabaId]).toBe(50);
  expect(meta.messaging_limit.refused).toBe(0);
}, 180_000);

it('the sandbox, like Meta, fails a business-initiated send over the tier with 131048 (our count was bypassed)', async () => {
  // straight to the Graph API, as a second tool sharing the portfolio would: the 51st customer is not reached
  const r = await s.ctx.graph.sendMessage(SANDBOX_NUMBER.phoneNumberId, {
    to: phone(500),
    type: 'template',
    template: HELLO.template,
  });
  expect(r.wamid).toMatch(/^wamid\./);
  await until(() =>
    Promise.resolve(
      s
        .sandbox!.history(phone(500))
        .find((x) => x.kind === 'message' && x.direction === 'outbound' && x.status === 'failed'),
    ),
  );
  const meta = (await (await fetch(`${s.url}/sandbox/control/throughput`)).json()) as {
    messaging_limit: { refused: number };
  };
  expect(meta.messaging_limit.refused).toBe(1);
});
