/**
 * Business hours and the out-of-hours reply assembled: one BusinessHoursService (its cache is the one
 * the routes update), the reply's consumer of domain events and its scheduler kind, and the routes.
 */
import type { AppContext } from '../../lib/context.ts';
import { openApiApp } from '../../lib/openapi.ts';
import type { Module } from '../../engine/module.ts';
import { businessHoursRoutes } from '../calendar/business-hours.routes.ts';
import { BusinessHoursService } from '../calendar/business-hours.service.ts';
import { SettingsStore } from '../settings/settings.store.ts';
import { outOfHoursRoutes } from './out-of-hours.routes.ts';
import { OutOfHoursService } from './out-of-hours.service.ts';

export interface CalendarModule extends Module {
  hours: BusinessHoursService;
  outOfHours: OutOfHoursService;
}

export function createCalendarModule(ctx: AppContext): CalendarModule {
  const hours = new BusinessHoursService({
    pb: ctx.pb,
    clock: ctx.scheduler.clock,
    defaultTimezone: ctx.config.defaultTimezone,
  });
  const outOfHours = new OutOfHoursService(ctx, hours, new SettingsStore(ctx.pb));
  const routes = openApiApp();
  routes.route('/', businessHoursRoutes(ctx, hours));
  routes.route('/', outOfHoursRoutes(outOfHours));
  return {
    name: 'calendar',
    hours,
    outOfHours,
    routes,
    consumers: [outOfHours],
    async start() {
      outOfHours.register();
    },
  };
}
