/**
 * /quick-replies: create and edit the composer's saved answers with a clear message for a bad shortcut
 * (PocketBase alone answered "Failed to create record."). Writes go through the signed-in user's
 * PocketBase client, so the collection's API rules still decide who may write what. Reading and
 * deleting stay on /pb.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { SHORTCUT_MAX, SHORTCUT_RE, SHORTCUT_RULE_EN, normaliseShortcut } from '../../../../web/src/lib/shortcut.ts';
import type { AppContext } from '../../lib/context.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { bearer, errorResponses, ErrorSchema, openApiApp } from '../../lib/openapi.ts';
import { ClientResponseError, createUserClient, isUniqueViolation } from '../../lib/pb.ts';
import { updateRecord } from '../../lib/record-update.ts';

const Shortcut = z
  .string()
  .transform(normaliseShortcut)
  .pipe(
    z
      .string()
      .min(1, 'enter a shortcut')
      .max(SHORTCUT_MAX, `at most ${SHORTCUT_MAX} characters`)
      .regex(SHORTCUT_RE, SHORTCUT_RULE_EN),
  );
const Fields = {
  shortcut: Shortcut,
  title: z.string().trim().max(100, 'at most 100 characters'),
  body: z.string().trim().min(1, 'enter the text').max(4096, 'at most 4096 characters'),
};
const Create = z.object({ shortcut: Fields.shortcut, title: Fields.title.default(''), body: Fields.body }).strict();
const Patch = z
  .object({ shortcut: Fields.shortcut.optional(), title: Fields.title.optional(), body: Fields.body.optional() })
  .strict();
const QuickReply = z
  .object({ id: z.string(), shortcut: z.string(), title: z.string(), body: z.string(), created_by: z.string() })
  .openapi('QuickReply');
const Id = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]{15}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const conflict = { 409: json(ErrorSchema, 'Shortcut already used') };

/** PocketBase's answers in our words: a taken shortcut, or a write its rules refuse. */
function mapped(err: unknown, shortcut: string | undefined): never {
  if (isUniqueViolation(err))
    throw new AppError('shortcut_taken', 409, `The shortcut /${shortcut ?? ''} is already used by another quick reply`);
  // a create refused by createRule is a 400; an update refused by updateRule looks like a missing record
  if (err instanceof ClientResponseError && (err.status === 400 || err.status === 403))
    throw forbidden('You may not change this quick reply');
  if (err instanceof ClientResponseError && err.status === 404) throw notFound('Quick reply');
  throw err;
}

export function quickRepliesRoutes(ctx: AppContext) {
  const app = openApiApp();
  const client = (token: string) => createUserClient(ctx.pbProcess.url, token);
  const pick = (r: Record<string, unknown>) => ({
    id: String(r.id),
    shortcut: String(r.shortcut),
    title: String(r.title ?? ''),
    body: String(r.body),
    created_by: String(r.created_by ?? ''),
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/quick-replies',
      tags: ['quick replies'],
      security: bearer,
      summary: 'Create a quick reply (shortcut: a–z, 0–9, _ and -)',
      request: { body: { required: true, content: { 'application/json': { schema: Create } } } },
      responses: { 201: json(QuickReply, 'Created'), ...conflict, ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const rec = await client(c.get('token'))
        .collection('quick_replies')
        .create({ ...input, created_by: c.get('user').id })
        .catch((err) => mapped(err, input.shortcut));
      return c.json(pick(rec), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/quick-replies/{id}',
      tags: ['quick replies'],
      security: bearer,
      summary: 'Change a quick reply',
      request: { params: Id, body: { required: true, content: { 'application/json': { schema: Patch } } } },
      responses: { 200: json(QuickReply, 'Updated'), ...conflict, ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const rec = await updateRecord(client(c.get('token')), 'quick_replies', c.req.valid('param').id, input).catch(
        (err) => mapped(err, input.shortcut),
      );
      return c.json(pick(rec), 200);
    },
  );
  return app;
}
