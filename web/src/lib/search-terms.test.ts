import { describe, expect, it } from 'vitest';
import { matchesTerms, searchTerms } from './search-terms.ts';

const giulia = { name: 'Giulia Rossi', phone: '+393401112233', text: 'Avete il divano Oslo?' };

describe('search terms', () => {
  it.each([
    ['+39 340 111 2233', '393401112233'],
    ['0039 340-111-2233', '393401112233'],
    ['(340) 111.2233', '3401112233'],
    ['340', '340'],
    ['34', ''],
    ['Rossi', ''],
    ['via 12', ''],
  ])('%j → digits %j', (q, digits) => expect(searchTerms(q).digits).toBe(digits));

  it.each([
    'Giulia Rossi',
    'Rossi Giulia',
    'rossi',
    '  ROSSI   giulia ',
    '+39 340 111 2233',
    '340 111 2233',
    '3401112233',
    'divano oslo',
    'giu ros',
  ])('%j finds Giulia Rossi', (q) => {
    expect(matchesTerms(searchTerms(q), giulia)).toBe(true);
  });

  it.each(['Giulia Bianchi', '+39 340 111 2234', 'sedia'])('%j does not', (q) => {
    expect(matchesTerms(searchTerms(q), giulia)).toBe(false);
  });

  it('an empty search matches everything', () => expect(matchesTerms(searchTerms('  '), giulia)).toBe(true));
});
