/**
 * Who gets a push for what. Pure: given the event, the team and who is looking at the chat right now,
 * it returns the user ids to notify.
 *  - a customer writes in an unassigned chat (a new one included) → everyone who may see unassigned
 *    chats and can act on them (admins, managers, operators allowed to see unassigned; not viewers)
 *  - a customer writes in an assigned chat → its assignee
 *  - a chat is (re)assigned → the new assignee, unless they assigned it to themselves
 *  - a note mentions someone → the people mentioned, not the author
 * Never: deactivated or muted users, users in their do-not-disturb hours, the author of the event, or
 * someone who has this chat open and focused (fresh "viewing"/"typing" presence).
 * Who can see and answer a chat is the policy's answer (api/src/engine/policy/permissions.ts).
 */
import { userMay, type Resource } from '../../../api/src/engine/policy/permissions.ts';

const UNASSIGNED: Resource = { kind: 'conversation', assignee: '' };

export interface PushUser {
  id: string;
  role: 'admin' | 'manager' | 'operator' | 'viewer';
  active: boolean;
  see_unassigned: boolean;
  notify_muted?: boolean;
  dnd_from?: string;
  dnd_to?: string;
  timezone?: string;
  /** the profile language, for the words the server writes itself */
  language?: string;
}

export type PushEvent =
  | { kind: 'inbound'; conversationId: string; assignee: string }
  | { kind: 'assigned'; conversationId: string; assignee: string; assignedBy: string }
  | { kind: 'mention'; conversationId: string; mentioned: string[]; author: string };

export interface PolicyContext {
  users: PushUser[];
  /** users with fresh viewing/typing presence in the event's conversation */
  focused: Set<string>;
  now: Date;
  defaultTimezone: string;
}

/** Minutes since local midnight in a time zone (Intl, so DST is right). */
export function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return h * 60 + m;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True inside [from, to); a range like 22:00–07:00 wraps midnight. */
export function inDoNotDisturb(user: PushUser, now: Date, defaultTimezone: string): boolean {
  if (!user.dnd_from || !user.dnd_to || user.dnd_from === user.dnd_to) return false;
  let tz = user.timezone || defaultTimezone;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    tz = defaultTimezone;
  }
  const t = localMinutes(now, tz);
  const from = toMinutes(user.dnd_from);
  const to = toMinutes(user.dnd_to);
  return from < to ? t >= from && t < to : t >= from || t < to;
}

export function recipients(event: PushEvent, ctx: PolicyContext): string[] {
  const byId = new Map(ctx.users.map((u) => [u.id, u]));
  let candidates: string[];
  let author = '';
  switch (event.kind) {
    case 'inbound':
      candidates = event.assignee
        ? [event.assignee]
        : ctx.users.filter((u) => userMay(u, 'conversation.reply', UNASSIGNED)).map((u) => u.id);
      break;
    case 'assigned':
      candidates = event.assignee && event.assignee !== event.assignedBy ? [event.assignee] : [];
      author = event.assignedBy;
      break;
    case 'mention':
      candidates = event.mentioned;
      author = event.author;
      break;
  }
  return [...new Set(candidates)].filter((id) => {
    const u = byId.get(id);
    if (!u || !u.active || u.notify_muted || !userMay(u, 'conversation.reply')) return false;
    if (id === author || ctx.focused.has(id)) return false;
    return !inDoNotDisturb(u, ctx.now, ctx.defaultTimezone);
  });
}
