/**
 * A contact's timeline, newest first: its events (tags, lists, consent, fields, block, delete…) merged
 * with the messages of its conversations and the automation steps that touched it, all read with the
 * caller's token (automation steps are for admins and managers: an operator's read finds none).
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
  const aBefore = opts.before ? pb.filter(' && at < {:b}', { b: Date.parse(opts.before) }) : '';
  const steps = (
    await pb
      .collection('automation_logs')
      .getList<{ automation: string; step: string; action: string; outcome: string; detail: string; at: number }>(
        1,
        opts.limit + 1,
        {
          filter: pb.filter('contact = {:c}', { c: contact.id }) + aBefore,
          sort: '-at,-id',
          skipTotal: true,
          fields: 'automation,step,action,outcome,detail,at',
        },
      )
      .catch(() => ({ items: [] }))
  ).items;
  const names = new Map<string, string>();
  for (const id of new Set(steps.map((x) => x.automation))) {
    const a = await pb
      .collection('automations')
      .getOne<{ name: string }>(id, { fields: 'name' })
      .catch(() => undefined);
    names.set(id, a?.name ?? '');
  }
  const items: ActivityItem[] = [
    ...steps.map((x) => ({
      kind: 'automation_step',
      at: new Date(x.at).toISOString().replace('T', ' '),
      by: '',
      actor: 'automation',
      data: {
        automation: x.automation,
        name: names.get(x.automation) ?? '',
        step: x.step,
        action: x.action,
        outcome: x.outcome,
        ...(x.outcome === 'failed' || x.outcome === 'skipped' ? { detail: x.detail } : {}),
      },
    })),
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
