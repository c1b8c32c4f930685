/**
 * Analytics assembled: the rollups' consumer of domain events, the dashboard's queries and routes, the
 * numbers' status, and the alerts (checked every minute, when Meta tells us about a number, and after
 * outbound traffic for the messaging limit).
 */
import type { Module } from '../../engine/module.ts';
import type { AppContext } from '../../lib/context.ts';
import { openApiApp } from '../../lib/openapi.ts';
import type { UserRecord, WaNumberRecord } from '../../lib/records.ts';
import type { BusinessHoursService } from '../calendar/business-hours.service.ts';
import { NumberStanding } from '../channels/whatsapp/number-standing.ts';
import { numbersStatusRoutes } from '../numbers/numbers-status.routes.ts';
import { AlertsService } from './alerts.service.ts';
import { AnalyticsConsumer } from './analytics.consumer.ts';
import { analyticsRoutes } from './analytics.routes.ts';
import { AnalyticsService } from './analytics.service.ts';
import { BusinessCalendars } from './business-calendars.ts';
import { NumberStatusService, type LimitsCounter } from './number-status.ts';

export const ALERTS_CHECK = 'analytics.alerts';
const LIMIT_CHECK_EVERY_MS = 5000;

export interface AnalyticsModule extends Module {
  analytics: AnalyticsService;
  consumer: AnalyticsConsumer;
  alerts: AlertsService;
  numbers: NumberStatusService;
}

export function createAnalyticsModule(ctx: AppContext, deps: { hours: BusinessHoursService }): AnalyticsModule {
  const { pb, log } = ctx;
  // contract A: the send rails put their one messaging-limit counter on the context (branch rails)
  const limits = () => (ctx as AppContext & { limits?: LimitsCounter }).limits;
  const calendars = new BusinessCalendars(deps.hours);
  const analytics = new AnalyticsService({ pb, calendars });
  const consumer = new AnalyticsConsumer({ pb, log, calendars });
  const alerts = new AlertsService({ pb, log, limits });
  const numbers = new NumberStatusService({ pb, analytics, limits });
  const standing = new NumberStanding({ pb, graph: ctx.graph, bus: ctx.bus, log });
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const q = p
      .catch((err) => log.warn('analytics: alerts check failed', { err: String(err) }))
      .finally(() => pending.delete(q));
    pending.add(q);
  };
  let lastLimitCheck = 0;
  consumer.onApplied = (_seq, events) => {
    if (!limits() || !events.some((e) => e.name === 'message.status')) return;
    if (Date.now() - lastLimitCheck < LIMIT_CHECK_EVERY_MS) return;
    lastLimitCheck = Date.now();
    track(alerts.check());
  };
  let unsubscribe: (() => void) | undefined;

  const refresh = async (id: string) => {
    const row = await pb.collection('wa_numbers').getOne<WaNumberRecord>(id);
    await standing.refresh(row);
    await alerts.check();
  };

  const routes = openApiApp();
  routes.route(
    '/',
    analyticsRoutes({
      analytics,
      alerts,
      users: () =>
        pb.collection('users').getFullList<UserRecord>({ fields: 'id,name,email,role,active', requestKey: null }),
    }),
  );
  routes.route('/', numbersStatusRoutes({ numbers, refresh }));

  return {
    name: 'analytics',
    analytics,
    consumer,
    alerts,
    numbers,
    routes,
    consumers: [consumer],
    async start() {
      ctx.scheduler.register(ALERTS_CHECK, {
        concurrency: 1,
        maxAttempts: 1,
        leaseMs: 60_000,
        handler: async () => void (await alerts.check()),
      });
      await ctx.scheduler.recurring(ALERTS_CHECK, { everyMs: 60_000 }, { runNow: true, principal: 'system:alerts' });
      // Meta told us something about a number: read its whole standing (webhooks carry only part of it), then look
      unsubscribe = ctx.bus.subscribe('number.quality', (e) => {
        if (e.event === 'READ_FROM_META') return track(alerts.check());
        track(
          (async () => {
            const row = await pb
              .collection('wa_numbers')
              .getFirstListItem<WaNumberRecord>(pb.filter('phone_number_id = {:p}', { p: e.phoneNumberId }));
            await standing.refresh(row).catch((err) => log.warn('standing read failed', { err: String(err) }));
            await alerts.check();
          })(),
        );
      });
    },
    async stop() {
      unsubscribe?.();
      await Promise.all([...pending]);
    },
    async idle() {
      await Promise.all([...pending]);
    },
  };
}
