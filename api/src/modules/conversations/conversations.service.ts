/**
 * Reading and managing chats. Reads use the caller's own PocketBase token so the collection rules
 * (the same ones /pb and realtime obey) decide visibility; writes go through the InboxWriter.
 */
import type { AppContext } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { createUserClient, isNotFound } from '../../lib/pb.ts';
import { parsePbDate, type ConversationRecord, type MessageRecord, type UserRecord } from '../../lib/records.ts';
import { windowState } from '../inbox/status-rules.ts';
import { assertMay, chatResource, may, principalOf } from '../../engine/policy/policy.ts';

export interface ListQuery {
  assignee?: string | undefined;
  status?: 'open' | 'closed' | undefined;
  unread?: boolean | undefined;
  q?: string | undefined;
  /** wa_numbers id */
  number?: string | undefined;
  page: number;
  perPage: number;
}

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
    const parts: string[] = [];
    if (q.assignee === 'me') parts.push(pb.filter('assignee = {:me}', { me: user.id }));
    else if (q.assignee === 'unassigned' || q.assignee === 'none') parts.push("assignee = ''");
    else if (q.assignee) parts.push(pb.filter('assignee = {:a}', { a: q.assignee }));
    if (q.status) parts.push(pb.filter('status = {:s}', { s: q.status }));
    if (q.unread) parts.push('unread_count > 0');
    if (q.number) parts.push(pb.filter('wa_number = {:n}', { n: q.number }));
    if (q.q) {
      parts.push(pb.filter('(contact_name ~ {:q} || contact_phone ~ {:q} || last_message_preview ~ {:q} || messages_via_conversation.preview ?~ {:q})', { q: q.q }));
    }
    const res = await pb.collection('conversations').getList<ConversationRecord>(q.page, q.perPage, {
      filter: parts.join(' && '),
      sort: '-last_message_at,-id',
    });
    return { ...res, items: res.items.map(withWindow) };
  }

  async get(token: string, id: string): Promise<ConversationRecord> {
    try {
      return await this.userPb(token).collection('conversations').getOne<ConversationRecord>(id);
    } catch (err) {
      if (isNotFound(err)) throw notFound('Conversation');
      throw err;
    }
  }

  async messages(token: string, id: string, opts: { before?: string | undefined; limit: number }) {
    await this.get(token, id);
    const pb = this.userPb(token);
    const filter = opts.before
      ? pb.filter('conversation = {:id} && timestamp < {:before}', { id, before: opts.before })
      : pb.filter('conversation = {:id}', { id });
    const res = await pb.collection('messages').getList<MessageRecord>(1, opts.limit, { filter, sort: '-timestamp,-id', skipTotal: true });
    const items = res.items.reverse();
    return { items, has_more: res.items.length === opts.limit };
  }

  async assign(actor: UserRecord, token: string, id: string, assignee: string | null) {
    assertMay(actor, 'conversation.assign');
    const conv = await this.get(token, id);
    const target = assignee ?? '';
    // Operators take a chat for themselves or hand back their own; assigning others is a manager's job.
    assertMay(actor, 'conversation.assign', chatResource(conv, target), 'Operators can only assign chats to themselves or unassign their own');
    if (target) {
      let u: UserRecord;
      try {
        u = await this.ctx.pb.collection('users').getOne<UserRecord>(target);
      } catch (err) {
        if (isNotFound(err)) throw new AppError('invalid_assignee', 422, 'No such user');
        throw err;
      }
      if (!u.active || !may(principalOf(u), 'conversation.be_assigned')) throw new AppError('invalid_assignee', 422, 'Chats can only be assigned to active operators, managers or admins');
    }
    const previous = conv.assignee;
    const updated = await this.ctx.writer.updateConversation(id, { assignee: target, assigned_by: actor.id });
    if (previous !== target) {
      this.ctx.bus.publish('conversation.assigned', { actor: { kind: 'user', userId: actor.id }, conversationId: id, assignee: target, previous });
      // The previous assignee may lose sight of the chat, and then realtime says nothing: tell them.
      if (previous && previous !== actor.id) {
        await this.ctx.pb.collection('user_notices').create({ user: previous, kind: 'unassigned', conversation: id }).catch(() => undefined);
      }
    }
    return withWindow(updated);
  }

  async setStatus(actor: UserRecord, token: string, id: string, status: 'open' | 'closed') {
    assertMay(actor, 'conversation.close');
    await this.get(token, id);
    const updated = await this.ctx.writer.updateConversation(id, { status });
    this.ctx.bus.publish('conversation.status', { actor: { kind: 'user', userId: actor.id }, conversationId: id, status });
    return withWindow(updated);
  }

  /** Opening a chat: unread back to zero and the customer's messages marked read on WhatsApp. */
  async markRead(actor: UserRecord, token: string, id: string) {
    const conv = await this.get(token, id);
    if (!may(principalOf(actor), 'conversation.mark_read')) return withWindow(conv);
    const updated = conv.unread_count ? await this.ctx.writer.updateConversation(id, { unread_count: 0 }) : conv;
    const last = await this.ctx.pb.collection('messages').getList<MessageRecord>(1, 1, {
      filter: this.ctx.pb.filter("conversation = {:id} && direction = 'in' && wamid != ''", { id }),
      sort: '-timestamp',
      fields: 'id,wamid',
    });
    const wamid = last.items[0]?.wamid;
    if (wamid) {
      const number = await this.ctx.pb.collection('wa_numbers').getOne<{ phone_number_id: string }>(conv.wa_number);
      // Marks this and every earlier message read; a failure must not stop the operator from reading.
      this.ctx.graph.markRead(number.phone_number_id, wamid).catch((err) => this.ctx.log.warn('mark-as-read failed', { err: String(err) }));
    }
    return withWindow(updated);
  }
}
