import { describe, expect, it } from 'vitest';
import { chatTitle, handleOf } from './address.ts';

const base = { contact_name: '', contact_phone: '', contact_user_id: 'IT.1234567890', contact_username: '' };

describe('a username-only customer', () => {
  it('is shown by profile name with the @username beside it', () => {
    const c = { ...base, contact_name: 'Chiara', contact_username: 'chiara.design' };
    expect([chatTitle(c), handleOf(c)]).toEqual(['Chiara', '@chiara.design']);
  });
  it('without a profile name is called @username (the server names it by the bare username)', () => {
    const c = { ...base, contact_name: 'chiara.design', contact_username: 'chiara.design' };
    expect([chatTitle(c), handleOf(c)]).toEqual(['@chiara.design', '']);
  });
  it('a phone customer keeps name and phone; no username falls back to the user id', () => {
    expect(handleOf({ ...base, contact_name: 'Giulia', contact_phone: '+393471234567', contact_username: 'giu' })).toBe(
      '',
    );
    expect(chatTitle({ ...base, contact_phone: '+393471234567' })).toBe('+393471234567');
    expect(chatTitle(base)).toBe('IT.1234567890');
  });
});
