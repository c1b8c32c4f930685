/**
 * A campaign's audience: the union of its lists, tags, saved view and filter conditions on its number, read
 * a page at a time in id order (keyset), so 100k contacts are never in memory at once and a crash resumes
 * after the last page written. One OR-ed filter means each contact comes once however many lists hold it.
 * Deleted contacts are read too, so they are counted as excluded rather than silently missing.
 */
import { AppError } from '../../lib/errors.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { buildContactFilter } from '../contacts/contacts.filters.ts';
import { ContactFilterSchema, type ContactFilter } from '../contacts/contacts.schema.ts';
import type { FieldDefs } from '../contacts/field-defs.ts';
import type { AudienceContact } from './campaign-rules.ts';
import type { CreateBody } from './campaigns.schema.ts';

export type AudienceSpec = CreateBody['audience'];

export const AUDIENCE_FIELDS =
  'id,name,first_name,last_name,profile_name,phone,wa_id,email,language,country,fields,deleted_at,blocked,' +
  'phone_valid,opted_out_at,marketing_allowed,undeliverable_at,marketing_refused_at';

function anyOf(pb: PocketBase, column: string, ids: string[]): string {
  const params: Record<string, string> = {};
  const parts = ids.map((id, i) => {
    params[`v${i}`] = id;
    return `${column} ~ {:v${i}}`;
  });
  return pb.filter(parts.join(' || '), params);
}

/** The audience as one PocketBase filter (without the number). */
export async function audienceFilter(
  pb: PocketBase,
  a: AudienceSpec,
  ctx: { userId: string; defs: FieldDefs },
): Promise<string> {
  const parts: string[] = [];
  if (a.lists?.length) parts.push(anyOf(pb, 'lists', a.lists));
  if (a.tags?.length) parts.push(anyOf(pb, 'tags', a.tags));
  const conditions: ContactFilter[] = [];
  if (a.view) {
    const view = await pb
      .collection('contact_views')
      .getOne<{ filter: unknown }>(a.view, { requestKey: null })
      .catch(() => {
        throw new AppError('validation_failed', 422, 'audience.view: no such saved view');
      });
    const parsed = ContactFilterSchema.safeParse(view.filter ?? {});
    if (!parsed.success) throw new AppError('validation_failed', 422, 'audience.view: the saved filter is not valid');
    conditions.push(parsed.data);
  }
  if (a.filter) conditions.push(a.filter);
  for (const f of conditions) {
    const s = buildContactFilter(pb, { ...f, deleted: 'include' }, { userId: ctx.userId, defs: await ctx.defs.map() });
    // an empty condition (no criteria) is "every contact"
    parts.push(s || "id != ''");
  }
  if (!parts.length)
    throw new AppError('validation_failed', 422, 'audience: choose at least one list, tag, saved view or filter', [
      { path: 'audience', message: 'empty' },
    ]);
  return parts.map((p) => `(${p})`).join(' || ');
}

/** Contacts of the audience on `number`, `size` at a time, after contact id `after`. */
export async function* audiencePages(
  pb: PocketBase,
  number: string,
  filter: string,
  after = '',
  size = 500,
): AsyncGenerator<AudienceContact[]> {
  let cursor = after;
  for (;;) {
    const page = await pb.collection('contacts').getList<AudienceContact>(1, size, {
      filter: `${pb.filter('wa_number = {:n} && id > {:after}', { n: number, after: cursor })} && (${filter})`,
      sort: 'id',
      // whole rows: `fields` costs PocketBase more than it saves (see pb-any-of.ts)
      skipTotal: true,
      requestKey: null,
    });
    if (!page.items.length) return;
    yield page.items;
    cursor = page.items[page.items.length - 1]!.id;
    if (page.items.length < size) return;
  }
}

/** Last customer message time per contact (epoch ms) for a page: free text only goes to open windows. */
export async function lastInbound(pb: PocketBase, contactIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < contactIds.length; i += 100) {
    const part = contactIds.slice(i, i + 100);
    const params: Record<string, string> = {};
    const ors = part.map((id, j) => {
      params[`c${j}`] = id;
      return `contact = {:c${j}}`;
    });
    const rows = await pb.collection('conversations').getFullList<{ contact: string; last_inbound_at: string }>({
      filter: pb.filter(ors.join(' || '), params),
      fields: 'contact,last_inbound_at',
      requestKey: null,
    });
    for (const r of rows) {
      const t = r.last_inbound_at ? Date.parse(r.last_inbound_at.replace(' ', 'T')) : 0;
      if (t > (out.get(r.contact) ?? 0)) out.set(r.contact, t);
    }
  }
  return out;
}
