/** Admin settings API: consent keywords (STOP / START per language and the replies). */
import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { bearer, errorResponses, openApiApp } from '../../lib/openapi.ts';
import { CONSENT_KEYWORDS_KEY, ConsentKeywordsSchema, DEFAULT_KEYWORDS } from '../contacts/consent-keywords.ts';
import type { SettingsStore } from './settings.store.ts';
import { assertMay } from '../../engine/policy/policy.ts';

export function settingsRoutes(_ctx: AppContext, store: SettingsStore) {
  const app = openApiApp();
  const json = { content: { 'application/json': { schema: ConsentKeywordsSchema } } };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings/consent-keywords',
      tags: ['settings'],
      security: bearer,
      summary: 'STOP / START keywords and confirmation replies per language (admins, managers)',
      responses: { 200: { description: 'Keywords', ...json }, ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'settings.read');
      return c.json(await store.get(CONSENT_KEYWORDS_KEY, DEFAULT_KEYWORDS), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/settings/consent-keywords',
      tags: ['settings'],
      security: bearer,
      summary: 'Replace the consent keywords (admins)',
      request: { body: { required: true, ...json } },
      responses: { 200: { description: 'Saved', ...json }, ...errorResponses },
    }),
    async (c) => {
      assertMay(c.get('user'), 'settings.write');
      return c.json(await store.set(CONSENT_KEYWORDS_KEY, c.req.valid('json')), 200);
    },
  );
  return app;
}
