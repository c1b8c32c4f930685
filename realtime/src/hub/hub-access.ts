/**
 * Who may receive a hot-collection event, decided in memory by the one policy (engine/policy). It is the
 * same rule PocketBase holds for conversations and messages (pb_migrations/1763700009_set_inbox_access_rules.js):
 * an active user; admins, managers and viewers see every chat; an operator sees chats assigned to them,
 * and unassigned ones when allowed. tests/integration/realtime-hub.test.ts compares the two on every path.
 */
import { type PolicyUser, userMay } from '../../../api/src/engine/policy/permissions.ts';
import type { HotTopic } from './hub-topics.ts';

export interface HubUser extends PolicyUser {
  active?: boolean;
}

export interface HotEvent {
  collection: HotTopic['collection'];
  action: string;
  record: { id: string; conversation?: string; [k: string]: unknown };
  /** the chat's assignee ('' = unassigned) when the event happened */
  assignee: string;
}

export function maySeeChat(user: HubUser | undefined, assignee: string): boolean {
  if (user?.active !== true) return false;
  return userMay(user, 'conversation.read', { kind: 'conversation', assignee });
}

/** Does this subscription of this user receive this event? */
export function receives(user: HubUser | undefined, topic: HotTopic, e: HotEvent): boolean {
  if (topic.collection !== e.collection) return false;
  if (topic.record !== '*' && topic.record !== e.record.id) return false;
  if (topic.conversation !== undefined && topic.conversation !== e.record.conversation) return false;
  return maySeeChat(user, e.assignee);
}
