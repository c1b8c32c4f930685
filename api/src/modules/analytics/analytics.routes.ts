/**
 * /api/v1/reports/monthly, /api/v1/analytics/messages, /api/v1/analytics/team (JSON, or CSV with
 * Accept: text/csv) and /api/v1/alerts (list, dismiss). Admins and managers; operators may read only
 * their own row of the team performance.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { assertMay, principalOf } from '../../engine/policy/policy.ts';
import { may } from '../../engine/policy/permissions.ts';
import type { AppEnv } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { bearer, errorResponses, json, openApiApp, recordIdParam } from '../../lib/openapi.ts';
import type { AlertsService } from './alerts.service.ts';
import { perfOf, type AnalyticsService, type MonthFigures } from './analytics.service.ts';
import { emptyCounters } from './analytics-rules.ts';
import { csvCell } from '../contacts/csv-out.ts';

const toCsv = (rows: unknown[][]) => `${rows.map((r) => r.map((v) => csvCell(v ?? '')).join(',')).join('\r\n')}\r\n`;

const limit = bodyLimit({
  maxSize: 4 * 1024,
  onError: () => {
    throw new AppError('payload_too_large', 413, 'Body above 4 KB');
  },
});

const NumberQ = z
  .string()
  .regex(/^[a-z0-9]{15}$/, 'not a number id')
  .optional()
  .openapi({ description: 'a wa_numbers id (default: all numbers)' });
const Iso = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not an ISO date-time');

const Duration = z.object({ raw: z.number().nullable(), business: z.number().nullable() });
const Perf = z
  .object({
    conversations: z.number(),
    messages_sent: z.number(),
    first_response_s: Duration,
    avg_response_s: Duration,
    resolution_s: Duration,
  })
  .openapi('Perf');
const Figures = z.object({
  people_contacted: z.number(),
  conversations: z.number(),
  messages_exchanged: z.number(),
  templates_sent: z.number(),
  templates_by_category: z.object({ marketing: z.number(), utility: z.number(), authentication: z.number() }),
  free_messages_sent: z.number(),
  messages_received: z.number(),
  sent: z.number(),
  delivered: z.number(),
  read: z.number(),
});
const Monthly = Figures.extend({ month: z.string(), previous: Figures.extend({ month: z.string() }) }).openapi(
  'MonthlyReport',
);
const Series = z
  .object({
    bucket: z.string(),
    timezone: z.string(),
    series: z.array(z.object({ t: z.string(), inbound: z.number(), outbound: z.number() })),
  })
  .openapi('MessagesSeries');
const Team = z
  .object({
    from: z.string(),
    to: z.string(),
    timezone: z.string(),
    team: Perf.nullable(),
    operators: z.array(Perf.extend({ user: z.string(), name: z.string() })),
    heatmap: z.array(z.array(z.number())).nullable(),
  })
  .openapi('TeamPerformance');
const Alert = z
  .object({
    id: z.string(),
    kind: z.string(),
    number: z.string(),
    key: z.string(),
    data: z.unknown(),
    created: z.string(),
  })
  .openapi('Alert');

const wantsCsv = (c: Context<AppEnv>) => (c.req.header('accept') ?? '').includes('text/csv');
const csvResponse = (c: Context<AppEnv>, name: string, text: string) =>
  c.body(text, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}"`,
  });

const figureRows = (f: MonthFigures & { month: string }) => [
  f.month,
  f.people_contacted,
  f.conversations,
  f.messages_exchanged,
  f.templates_sent,
  f.templates_by_category.marketing,
  f.templates_by_category.utility,
  f.templates_by_category.authentication,
  f.free_messages_sent,
  f.messages_received,
  f.sent,
  f.delivered,
  f.read,
];
const FIGURE_HEAD = [
  'month',
  'people_contacted',
  'conversations',
  'messages_exchanged',
  'templates_sent',
  'templates_marketing',
  'templates_utility',
  'templates_authentication',
  'free_messages_sent',
  'messages_received',
  'sent',
  'delivered',
  'read',
];
const perfRow = (p: z.infer<typeof Perf>) => [
  p.conversations,
  p.messages_sent,
  p.first_response_s.raw,
  p.first_response_s.business,
  p.avg_response_s.raw,
  p.avg_response_s.business,
  p.resolution_s.raw,
  p.resolution_s.business,
];
const PERF_HEAD = [
  'conversations',
  'messages_sent',
  'first_response_s',
  'first_response_business_s',
  'avg_response_s',
  'avg_response_business_s',
  'resolution_s',
  'resolution_business_s',
];

export function analyticsRoutes(deps: {
  analytics: AnalyticsService;
  alerts: AlertsService;
  users: () => Promise<Array<{ id: string; name: string; email: string; role: string; active: boolean }>>;
}) {
  const { analytics, alerts } = deps;
  const app = openApiApp();
  app.use('/alerts/*', limit);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/monthly',
      tags: ['analytics'],
      security: bearer,
      summary: 'The month in figures, with the month before (admins, managers); CSV with Accept: text/csv',
      request: {
        query: z.object({
          month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
          number: NumberQ,
        }),
      },
      responses: {
        200: {
          description: 'Report',
          content: { 'application/json': { schema: Monthly }, 'text/csv': { schema: z.string() } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      assertMay(c.get('principal') ?? c.get('user'), 'analytics.read');
      const q = c.req.valid('query');
      const r = await analytics.monthly(q.month, q.number);
      if (wantsCsv(c))
        return csvResponse(
          c,
          `report-${q.month}.csv`,
          toCsv([FIGURE_HEAD, figureRows(r), figureRows(r.previous)]),
        ) as never;
      return c.json(r, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/analytics/messages',
      tags: ['analytics'],
      security: bearer,
      summary: 'Inbound and outbound messages per bucket (business time zone); CSV with Accept: text/csv',
      request: {
        query: z.object({
          bucket: z.enum(['minute', 'hour', 'day', 'month', 'quarter', 'year']),
          from: Iso,
          to: Iso,
          number: NumberQ,
        }),
      },
      responses: {
        200: {
          description: 'Series',
          content: { 'application/json': { schema: Series }, 'text/csv': { schema: z.string() } },
        },
        400: json(z.unknown(), 'Range too large or empty'),
        ...errorResponses,
      },
    }),
    async (c) => {
      assertMay(c.get('principal') ?? c.get('user'), 'analytics.read');
      const q = c.req.valid('query');
      const r = await analytics.messages(q.bucket, Date.parse(q.from), Date.parse(q.to), q.number);
      if (wantsCsv(c))
        return csvResponse(
          c,
          `messages-${q.bucket}.csv`,
          toCsv([['t', 'inbound', 'outbound'], ...r.series.map((p) => [p.t, p.inbound, p.outbound])]),
        ) as never;
      return c.json(r, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/analytics/team',
      tags: ['analytics'],
      security: bearer,
      summary:
        'Team performance (admins, managers); an operator gets only their own row, no team totals and no heatmap',
      request: { query: z.object({ from: Iso, to: Iso, number: NumberQ }) },
      responses: {
        200: {
          description: 'Performance',
          content: { 'application/json': { schema: Team }, 'text/csv': { schema: z.string() } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = c.get('principal') ?? c.get('user');
      const p = principalOf(actor);
      const all = may(p, 'analytics.read');
      if (!all) assertMay(actor, 'analytics.own');
      const me = p.kind === 'user' ? p.user.id : '';
      const q = c.req.valid('query');
      const r = await analytics.team(Date.parse(q.from), Date.parse(q.to), q.number);
      const users = await deps.users();
      const ids = new Set([
        ...[...r.agents.keys()].filter(Boolean),
        ...users.filter((u) => u.active && u.role !== 'viewer').map((u) => u.id),
      ]);
      const byId = new Map(users.map((u) => [u.id, u]));
      const operators = [...ids]
        .filter((id) => all || id === me)
        .map((id) => ({
          user: id,
          name: byId.get(id)?.name || byId.get(id)?.email || id,
          ...perfOf(r.agents.get(id) ?? emptyCounters(), false),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const body = {
        from: new Date(Date.parse(q.from)).toISOString(),
        to: new Date(Date.parse(q.to)).toISOString(),
        timezone: r.timezone,
        team: all ? perfOf(r.team, true) : null,
        operators,
        heatmap: all ? r.heatmap : null,
      };
      if (wantsCsv(c))
        return csvResponse(
          c,
          'team.csv',
          toCsv([
            ['user', 'name', ...PERF_HEAD],
            ...(body.team ? [['', 'team', ...perfRow(body.team)]] : []),
            ...operators.map((o) => [o.user, o.name, ...perfRow(o)]),
          ]),
        ) as never;
      return c.json(body, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/alerts',
      tags: ['analytics'],
      security: bearer,
      summary: 'Alerts of the last 30 days not dismissed by me, newest first (admins, managers)',
      responses: { 200: json(z.object({ items: z.array(Alert) }), 'Alerts'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('principal') ?? c.get('user'), 'alerts.read');
      return c.json({ items: await alerts.listFor(c.get('user').id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/alerts/{id}/dismiss',
      tags: ['analytics'],
      security: bearer,
      summary: 'Hide an alert for me (admins, managers)',
      request: { params: recordIdParam('alert') },
      responses: { 200: json(Alert, 'Dismissed'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('principal') ?? c.get('user'), 'alerts.read');
      return c.json(await alerts.dismiss(c.req.valid('param').id, c.get('user').id), 200);
    },
  );

  return app;
}
