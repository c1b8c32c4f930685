/** /api/v1/automations: admins and managers. Thin: validate, ask the policy, call the service. */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../lib/errors.ts';
import { bearer, errorResponses, json, openApiApp, recordIdParam } from '../../lib/openapi.ts';
import { assertMay } from '../../engine/policy/policy.ts';
import type { AutomationRunner } from './automation-runner.ts';
import { report, simulate } from './automation-report.ts';
import type { AutomationsService } from './automations.service.ts';
import {
  AutomationView,
  CreateBody,
  PatchBody,
  ReportView,
  SimulateBody,
  SimulateView,
  StartBody,
} from './automation.schema.ts';
import type { AppContext } from '../../lib/context.ts';

const limit = bodyLimit({
  maxSize: 512 * 1024,
  onError: () => {
    throw new AppError('payload_too_large', 413, 'Body above 512 KB');
  },
});
const IdParam = recordIdParam('automation');
const ACTIONS = ['activate', 'pause', 'duplicate'] as const;
const body = <T extends z.ZodTypeAny>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

export function automationsRoutes(ctx: AppContext, svc: AutomationsService, deps: { runner: AutomationRunner }) {
  const app = openApiApp();
  for (const p of ['/automations', '/automations/*', '/contacts/:id/automations']) {
    app.use(p, limit);
    app.use(p, async (c, next) => {
      assertMay(c.get('principal') ?? c.get('user'), 'automation.read');
      if (c.req.method !== 'GET') assertMay(c.get('principal') ?? c.get('user'), 'automation.write');
      await next();
    });
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/automations',
      tags: ['automations'],
      security: bearer,
      summary: 'Automations, newest first, with how many contacts are inside each',
      responses: { 200: json(z.object({ items: z.array(AutomationView) }), 'Automations'), ...errorResponses },
    }),
    async (c) => c.json({ items: await svc.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/automations',
      tags: ['automations'],
      security: bearer,
      summary: 'Create an automation (active: true activates it at once)',
      description:
        'Example: {"name":"Info","active":true,"trigger":{"type":"message","match":"exact","text":"INFO PREZZI"},' +
        '"steps":[{"action":{"type":"send_text","text":"Ecco il listino"}},' +
        '{"after":{"seconds":30},"action":{"type":"add_tag","tag":"listino"}}]}',
      request: body(CreateBody),
      responses: { 201: json(AutomationView, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await svc.create(c.get('user'), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/automations/{id}',
      tags: ['automations'],
      security: bearer,
      summary: 'One automation',
      request: { params: IdParam },
      responses: { 200: json(AutomationView, 'Automation'), ...errorResponses },
    }),
    async (c) => c.json(await svc.view(c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/automations/{id}',
      tags: ['automations'],
      security: bearer,
      summary: 'Edit: a changed definition is a new version; contacts already inside finish on theirs',
      request: { params: IdParam, ...body(PatchBody) },
      responses: { 200: json(AutomationView, 'Automation'), ...errorResponses },
    }),
    async (c) => c.json(await svc.update(c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/automations/{id}',
      tags: ['automations'],
      security: bearer,
      summary: 'Delete (contacts inside exit; their pending steps do not run)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await svc.remove(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/automations/{id}/simulate',
      tags: ['automations'],
      security: bearer,
      summary: 'Dry run on a contact: which steps would run, when, and what would be sent — nothing is sent',
      request: { params: IdParam, ...body(SimulateBody) },
      responses: { 200: json(SimulateView, 'Simulation'), ...errorResponses },
    }),
    async (c) => {
      const { contact, text } = c.req.valid('json');
      const a = await svc.record(c.req.valid('param').id);
      return c.json(await simulate(ctx, deps.runner, a, contact, text), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/automations/{id}/start',
      tags: ['automations'],
      security: bearer,
      summary: 'Inbound integration: start it for a phone (the contact is created or updated with the fields)',
      description: 'An Idempotency-Key header makes a repeated call start it once.',
      request: { params: IdParam, ...body(StartBody) },
      responses: {
        202: json(z.object({ contact: z.string(), accepted: z.boolean() }), 'Accepted'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const key = c.req.header('idempotency-key')?.slice(0, 100);
      return c.json(await svc.start(c.get('user'), c.req.valid('param').id, c.req.valid('json'), key), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/automations/{id}/{action}',
      tags: ['automations'],
      security: bearer,
      summary: 'activate | pause (pending steps are held) | duplicate (a draft copy)',
      request: {
        params: IdParam.extend({ action: z.enum(ACTIONS).openapi({ param: { name: 'action', in: 'path' } }) }),
      },
      responses: { 200: json(AutomationView, 'Automation'), ...errorResponses },
    }),
    async (c) => {
      const { id, action } = c.req.valid('param');
      return c.json(await svc.act(c.get('user'), id, action), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/automations/{id}/report',
      tags: ['automations'],
      security: bearer,
      summary:
        'Entered, inside, waiting, completed, exited (and why); per step: done, skipped, failed, replies, errors',
      request: { params: IdParam },
      responses: { 200: json(ReportView, 'Report'), ...errorResponses },
    }),
    async (c) => c.json(await report(ctx, await svc.record(c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/automations/{id}/webhook-secret',
      tags: ['automations'],
      security: bearer,
      summary:
        'The secret its webhooks are signed with (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature)',
      request: { params: IdParam },
      responses: {
        200: json(
          z.object({ secret: z.string(), inbound_key: z.string(), inbound_path: z.string() }),
          'The signing secret, and the key of the inbound URL (POST {inbound_path}?key={inbound_key})',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      assertMay(c.get('principal') ?? c.get('user'), 'automation.write');
      return c.json(await svc.webhookSecret(c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/automations',
      tags: ['automations'],
      security: bearer,
      summary: "A contact's automation runs, newest first",
      request: { params: recordIdParam('contact') },
      responses: {
        200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Runs'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ items: (await svc.runsOf(c.req.valid('param').id)) as never[] }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/contacts/{id}/automations',
      tags: ['automations'],
      security: bearer,
      summary: 'Take the contact out of every automation (or one: ?automation=<id>)',
      request: {
        params: recordIdParam('contact'),
        query: z.object({
          automation: z
            .string()
            .regex(/^[a-z0-9]{15}$/)
            .optional(),
        }),
      },
      responses: { 200: json(z.object({ ended: z.number().int() }), 'Ended'), ...errorResponses },
    }),
    async (c) => c.json(await svc.exitContact(c.req.valid('param').id, c.req.valid('query').automation), 200),
  );

  return app;
}
