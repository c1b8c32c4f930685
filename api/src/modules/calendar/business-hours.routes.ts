/**
 * GET/PUT/DELETE /api/v1/business-hours[?number=<id>] (everyone reads, admins write),
 * GET /api/v1/business-hours/status (the inbox header's "open · closes 18:00"),
 * GET /api/v1/business-hours/presets (countries with national holidays).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../../lib/context.ts';
import { errorBody } from '../../lib/errors.ts';
import { bearer, errorResponses, json, openApiApp } from '../../lib/openapi.ts';
import type { BusinessHours, CalendarState } from './business-calendar.ts';
import { BusinessHoursInput, BusinessHoursOutput, CalendarStatus, NumberQuery } from './business-hours.schema.ts';
import { BusinessHoursService, type StoredHours } from './business-hours.service.ts';
import { presetCountries } from './holiday-presets.ts';
import { assertMay } from '../../engine/policy/policy.ts';

const statusJson = (s: CalendarState) => ({
  open: s.open,
  holiday: s.holiday,
  next: s.next ? { at: new Date(s.next.at).toISOString(), open: s.next.open } : null,
});

export function businessHoursRoutes(
  ctx: AppContext,
  service = new BusinessHoursService({
    pb: ctx.pb,
    clock: ctx.scheduler.clock,
    defaultTimezone: ctx.config.defaultTimezone,
  }),
) {
  const app = openApiApp();
  const answer = (stored: StoredHours) => {
    const h = stored.hours;
    return {
      timezone: h.timezone,
      weekly: h.weekly,
      holidays: h.holidays ?? [],
      national_holidays: h.national_holidays ?? null,
      scope: stored.scope,
      number: stored.number,
      configured: stored.configured,
      status: statusJson(service.calendarOf(h).state(ctx.scheduler.clock.now())),
      preset_holidays: service.presetList(h),
    };
  };
  app.use(
    '/business-hours',
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => c.json(errorBody('payload_too_large', 'Business hours are limited to 64 KB'), 413),
    }),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/business-hours',
      tags: ['business hours'],
      security: bearer,
      request: { query: NumberQuery },
      summary: 'Business hours (global, or a number’s own falling back to the global ones), with the state now',
      responses: { 200: json(BusinessHoursOutput, 'Hours'), ...errorResponses },
    }),
    async (c) => c.json(answer(await service.get(c.req.valid('query').number)), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/business-hours',
      tags: ['business hours'],
      security: bearer,
      request: { query: NumberQuery, body: { required: true, ...json(BusinessHoursInput, 'Hours') } },
      summary: 'Replace the business hours (admins). A day left out is closed; a range may end after midnight',
      responses: { 200: json(BusinessHoursOutput, 'Saved'), 413: json(z.object({}), 'Too large'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'business_hours.write');
      const body = c.req.valid('json');
      const hours: BusinessHours = {
        timezone: body.timezone,
        weekly: body.weekly,
        holidays: body.holidays,
        national_holidays: body.national_holidays ?? null,
      };
      return c.json(answer(await service.put(hours, c.req.valid('query').number)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/business-hours',
      tags: ['business hours'],
      security: bearer,
      request: { query: NumberQuery },
      summary:
        'Remove a number’s own hours so it follows the global ones; without a number, remove the global hours (admins)',
      responses: { 200: json(BusinessHoursOutput, 'What applies now'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'business_hours.write');
      return c.json(answer(await service.remove(c.req.valid('query').number)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/business-hours/status',
      tags: ['business hours'],
      security: bearer,
      request: { query: NumberQuery },
      summary: 'Open or closed now, and the next change',
      responses: {
        200: json(CalendarStatus.extend({ configured: z.boolean(), timezone: z.string() }), 'State'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { stored, state } = await service.status(c.req.valid('query').number);
      return c.json({ configured: stored.configured, timezone: stored.hours.timezone, ...statusJson(state) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/business-hours/presets',
      tags: ['business hours'],
      security: bearer,
      summary: 'Countries whose national holidays can be added',
      responses: {
        200: json(z.object({ countries: z.array(z.object({ code: z.string(), name: z.string() })) }), 'Countries'),
        ...errorResponses,
      },
    }),
    (c) => c.json({ countries: presetCountries() }, 200),
  );

  return app;
}
