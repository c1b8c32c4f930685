/**
 * A contact's timeline, newest first: its events (tags, lists, consent, fields, block, delete…) merged
 * with the messages of its conversations, both read with the caller's token.
 */
import type { PocketBase } from '../../lib/pb.ts';
import type { ContactRecord, MessageRecord } from '../../lib/records.ts';

export interface ActivityItem {
  kind: string;
  at: string;
  data: Record<string, unknown>;
  by: string;
  actor: string;
}

export async function contactActivity(
  pb: PocketBase,
  contact: ContactRecord,
  opts: { before?: string | undefined; limit: number },
) {
  const before = opts.before ? pb.filter(' && at < {:b}', { b: opts.before }) : '';
  const events = await pb.collection('contact_events').getList<ActivityItem & { id: string }>(1, opts.limit + 1, {
    filter: pb.filter('contact = {:c}', { c: contact.id }) + before,
    sort: '-at,-id',
    skipTotal: true,
  });
  const convs = await pb
    .collection('conversations')
    .getFullList<{ id: string }>({ filter: pb.filter('contact = {:c}', { c: contact.id }), fields: 'id' });
  let messages: MessageRecord[] = [];
  if (convs.length) {
    const inConv = convs.map((c) => pb.filter('conversation = {:c}', { c: c.id })).join(' || ');
    const mBefore = opts.before ? pb.filter(' && timestamp < {:b}', { b: opts.before }) : '';
    messages = (
      await pb.collection('messages').getList<MessageRecord>(1, opts.limit + 1, {
        filter: `(${inConv}) && type != 'note' && type != 'system'${mBefore}`,
        sort: '-timestamp,-id',
        skipTotal: true,
        fields: 'id,conversation,direction,type,preview,status,error_code,timestamp,sender',
      })
    ).items;
  }
  const items: ActivityItem[] = [
    ...events.items.map((e) => ({ kind: e.kind, at: e.at, data: e.data ?? {}, by: e.by, actor: e.actor })),
    ...messages.map((m) => ({
      kind: m.direction === 'in' ? 'message_in' : 'message_out',
      at: m.timestamp,
      by: m.sender ?? '',
      actor: m.direction === 'in' ? 'customer' : m.sender ? 'user' : 'system',
      data: {
        message_id: m.id,
        conversation: m.conversation,
        type: m.type,
        preview: m.preview,
        status: m.status,
        ...(m.error_code ? { error_code: m.error_code } : {}),
      },
    })),
  ];
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const page = items.slice(0, opts.limit);
  const hasMore = items.length > opts.limit;
  // Contacts made by the inbox or an import have no "created" event of their own.
  if (!hasMore && !page.some((i) => i.kind === 'created') && (!opts.before || contact.created < opts.before)) {
    page.push({
      kind: 'created',
      at: contact.created,
      data: contact.import_job ? { import_job: contact.import_job } : {},
      by: '',
      actor: contact.import_job ? 'import' : 'system',
    });
  }
  return { items: page, has_more: hasMore };
}
