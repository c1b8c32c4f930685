/**
 * Reading and managing chats. Reads use the caller's own PocketBase token so the collection rules
 * (the same ones /pb and realtime obey) decide visibility; writes go through the InboxWriter.
 */
import type { AppContext } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { createUserClient, isNotFound } from '../../lib/pb.ts';
import { parsePbDate, type ConversationRecord, type MessageRecord, type UserRecord } from '../../lib/records.ts';
import { windowState } from '../inbox/status-rules.ts';
import { recordAssignment } from './assignment-events.ts';
import { conversationSearchFilter } from './conversation-search.ts';
import { userActor } from '../../engine/events/domain-events.ts';
import { assertMay, chatResource, may, principalOf } from '../../engine/policy/policy.ts';

export interface ListQuery {
  assignee?: string | undefined;
  status?: 'open' | 'closed' | undefined;
  unread?: boolean | undefined;
  q?: string | undefined;
  /** wa_numbers id */
  number?: string | undefined;
  updated_since?: string | undefined;
  page: number;
  perPage: number;
}

/** Now as PocketBase stores times: compared as text against `updated`. */
const pbNow = () => new Date().toISOString().replace('T', ' ');
const pbTimeOf = (t: string) => new Date(t.replace(' ', 'T')).toISOString().replace('T', ' ');

export function withWindow(c: ConversationRecord) {
  const w = windowState(parsePbDate(c.last_inbound_at));
  return { ...c, window_open: w.open, window_closes_at: w.closesAt ? new Date(w.closesAt).toISOString() : null };
}

export class ConversationsService {
  constructor(private readonly ctx: AppContext) {}

  private userPb(token: string) {
    return createUserClient(this.ctx.pbProcess.url, token);
  }

  async list(user: UserRecord, token: string, q: ListQuery) {
    const pb = this.userPb(token);
    const syncedAt = pbNow();
    const parts: string[] = [];
    if (q.updated_since) parts.push(pb.filter('updated >= {:since}', { since: pbTimeOf(q.updated_since) }));
    if (q.assignee === 'me') parts.push(pb.filter('assignee = {:me}', { me: user.id }));
    else if (q.assignee === 'unassigned' || q.assignee === 'none') parts.push("assignee = ''");
    else if (q.assignee) parts.push(pb.filter('assignee = {:a}', { a: q.assignee }));
    if (q.status) parts.push(pb.filter('status = {:s}', { s: q.status }));
    if (q.unread) parts.push('unread_count > 0');
    if (q.number) parts.push(pb.filter('wa_number = {:n}', { n: q.number }));
    const search = q.q ? conversationSearchFilter(pb.filter.bind(pb), q.q) : '';
    if (search) parts.push(search);
    const res = await pb.collection('conversations').getList<ConversationRecord>(q.page, q.perPage, {
      filter: parts.join(' && '),
      sort: '-last_message_at,-id',
    });
    return { ...res, items: res.items.map(withWindow), synced_at: syncedAt };
  }

  /** Open chats the caller may see (their token, so the same rules as the list): theirs, unassigned, unread. */
  async counts(user: UserRecord, token: string): Promise<{ mine: number; unassigned: number; unread: number }> {
    const pb = this.userPb(token);
    const count = async (filter: string) =>
      (await pb.collection('conversations').getList(1, 1, { filter: `status = 'open' && ${filter}`, fields: 'id' }))
        .totalItems;
    const [mine, unassigned, unread] = await Promise.all([
      // a role that is never assigned chats has none of its own
      may(principalOf(user), 'conversation.be_assigned') ? count(pb.filter('assignee = {:me}', { me: user.id })) : 0,
      count("assignee = ''"),
      count('unread_count > 0'),
    ]);
    return { mine, unassigned, unread };
  }

  async get(token: string, id: string): Promise<ConversationRecord> {
    try {
      return await this.userPb(token).collection('conversations').getOne<ConversationRecord>(id);
    } catch (err) {
      if (isNotFound(err)) throw notFound('Conversation');
      throw err;
    }
  }

  async messages(
    token: string,
    id: string,
    opts: {
      before?: string | undefined;
      before_created?: string | undefined;
      before_id?: string | undefined;
      updated_since?: string | undefined;
      limit: number;
    },
  ) {
    await this.get(token, id);
    const pb = this.userPb(token);
    const syncedAt = pbNow();
    if (opts.updated_since) {
      const res = await pb.collection('messages').getList<MessageRecord>(1, opts.limit + 1, {
        filter: pb.filter('conversation = {:id} && updated >= {:since}', { id, since: pbTimeOf(opts.updated_since) }),
        sort: 'updated,id',
        skipTotal: true,
      });
      return { items: res.items.slice(0, opts.limit), has_more: res.items.length > opts.limit, synced_at: syncedAt };
    }
    // Pages follow arrival (created, then id): WhatsApp stamps inbound messages in whole seconds, so a
    // burst shares one timestamp and only arrival orders it — the first page is the latest 50 to arrive.
    // `before` alone (a timestamp) is the older API's cursor and still works.
    let filter: string;
    let sort = '-created,-id';
    if (opts.before_created && opts.before_id) {
      filter = pb.filter('conversation = {:id} && (created < {:c} || (created = {:c} && id < {:beforeId}))', {
        id,
        c: opts.before_created,
        beforeId: opts.before_id,
      });
    } else if (opts.before) {
      filter = pb.filter('conversation = {:id} && timestamp < {:before}', { id, before: opts.before });
      sort = '-timestamp,-id';
    } else filter = pb.filter('conversation = {:id}', { id });
    const res = await pb
      .collection('messages')
      .getList<MessageRecord>(1, opts.limit, { filter, sort, skipTotal: true });
    const items = res.items.reverse();
    return { items, has_more: res.items.length === opts.limit, synced_at: syncedAt };
  }

  async assign(actor: UserRecord, token: string, id: string, assignee: string | null) {
    assertMay(actor, 'conversation.assign');
    const conv = await this.get(token, id);
    const target = assignee ?? '';
    // Operators take a chat for themselves or hand back their own; assigning others is a manager's job.
    assertMay(
      actor,
      'conversation.assign',
      chatResource(conv, target),
      'Operators can only assign chats to themselves or unassign their own',
    );
    let assigneeName = '';
    if (target) {
      let u: UserRecord;
      try {
        u = await this.ctx.pb.collection('users').getOne<UserRecord>(target);
      } catch (err) {
        if (isNotFound(err)) throw new AppError('invalid_assignee', 422, 'No such user');
        throw err;
      }
      if (!u.active || !may(principalOf(u), 'conversation.be_assigned'))
        throw new AppError(
          'invalid_assignee',
          422,
          'Chats can only be assigned to active operators, managers or admins',
        );
      assigneeName = u.name || u.email;
    }
    const previous = conv.assignee;
    // conversation.assigned is committed with the change (the outbox); push reads it from there
    const updated = await this.ctx.writer.updateConversation(
      id,
      { assignee: target, assigned_by: actor.id },
      userActor(actor.id),
    );
    if (previous !== target) {
      // the timeline entry, and a notice to whoever may have lost sight of the chat (realtime goes silent)
      await recordAssignment(this.ctx, { conversationId: id, actor, previous, assignee: target }, assigneeName);
    }
    return withWindow(updated);
  }

  async setStatus(actor: UserRecord, token: string, id: string, status: 'open' | 'closed') {
    assertMay(actor, 'conversation.close');
    await this.get(token, id);
    const updated = await this.ctx.writer.updateConversation(id, { status }, userActor(actor.id));
    return withWindow(updated);
  }

  /** Opening a chat: unread back to zero and the customer's messages marked read on WhatsApp. */
  async markRead(actor: UserRecord, token: string, id: string) {
    const conv = await this.get(token, id);
    if (!may(principalOf(actor), 'conversation.mark_read')) return withWindow(conv);
    const updated = conv.unread_count
      ? await this.ctx.writer.updateConversation(id, { unread_count: 0 }, userActor(actor.id))
      : conv;
    const last = await this.ctx.pb.collection('messages').getList<MessageRecord>(1, 1, {
      filter: this.ctx.pb.filter("conversation = {:id} && direction = 'in' && wamid != ''", { id }),
      sort: '-timestamp',
      fields: 'id,wamid',
    });
    const wamid = last.items[0]?.wamid;
    if (wamid) {
      const number = await this.ctx.pb.collection('wa_numbers').getOne<{ phone_number_id: string }>(conv.wa_number);
      // Marks this and every earlier message read; a failure must not stop the operator from reading.
      this.ctx.graph
        .markRead(number.phone_number_id, wamid)
        .catch((err) => this.ctx.log.warn('mark-as-read failed', { err: String(err) }));
    }
    return withWindow(updated);
  }
}
