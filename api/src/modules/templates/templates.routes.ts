import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { bearer, errorResponses, openApiApp } from '../../lib/openapi.ts';
import { createUserClient } from '../../lib/pb.ts';
import type { TemplateRecord } from '../../lib/records.ts';
import type { TemplateSync } from './templates.sync.ts';
import { assertMay } from '../../engine/policy/policy.ts';

const TemplateSchema = z
  .object({ id: z.string(), name: z.string(), language: z.string(), category: z.string(), status: z.string(), components: z.unknown(), rejected_reason: z.string() })
  .passthrough()
  .openapi('Template');

export function templatesRoutes(ctx: AppContext, sync: TemplateSync) {
  const app = openApiApp();
  app.openapi(
    createRoute({
      method: 'get', path: '/templates', tags: ['templates'], security: bearer, summary: 'Message templates mirrored from Meta',
      request: { query: z.object({ status: z.string().max(30).optional().openapi({ description: 'e.g. APPROVED' }) }) },
      responses: { 200: { description: 'Templates', content: { 'application/json': { schema: z.object({ items: z.array(TemplateSchema) }) } } }, ...errorResponses },
    }),
    async (c) => {
      const pb = createUserClient(ctx.pbProcess.url, c.get('token'));
      const status = c.req.valid('query').status;
      const items = await pb.collection('templates').getFullList<TemplateRecord>({ filter: status ? pb.filter('status = {:s}', { s: status }) : '', sort: 'name,language' });
      return c.json({ items }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/templates/sync', tags: ['templates'], security: bearer, summary: 'Re-read templates from Meta now (admin, manager)',
      responses: { 200: { description: 'Synced', content: { 'application/json': { schema: z.object({ synced: z.number() }) } } }, ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'template.write');
      return c.json({ synced: await sync.syncAll() }, 200);
    },
  );
  return app;
}
