/**
 * The inbox search as a PocketBase filter: the contact's name with the words in any order, the phone
 * in any formatting, the last message and the chat's history (web/src/lib/search-terms.ts reads the query).
 */
import { searchTerms } from '../../../../web/src/lib/search-terms.ts';

type Filter = (expr: string, params: Record<string, string>) => string;

export function conversationSearchFilter(filter: Filter, q: string): string {
  const t = searchTerms(q);
  if (!t.text) return '';
  const params: Record<string, string> = { q: t.text };
  for (const [i, w] of t.words.entries()) params[`w${i}`] = w;
  const alternatives = [
    `(${t.words.map((_, i) => `contact_name ~ {:w${i}}`).join(' && ')})`,
    'contact_phone ~ {:q}',
    'last_message_preview ~ {:q}',
    'messages_via_conversation.preview ?~ {:q}',
  ];
  if (t.digits) {
    params.d = t.digits;
    alternatives.push('contact_phone ~ {:d}');
  }
  return filter(`(${alternatives.join(' || ')})`, params);
}
