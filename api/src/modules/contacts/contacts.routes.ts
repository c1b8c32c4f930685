/** Contact edits from the chat side panel (the full CRM API lives here too as it grows). */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { bearer, errorResponses, openApiApp } from '../../lib/openapi.ts';
import { createUserClient, isNotFound } from '../../lib/pb.ts';
import type { ContactRecord, ConversationRecord } from '../../lib/records.ts';
import { conversationTitle } from '../inbox/ingest.ts';

const Id = z.string().regex(/^[a-z0-9]{15}$/);
const ContactSchema = z
  .object({ id: z.string(), phone: z.string(), wa_id: z.string(), profile_name: z.string(), name: z.string(), language: z.string(), notes: z.string(), tags: z.array(z.string()), lists: z.array(z.string()) })
  .passthrough()
  .openapi('Contact');

export function contactsRoutes(ctx: AppContext) {
  const app = openApiApp();
  app.openapi(
    createRoute({
      method: 'patch', path: '/contacts/{id}', tags: ['contacts'], security: bearer, summary: 'Edit a contact you can see (not viewers)',
      request: {
        params: z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) }),
        body: { required: true, content: { 'application/json': { schema: z.object({
          name: z.string().max(200).optional(), language: z.string().max(10).regex(/^([a-z]{2}(_[A-Z]{2})?)?$/, 'language: a code like "it" or "en_US"').optional(),
          notes: z.string().max(5000).optional(), tags: z.array(Id).max(200).optional(), lists: z.array(Id).max(500).optional(),
        }) } } },
      },
      responses: { 200: { description: 'Updated contact', content: { 'application/json': { schema: ContactSchema } } }, ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      if (user.role === 'viewer') throw forbidden('Viewers cannot edit contacts');
      const { id } = c.req.valid('param');
      try {
        await createUserClient(ctx.pbProcess.url, c.get('token')).collection('contacts').getOne(id, { fields: 'id' });
      } catch (err) {
        if (isNotFound(err)) throw notFound('Contact');
        throw err;
      }
      const patch = c.req.valid('json');
      for (const [field, coll] of [['tags', 'tags'], ['lists', 'lists']] as const) {
        const ids = patch[field];
        if (!ids?.length) continue;
        const found = await ctx.pb.collection(coll).getFullList({ filter: ids.map((x) => ctx.pb.filter('id = {:x}', { x })).join(' || '), fields: 'id' });
        if (found.length !== new Set(ids).size) throw new AppError('unknown_reference', 422, `${field}: some ids do not exist`);
      }
      const updated = await ctx.pb.collection('contacts').update<ContactRecord>(id, patch);
      if (patch.name !== undefined) {
        // Keep the chat list's denormalised title in step, through the writer that owns conversations.
        const convs = await ctx.pb.collection('conversations').getFullList<ConversationRecord>({ filter: ctx.pb.filter('contact = {:c}', { c: id }), fields: 'id' });
        for (const conv of convs) await ctx.writer.renameConversation(conv.id, conversationTitle(updated), updated);
      }
      return c.json({ ...updated, tags: updated.tags ?? [], lists: updated.lists ?? [] }, 200);
    },
  );
  return app;
}
