/**
 * How a chat's customer is addressed and named. A customer who adopted a WhatsApp username may have no
 * phone: their business-scoped user id is the address (the server sends it as Meta's `recipient`), and
 * the username is what they show to the world.
 */
import type { Conversation } from '../../lib/types.ts';

export function addressOf(c: Pick<Conversation, 'contact_phone' | 'contact_user_id'>): string {
  return c.contact_phone || c.contact_user_id || '';
}

/** "@chiara.design" for a username, '' when there is none. */
export function usernameLabel(username: string | undefined): string {
  const u = (username ?? '').trim();
  return u ? (u.startsWith('@') ? u : `@${u}`) : '';
}

type Named = Pick<Conversation, 'contact_name' | 'contact_phone' | 'contact_user_id' | 'contact_username'>;

/** What a chat is called: its name, else the phone; a nameless username-only customer is "@username". */
export function chatTitle(c: Named): string {
  const handle = usernameLabel(c.contact_username);
  // the server names a customer with neither name nor phone by the bare username: show it as a handle
  if (handle && !c.contact_phone && (!c.contact_name || usernameLabel(c.contact_name) === handle)) return handle;
  return c.contact_name || c.contact_phone || handle || c.contact_user_id || '';
}

/** The "@username" shown beside a username-only customer's name ('' when the title already is it, or there is a phone). */
export function handleOf(c: Named): string {
  if (c.contact_phone) return '';
  const handle = usernameLabel(c.contact_username);
  return handle && handle !== chatTitle(c) ? handle : '';
}
