/** /api/v1/wa-numbers (WhatsApp numbers settings) and /api/v1/setup/checklist (admin's first run). */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../lib/errors.ts';
import { bearer, errorResponses, json, openApiApp, recordIdParam } from '../../lib/openapi.ts';
import type { AppEnv } from '../../lib/context.ts';
import {
  ChecklistView,
  ConnectNumberBody,
  NumberView,
  TestMessageBody,
  ThroughputBody,
  UpdateNumberBody,
  WebhookInfo,
} from './numbers.schema.ts';
import { WEBHOOK_FIELDS, type NumbersService } from './numbers.service.ts';
import type { SetupChecklist } from './setup-checklist.ts';
import { assertMay } from '../../engine/policy/policy.ts';

const limit = bodyLimit({
  maxSize: 16 * 1024,
  onError: () => {
    throw new AppError('payload_too_large', 413, 'Body above 16 KB');
  },
});
const IdParam = recordIdParam('number');

/** Where Meta must send webhooks: PUBLIC_URL when configured, else the address the admin is using. */
function publicOrigin(c: Context<AppEnv>, publicUrl: string | undefined): { url: string; fromPublicUrl: boolean } {
  if (publicUrl) return { url: publicUrl, fromPublicUrl: true };
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
  const origin = host ? `${proto === 'http' ? 'http' : 'https'}://${host}` : new URL(c.req.url).origin;
  return { url: origin, fromPublicUrl: false };
}

export function numbersRoutes(deps: {
  numbers: NumbersService;
  checklist: SetupChecklist;
  publicUrl: string | undefined;
  sandbox: boolean;
}) {
  const { numbers, checklist } = deps;
  const app = openApiApp();
  app.use('/wa-numbers/*', limit);
  app.use('/wa-numbers', limit);
  app.use('/setup/*', limit);
  app.use('/numbers/*', limit);

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/numbers/{id}',
      tags: ['numbers'],
      security: bearer,
      summary:
        "Set a number's send throughput in messages per second, 1–1,000 (admins): the cap every outbound send of the number shares, interactive replies first",
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: ThroughputBody } } },
      },
      responses: { 200: json(NumberView, 'Updated'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await numbers.setThroughput(c.get('user'), c.req.valid('param').id, c.req.valid('json').throughput_mps),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/wa-numbers',
      tags: ['numbers'],
      security: bearer,
      summary: 'The business numbers (admins also see whether each secret is set; secrets are never returned)',
      responses: { 200: json(z.object({ items: z.array(NumberView) }), 'Numbers'), ...errorResponses },
    }),
    async (c) => c.json({ items: await numbers.list(c.get('user')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/wa-numbers/webhook',
      tags: ['numbers'],
      security: bearer,
      summary: 'The webhook callback URL to paste into Meta (admins)',
      responses: { 200: json(WebhookInfo, 'Webhook settings'), ...errorResponses },
    }),
    (c) => {
      assertMay(c.get('user'), 'numbers.write');
      const o = publicOrigin(c, deps.publicUrl);
      return c.json(
        {
          url: `${o.url}/webhooks/whatsapp`,
          from_public_url: o.fromPublicUrl,
          fields: WEBHOOK_FIELDS,
          sandbox: deps.sandbox,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/wa-numbers',
      tags: ['numbers'],
      security: bearer,
      summary:
        'Connect a number (admins): the ids, token and app secret are checked with Meta before anything is saved',
      request: { body: { required: true, content: { 'application/json': { schema: ConnectNumberBody } } } },
      responses: {
        201: json(NumberView, 'Connected'),
        409: json(z.unknown(), 'Already connected, or from the environment'),
        502: json(z.unknown(), 'Meta unreachable'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await numbers.connect(c.get('user'), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/wa-numbers/{id}',
      tags: ['numbers'],
      security: bearer,
      summary: "Replace a connected number's token, app secret or verify token (admins; checked with Meta)",
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: UpdateNumberBody } } },
      },
      responses: {
        200: json(NumberView, 'Updated'),
        409: json(z.unknown(), 'From the environment: read-only'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await numbers.update(c.get('user'), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/wa-numbers/{id}',
      tags: ['numbers'],
      security: bearer,
      summary: 'Remove a connected number that has no contacts yet (admins)',
      request: { params: IdParam },
      responses: { 204: { description: 'Removed' }, 409: json(z.unknown(), 'In use or read-only'), ...errorResponses },
    }),
    async (c) => {
      await numbers.remove(c.get('user'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/wa-numbers/{id}/test-message',
      tags: ['numbers'],
      security: bearer,
      summary: 'Send Meta\'s sample template "hello_world" from this number to a phone (admins)',
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: TestMessageBody } } },
      },
      responses: { 202: json(z.object({ message: z.record(z.string(), z.unknown()) }), 'Queued'), ...errorResponses },
    }),
    async (c) => {
      const message = await numbers.testMessage(
        c.get('user'),
        c.get('token'),
        c.req.valid('param').id,
        c.req.valid('json').to,
      );
      return c.json({ message: message as unknown as Record<string, unknown> }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/setup/checklist',
      tags: ['setup'],
      security: bearer,
      summary: 'Getting-started steps and whether each is done (admins)',
      responses: { 200: json(ChecklistView, 'Checklist'), ...errorResponses },
    }),
    async (c) => c.json(await checklist.get(c.get('user')), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/setup/checklist',
      tags: ['setup'],
      security: bearer,
      summary: 'Hide or show the checklist on the inbox (admins)',
      request: {
        body: { required: true, content: { 'application/json': { schema: z.object({ dismissed: z.boolean() }) } } },
      },
      responses: { 200: json(ChecklistView, 'Checklist'), ...errorResponses },
    }),
    async (c) => c.json(await checklist.setDismissed(c.get('user'), c.req.valid('json').dismissed), 200),
  );

  return app;
}
