/**
 * The number's standing read from Meta (the sandbox, answering like Meta): at start and every 6 hours the
 * scheduler reads quality_rating, status, throughput and whatsapp_business_manager_messaging_limit and the
 * wa_numbers row follows, with a history entry when the tier or quality changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../api/src/engine/scheduler/clock.ts';
import type { WaNumberRecord } from '../../api/src/lib/records.ts';
import type { AnalyticsModule } from '../../api/src/modules/analytics/analytics.module.ts';
import { startTestServer, until, type TestServer } from '../setup/harness.ts';

const HOUR = 3_600_000;
let s: TestServer;
let clock: ManualClock;

beforeAll(async () => {
  clock = new ManualClock();
  s = await startTestServer({ clock });
});
afterAll(async () => {
  await s?.stop();
});

const number = () =>
  s.ctx.pb
    .collection('wa_numbers')
    .getFirstListItem<WaNumberRecord>(
      s.ctx.pb.filter('phone_number_id = {:p}', { p: s.ctx.config.whatsapp.phoneNumberId }),
    );
const control = (body: unknown) =>
  fetch(`${s.url}/sandbox/control/numbers/standing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('number standing read from Meta', () => {
  it('the sandbox answers the fields like Meta', async () => {
    const pnid = s.ctx.config.whatsapp.phoneNumberId;
    const info = await s.ctx.graph.getPhoneNumber(
      pnid,
      'quality_rating,status,throughput,whatsapp_business_manager_messaging_limit',
    );
    expect(info).toEqual({
      id: pnid,
      quality_rating: 'GREEN',
      status: 'CONNECTED',
      throughput: { level: 'STANDARD' },
      whatsapp_business_manager_messaging_limit: 'TIER_250',
    });
    const bad = await control({ tier: 'TIER_3K' });
    expect(bad.status).toBe(400);
  });

  it('is read at start, and again every 6 hours after Meta changed it', async () => {
    const first = await until(async () => {
      const n = await number();
      return n.standing_read_at ? n : undefined;
    });
    expect(first).toMatchObject({
      messaging_limit_tier: 'TIER_250',
      quality_rating: 'GREEN',
      status: 'CONNECTED',
      throughput: 'STANDARD',
    });

    // changes Meta sent no webhook about (or whose webhook was missed): only the periodic read sees them
    expect(
      (await control({ tier: 'TIER_10K', quality: 'YELLOW', status: 'FLAGGED', throughput: 'HIGH', webhook: false }))
        .status,
    ).toBe(200);
    // not before the next run is due
    clock.advance(HOUR);
    await s.ctx.scheduler.idle();
    expect((await number()).messaging_limit_tier).toBe('TIER_250');

    clock.advance(6 * HOUR);
    const next = await until(async () => {
      const n = await number();
      return n.messaging_limit_tier === 'TIER_10K' ? n : undefined;
    });
    expect(next).toMatchObject({ quality_rating: 'YELLOW', status: 'FLAGGED', throughput: 'HIGH' });
    expect(next.quality_history?.at(-1)).toMatchObject({
      event: 'READ_FROM_META',
      rating: 'YELLOW',
      tier: 'TIER_10K',
      status: 'FLAGGED',
    });

    await control({ tier: 'TIER_UNLIMITED', quality: 'GREEN', status: 'CONNECTED', webhook: false });
    clock.advance(6 * HOUR);
    await until(async () => (await number()).messaging_limit_tier === 'TIER_UNLIMITED');
    expect(await number()).toMatchObject({ quality_rating: 'GREEN', status: 'CONNECTED' });
  });

  it("a read of Meta's fields right after a webhook does not undo what the webhook said (Meta's fields lag)", async () => {
    // Meta flags the number: the webhook arrives, but the number's fields still answer GREEN for a while
    await control({ quality: 'GREEN', status: 'CONNECTED', webhook: false });
    await s.sandbox!.emitWebhook('phone_number_quality_update', {
      display_phone_number: s.ctx.config.whatsapp.displayPhoneNumber,
      event: 'FLAGGED',
      max_daily_conversations_per_business: 'TIER_2K',
    });
    // the webhook makes Spunta read the whole standing; wait until that read has landed
    await until(async () => {
      const n = await number();
      return n.quality_rating === 'RED' && n.quality_history?.at(-1)?.event === 'FLAGGED' ? n : undefined;
    });
    await s.idle();
    const before = (await number()).standing_read_at;
    // and the periodic read an hour later, with Meta still lagging
    clock.advance(7 * HOUR);
    await until(async () => (await number()).standing_read_at !== before);
    expect(await number()).toMatchObject({ quality_rating: 'RED', messaging_limit_tier: 'TIER_2K' });
    // the dashboard's 30-day strip shows today as low quality
    const [status] = await (s.modules.analytics as AnalyticsModule).numbers.list();
    expect(status?.quality_trend.at(-1)?.rating).toBe('RED');
    // and the days before as they were: the drop is today's
    expect(status?.quality_trend.at(-2)?.rating).toBe('GREEN');
  });
});
