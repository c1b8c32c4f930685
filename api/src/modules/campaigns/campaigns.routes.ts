/** /api/v1/campaigns (contract B): admins and managers. Thin: validate, ask the policy, call the service. */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../lib/errors.ts';
import { bearer, errorResponses, json, openApiApp, recordIdParam } from '../../lib/openapi.ts';
import { assertMay } from '../../engine/policy/policy.ts';
import type { CampaignsService } from './campaigns.service.ts';
import {
  CampaignView,
  CreateBody,
  PatchBody,
  PreviewBody,
  PreviewView,
  RatesBody,
  RecipientsQuery,
  RecipientView,
  TestBody,
} from './campaigns.schema.ts';
import { recipientPage, recipientsCsv } from './recipients.view.ts';

const limit = bodyLimit({
  maxSize: 256 * 1024,
  onError: () => {
    throw new AppError('payload_too_large', 413, 'Body above 256 KB');
  },
});
const IdParam = recordIdParam('campaign');
const ACTIONS = ['start', 'pause', 'resume', 'cancel', 'duplicate'] as const;
const body = <T extends z.ZodTypeAny>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

export function campaignsRoutes(svc: CampaignsService) {
  const app = openApiApp();
  app.use('/campaigns', limit);
  app.use('/campaigns/*', limit);
  app.use('/campaigns', async (c, next) => {
    assertMay(c.get('principal') ?? c.get('user'), 'campaign.read');
    await next();
  });
  app.use('/campaigns/*', async (c, next) => {
    assertMay(c.get('principal') ?? c.get('user'), 'campaign.read');
    await next();
  });
  const write = (c: { get(k: 'principal' | 'user'): never }) =>
    assertMay(c.get('principal') ?? c.get('user'), 'campaign.write');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campaigns',
      tags: ['campaigns'],
      security: bearer,
      summary: 'Campaigns, newest first',
      responses: { 200: json(z.object({ items: z.array(CampaignView) }), 'Campaigns'), ...errorResponses },
    }),
    async (c) => c.json({ items: await svc.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campaigns',
      tags: ['campaigns'],
      security: bearer,
      summary: 'Create a campaign (no schedule = draft; with one it is scheduled)',
      request: body(CreateBody),
      responses: { 201: json(CampaignView, 'Created'), ...errorResponses },
    }),
    async (c) => {
      write(c as never);
      return c.json(await svc.create(c.get('user'), c.req.valid('json')), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campaigns/preview',
      tags: ['campaigns'],
      security: bearer,
      summary: 'Audience counted by exclusion reason, a sample of what each recipient gets, and the estimates',
      request: body(PreviewBody),
      responses: { 200: json(PreviewView, 'Preview'), ...errorResponses },
    }),
    async (c) => c.json(await svc.preview(c.get('user'), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campaigns/rates',
      tags: ['campaigns'],
      security: bearer,
      summary: "Price per template message by country and category (Meta's card, with its date)",
      responses: { 200: json(RatesBody, 'Rates'), ...errorResponses },
    }),
    async (c) => c.json(await svc.rates(), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/campaigns/rates',
      tags: ['campaigns'],
      security: bearer,
      summary: 'Replace the rate table (admins)',
      request: body(RatesBody),
      responses: { 200: json(RatesBody, 'Rates'), ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('principal') ?? c.get('user'), 'campaign.rates');
      return c.json(await svc.setRates(c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campaigns/{id}',
      tags: ['campaigns'],
      security: bearer,
      summary: 'A campaign with its state, statistics and estimates',
      request: { params: IdParam },
      responses: { 200: json(CampaignView, 'Campaign'), ...errorResponses },
    }),
    async (c) => c.json(await svc.get(c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/campaigns/{id}',
      tags: ['campaigns'],
      security: bearer,
      summary: 'Edit a draft or scheduled campaign',
      request: { params: IdParam, ...body(PatchBody) },
      responses: { 200: json(CampaignView, 'Updated'), 409: json(z.unknown(), 'Not editable now'), ...errorResponses },
    }),
    async (c) => {
      write(c as never);
      return c.json(await svc.patch(c.get('user'), c.req.valid('param').id, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/campaigns/{id}',
      tags: ['campaigns'],
      security: bearer,
      summary: 'Delete a campaign that is not sending (with its recipients)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, 409: json(z.unknown(), 'Sending'), ...errorResponses },
    }),
    async (c) => {
      write(c as never);
      await svc.remove(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campaigns/{id}/test',
      tags: ['campaigns'],
      security: bearer,
      summary: "Send the campaign's content to one phone number (a test to one's own phone)",
      request: { params: IdParam, ...body(TestBody) },
      responses: {
        202: json(
          z.object({
            message: z.object({ id: z.string(), status: z.string() }),
            preview: z.string(),
            language: z.string(),
          }),
          'Queued',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      write(c as never);
      return c.json(await svc.test(c.get('user'), c.req.valid('param').id, c.req.valid('json').phone), 202);
    },
  );

  const recipientsRoute = (path: string, csv: boolean) =>
    app.openapi(
      createRoute({
        method: 'get',
        path,
        tags: ['campaigns'],
        security: bearer,
        summary: csv
          ? 'Every recipient as CSV'
          : 'Recipients of the current occurrence, filtered (Accept: text/csv for the CSV export)',
        request: { params: IdParam, query: RecipientsQuery },
        responses: {
          200: {
            description: 'Recipients',
            content: {
              'application/json': {
                schema: z.object({
                  items: z.array(RecipientView),
                  page: z.number(),
                  perPage: z.number(),
                  total: z.number(),
                }),
              },
              'text/csv': { schema: z.string() },
            },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const q = c.req.valid('query');
        const campaign = await svc.record(id);
        const occurrence = q.occurrence ?? campaign.occurrence;
        if (csv || (c.req.header('accept') ?? '').includes('text/csv')) {
          const name = `campaign-${id}-${occurrence}.csv`;
          return c.body(recipientsCsv(svc.pb, id, occurrence, q), 200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${name}"`,
          }) as never;
        }
        return c.json(await recipientPage(svc.pb, id, occurrence, q), 200);
      },
    );
  recipientsRoute('/campaigns/{id}/recipients.csv', true);
  recipientsRoute('/campaigns/{id}/recipients', false);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campaigns/{id}/{action}',
      tags: ['campaigns'],
      security: bearer,
      summary: 'start | pause | resume | cancel | duplicate',
      request: {
        params: IdParam.extend({ action: z.enum(ACTIONS).openapi({ param: { name: 'action', in: 'path' } }) }),
      },
      responses: { 200: json(CampaignView, 'Campaign'), 409: json(z.unknown(), 'Not allowed now'), ...errorResponses },
    }),
    async (c) => {
      write(c as never);
      const { id, action } = c.req.valid('param');
      return c.json(await svc.act(c.get('user'), id, action), 200);
    },
  );
  return app;
}
