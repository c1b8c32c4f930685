import { describe, expect, it } from 'vitest';
import { examplesFromContact } from './sample-contact.ts';

describe('examples from a sample contact', () => {
  const contact = {
    first_name: 'Giulia',
    last_name: 'Verdi',
    name: 'Giulia Verdi',
    phone: '+393331234567',
    email: '',
    fields: { CITY: 'Torino' },
  };

  it('fills each placeholder through the mapping: field, dynamic field, fixed value, fallback', () => {
    const r = examplesFromContact(
      ['first_name', 'city', 'shop', 'email', 'code'],
      { code: 'ABC123', email: 'old@example.com' },
      {
        shop: { source: 'value', value: 'Negozio Centro' },
        email: { source: 'field', field: 'EMAIL', fallback: 'cliente' },
      },
      ['CITY'],
      contact,
    );
    expect(r.examples).toEqual({
      first_name: 'Giulia',
      city: 'Torino',
      shop: 'Negozio Centro',
      email: 'cliente',
      code: 'ABC123',
    });
    // a key without mapping keeps what the admin typed
    expect(r.filled.sort()).toEqual(['city', 'email', 'first_name', 'shop']);
  });

  it('an empty field without fallback leaves the example as it was', () => {
    const r = examplesFromContact(['last_name'], { last_name: 'Rossi' }, {}, [], { first_name: 'Anna' });
    expect(r.examples).toEqual({ last_name: 'Rossi' });
    expect(r.filled).toEqual([]);
  });
});
