/**
 * Bulk actions on a selection of ids or on everything matching a filter. Contacts are walked by id
 * (a cursor, not page numbers, because the action itself can change which contacts match) and
 * changed 500 at a time: one transaction (BulkWrites) with the updates and their timeline events.
 * Tags and lists are added and removed inside that transaction, so a tag someone else adds meanwhile
 * is kept.
 */
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { newRecordId, pbDate, type ContactRecord, type UserRecord } from '../../lib/records.ts';
import { BulkWrites, type Change as ContactChange } from './bulk-write.ts';
import type { BulkActionT, ContactFilter } from './contacts.schema.ts';
import type { ContactsService } from './contacts.service.ts';
import { assertMay } from '../../engine/policy/policy.ts';

const PAGE = 500;
/** Larger matches run as a background job. */
export const SYNC_LIMIT = 1000;

type Change = { data: ContactChange; event: { kind: string; data: Record<string, unknown> } };

function changeFor(a: BulkActionT, c: ContactRecord, now: string): Change | undefined {
  switch (a.action) {
    case 'tag':
      return c.tags?.includes(a.tag!)
        ? undefined
        : { data: { add: { tags: a.tag! } }, event: { kind: 'tag_added', data: { tag: a.tag } } };
    case 'untag':
      return c.tags?.includes(a.tag!)
        ? { data: { remove: { tags: a.tag! } }, event: { kind: 'tag_removed', data: { tag: a.tag } } }
        : undefined;
    case 'add_to_list':
      return c.lists?.includes(a.list!)
        ? undefined
        : { data: { add: { lists: a.list! } }, event: { kind: 'list_added', data: { list: a.list } } };
    case 'remove_from_list':
      return c.lists?.includes(a.list!)
        ? { data: { remove: { lists: a.list! } }, event: { kind: 'list_removed', data: { list: a.list } } }
        : undefined;
    case 'delete':
      return c.deleted_at ? undefined : { data: { set: { deleted_at: now } }, event: { kind: 'deleted', data: {} } };
    case 'restore':
      return c.deleted_at ? { data: { set: { deleted_at: '' } }, event: { kind: 'restored', data: {} } } : undefined;
    case 'block':
      return c.blocked
        ? undefined
        : { data: { set: { blocked: true, blocked_at: now } }, event: { kind: 'blocked', data: {} } };
    case 'unblock':
      return c.blocked
        ? { data: { set: { blocked: false, blocked_at: '' } }, event: { kind: 'unblocked', data: {} } }
        : undefined;
  }
}

export function effectiveFilter(a: BulkActionT): ContactFilter {
  const f: ContactFilter = a.filter ? { ...a.filter } : { ids: [] };
  // restoring is about deleted contacts; everything else by id should find a contact whatever its state
  if (a.action === 'restore' && !f.deleted) f.deleted = 'only';
  if (a.ids) f.deleted = 'include';
  return f;
}

export class BulkService {
  constructor(
    private readonly ctx: AppContext,
    private readonly contacts: ContactsService,
  ) {}

  async checkAllowed(user: UserRecord, a: BulkActionT): Promise<void> {
    if (a.action === 'delete' || a.action === 'restore') assertMay(user, 'contact.bulk_delete');
    else assertMay(user, 'contact.bulk');
    const { pb } = this.ctx;
    if (a.tag)
      await pb
        .collection('tags')
        .getOne(a.tag, { fields: 'id' })
        .catch(() => {
          throw new AppError('unknown_reference', 422, 'tag: no such tag');
        });
    if (a.list)
      await pb
        .collection('lists')
        .getOne(a.list, { fields: 'id' })
        .catch(() => {
          throw new AppError('unknown_reference', 422, 'list: no such list');
        });
  }

  /** How many contacts the action would touch (ids are counted as given). */
  async count(user: UserRecord, client: PocketBase, a: BulkActionT): Promise<number> {
    if (a.ids) return a.ids.length;
    const filter = await this.contacts.filterString(user, effectiveFilter(a));
    return (await client.collection('contacts').getList(1, 1, { filter, fields: 'id' })).totalItems;
  }

  /**
   * Applies the action. `client` decides visibility: the caller's token for a request, the server's
   * client for a job (only admins and managers, who see every contact, can start one).
   */
  async run(
    user: UserRecord,
    client: PocketBase,
    a: BulkActionT,
    progress?: (done: number, total: number) => Promise<void>,
    isCancelled?: () => boolean,
  ) {
    const base = effectiveFilter(a);
    const now = pbDate(Date.now());
    const total = await this.count(user, client, a);
    let matched = 0;
    let changed = 0;
    const idChunks = a.ids ? chunks([...new Set(a.ids)], 100) : undefined;
    let cursor = '';
    for (let round = 0; ; round++) {
      if (isCancelled?.()) break;
      let page: ContactRecord[];
      if (idChunks) {
        const ids = idChunks[round];
        if (!ids) break;
        page = await client.collection('contacts').getFullList<ContactRecord>({
          filter: await this.contacts.filterString(user, { ...base, ids }),
          fields: 'id,tags,lists,blocked,deleted_at',
        });
      } else {
        const f = await this.contacts.filterString(user, base);
        const filter = [f, cursor ? this.ctx.pb.filter('id > {:c}', { c: cursor }) : ''].filter(Boolean).join(' && ');
        page = (
          await client.collection('contacts').getList<ContactRecord>(1, PAGE, {
            filter,
            sort: 'id',
            fields: 'id,tags,lists,blocked,deleted_at',
            skipTotal: true,
          })
        ).items;
        if (!page.length) break;
        cursor = page[page.length - 1]!.id;
      }
      matched += page.length;
      const writes = new BulkWrites();
      let ops = 0;
      for (const c of page) {
        const ch = changeFor(a, c, now);
        if (!ch) continue;
        writes.update('contacts', c.id, ch.data);
        writes.create('contact_events', {
          id: newRecordId(),
          contact: c.id,
          kind: ch.event.kind,
          data: { ...ch.event.data, bulk: true },
          by: user.id,
          actor: 'bulk',
          at: now,
        });
        ops++;
      }
      await writes.send(this.ctx.pb);
      changed += ops;
      await progress?.(matched, Math.max(total, matched));
      if (idChunks ? false : page.length < PAGE) break;
    }
    return { matched, changed };
  }
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
