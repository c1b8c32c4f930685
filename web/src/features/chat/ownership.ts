/**
 * Who owns a chat, in words: the assignment entries of the timeline, the header's owner line, and
 * whether this user may still write here (an operator whose chat was taken over may not).
 */
import { t } from '../../i18n/index.ts';
import type { Conversation, Message, User } from '../../lib/types.ts';
import { memberName } from '../../stores/team.ts';
import { userMay } from '../../../../api/src/engine/policy/permissions.ts';

/** The payload of a `system` message the server writes on every assignment change. */
export interface AssignmentPayload {
  event: 'assignment';
  actor: string;
  actor_name?: string;
  assignee: string;
  assignee_name?: string;
  previous?: string;
}

export const isAssignmentEvent = (m: Message) =>
  m.type === 'system' && (m.payload as { event?: string } | null)?.event === 'assignment';

/** A teammate's current name, else the one stored with the event, else "a teammate". */
export const nameOf = (id: string, stored?: string) => (id && memberName(id)) || stored || t('own.someone');

/** "Mara assigned this chat to themselves", "You assigned this chat to Oscar", "Mara unassigned this chat"… */
export function assignmentText(p: AssignmentPayload, me: string): string {
  const actor = nameOf(p.actor, p.actor_name);
  const assignee = nameOf(p.assignee, p.assignee_name);
  const byMe = !!p.actor && p.actor === me;
  if (!p.assignee) return byMe ? t('own.youUnassigned') : t('own.eventUnassigned', { actor });
  if (p.assignee === p.actor) return byMe ? t('own.youSelf') : t('own.eventSelf', { actor });
  if (byMe) return t('own.youOther', { assignee });
  if (p.assignee === me) return t('own.eventToYou', { actor });
  return t('own.eventOther', { actor, assignee });
}

/** The header's owner line. */
export function ownerLabel(assignee: string, me: string): string {
  if (!assignee) return t('own.ownerNone');
  return assignee === me ? t('own.ownerYou') : t('own.ownerOther', { name: nameOf(assignee) });
}

/** The chat was taken away from this operator while open (the server's notice). */
export interface LostChat {
  assignee: string;
  actor: string;
}

/**
 * Why this user cannot write in the chat, or null when they can. Operators write only in their own
 * chats (and unassigned ones), so a chat assigned to someone else is read-only for them — the server
 * would refuse. Admins and managers may step in; viewers have their own notice in the composer.
 */
export function readOnlyReason(
  user: Pick<User, 'id' | 'role'> | null | undefined,
  c: Pick<Conversation, 'assignee'> | null | undefined,
  lost: LostChat | null,
): string | null {
  // viewers never write: the composer has its own notice for them
  if (!user || !c || !userMay(user, 'message.send')) return null;
  if (lost)
    return lost.assignee && lost.assignee !== user.id
      ? t('own.readOnly', { name: nameOf(lost.assignee) })
      : t('own.readOnlyLost');
  if (
    c.assignee &&
    c.assignee !== user.id &&
    !userMay(user, 'conversation.reply', { kind: 'conversation', assignee: c.assignee })
  ) {
    return t('own.readOnly', { name: nameOf(c.assignee) });
  }
  return null;
}
