/**
 * What an assignment change leaves behind, besides the conversation itself:
 * - a `system` row in the chat's timeline ("Mara assigned this chat to themselves · 10:42") that everyone
 *   who can see the chat reads, like any message. It is never sent (status `sent`, no wamid, outbound
 *   queue only takes `queued`), has no preview (not searched, not the chat's preview), never counts as
 *   unread (only inbound does) and never notifies (push only looks at inbound messages and notes).
 * - a notice to each operator who may have lost sight of the chat: realtime stops telling them about it,
 *   so without the notice a chat open on their screen would silently stay writable.
 */
import type { AppContext } from '../../lib/context.ts';
import { pbDate, type UserRecord } from '../../lib/records.ts';

export interface AssignmentChange {
  conversationId: string;
  actor: UserRecord;
  previous: string;
  assignee: string;
}

/** The payload of a `system` message about an assignment (ids; names are looked up by the reader). */
export interface AssignmentEventPayload {
  event: 'assignment';
  actor: string;
  actor_name: string;
  assignee: string;
  assignee_name: string;
  previous: string;
}

export async function recordAssignment(ctx: AppContext, change: AssignmentChange, assigneeName: string): Promise<void> {
  const { pb } = ctx;
  const { conversationId, actor, previous, assignee } = change;
  const payload: AssignmentEventPayload = {
    event: 'assignment',
    actor: actor.id,
    actor_name: actor.name || actor.email,
    assignee,
    assignee_name: assigneeName,
    previous,
  };
  // the assignment itself is done: a failure here must not report it as failed, only be logged
  await pb
    .collection('messages')
    .create({
      conversation: conversationId,
      direction: 'out',
      type: 'system',
      payload,
      preview: '',
      status: 'sent',
      timestamp: pbDate(Date.now()),
      sender: actor.id,
      media_status: 'none',
    })
    .catch((err: unknown) =>
      ctx.log.error('assignment timeline entry not written', { conversationId, err: String(err) }),
    );

  // who could see it before and maybe not now: the previous assignee, and when it leaves the
  // unassigned pool, every operator allowed to see that pool
  const recipients = new Set<string>();
  if (previous) recipients.add(previous);
  else {
    const pool = await pb.collection('users').getFullList<{ id: string }>({
      filter: "role = 'operator' && active = true && see_unassigned = true",
      fields: 'id',
    });
    for (const u of pool) recipients.add(u.id);
  }
  recipients.delete(actor.id);
  recipients.delete(assignee);
  await Promise.all(
    [...recipients].map((user) =>
      pb
        .collection('user_notices')
        .create({ user, kind: 'unassigned', conversation: conversationId, assignee, actor: actor.id })
        .catch((err: unknown) =>
          ctx.log.warn('assignment notice not written', { user, conversationId, err: String(err) }),
        ),
    ),
  );
}
