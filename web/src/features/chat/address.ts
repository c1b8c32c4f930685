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
