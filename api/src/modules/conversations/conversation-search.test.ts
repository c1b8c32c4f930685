import PocketBase from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { conversationSearchFilter } from './conversation-search.ts';

const pb = new PocketBase('http://127.0.0.1:1');
const f = (q: string) => conversationSearchFilter(pb.filter.bind(pb), q);

describe('conversation search filter', () => {
  it('a name in any order: every word must be in the name', () => {
    expect(f('Rossi Giulia')).toContain('(contact_name ~ "rossi" && contact_name ~ "giulia")');
  });

  it('a phone in any formatting searches its digits', () => {
    expect(f('+39 340 111 2233')).toContain('contact_phone ~ "393401112233"');
    expect(f('0039 340-111-2233')).toContain('contact_phone ~ "393401112233"');
  });

  it('the last message and the history are searched for the whole text', () => {
    const expr = f('divano oslo');
    expect(expr).toContain('last_message_preview ~ "divano oslo"');
    expect(expr).toContain('messages_via_conversation.preview ?~ "divano oslo"');
    expect(expr).not.toContain('contact_phone ~ ""');
  });

  it('user text never escapes its quotes', () => {
    expect(f('o"brien')).toContain('contact_name ~ "o\\"brien"');
  });

  it('nothing to search, no filter', () => expect(f('   ')).toBe(''));
});
