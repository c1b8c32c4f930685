import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYWORDS as K, matchKeyword, replyLanguage } from './consent-keywords.ts';

describe('consent keywords', () => {
  it('matches whole messages only, ignoring case, accents and punctuation', () => {
    expect(matchKeyword('stop', K)).toMatchObject({ kind: 'stop' });
    expect(matchKeyword('  Basta!! ', K)).toEqual({ kind: 'stop', languages: ['it'] });
    expect(matchKeyword('Arrêt', K)).toEqual({ kind: 'stop', languages: ['fr'] });
    expect(matchKeyword('Iscrivimi 🙂', K)).toEqual({ kind: 'start', languages: ['it'] });
    expect(matchKeyword('stop sending me the invoice twice please', K)).toBeUndefined();
    expect(matchKeyword('non fermatevi', K)).toBeUndefined();
  });

  it('replies in the contact language, else the keyword or country language', () => {
    const stop = matchKeyword('STOP', K)!;
    expect(replyLanguage(stop, K, { language: 'es' })).toBe('es');
    expect(replyLanguage(stop, K, { country: 'IT' })).toBe('it');
    expect(replyLanguage(stop, K, { country: 'DE' })).toBe('en');
    expect(replyLanguage(matchKeyword('basta', K)!, K, { country: 'GB' })).toBe('it');
  });
});
