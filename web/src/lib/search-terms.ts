/**
 * How people type a search for a chat or a contact, read the same way by the server's query and the
 * list's live matching: words in any order ("Rossi Giulia" finds Giulia Rossi), and a phone number in
 * any formatting ("+39 340 111 2233", "0039 340-111-2233", "(340) 1112233" all find +393401112233).
 */
export interface SearchTerms {
  /** the whole text, trimmed (for message text) */
  text: string;
  /** lowercase words, each of which must appear in the name */
  words: string[];
  /** the digits of a phone-looking query (≥ 3), international "00" prefix dropped; '' otherwise */
  digits: string;
}

const PHONE_LIKE = /^[\d\s+().\-/]+$/;

export function searchTerms(q: string): SearchTerms {
  const text = q.trim().replace(/\s+/g, ' ');
  const words = text.toLowerCase().split(' ').filter(Boolean).slice(0, 6);
  let digits = PHONE_LIKE.test(text) ? text.replace(/\D/g, '') : '';
  if (digits.startsWith('00')) digits = digits.slice(2);
  return { text, words, digits: digits.length >= 3 ? digits : '' };
}

/** Does a name / phone / message text match (the list's approximation of the server search)? */
export function matchesTerms(t: SearchTerms, fields: { name: string; phone: string; text: string }): boolean {
  if (!t.text) return true;
  const name = fields.name.toLowerCase();
  if (t.words.every((w) => name.includes(w))) return true;
  if (t.digits && fields.phone.replace(/\D/g, '').includes(t.digits)) return true;
  if (fields.phone.includes(t.text)) return true;
  return fields.text.toLowerCase().includes(t.text.toLowerCase());
}
