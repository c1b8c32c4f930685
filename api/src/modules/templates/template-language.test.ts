import { describe, expect, it } from 'vitest';
import { COUNTRY_LANGUAGE, matchLanguage, resolveLanguage } from './template-language.ts';

const tr = (spec: string) =>
  spec.split(' ').map((s) => {
    const [language, status] = s.split(':');
    return { language: language!, status: status === 'p' ? 'PENDING' : status === 'r' ? 'REJECTED' : 'APPROVED' };
  });

describe('language resolution', () => {
  it.each([
    // recipient, translations, default → language, via
    [{ language: 'it' }, 'it en', 'en', 'it', 'contact'],
    [{ language: 'en-GB' }, 'it en_GB en_US', 'it', 'en_GB', 'contact'],
    [{ language: 'en' }, 'it en_US', 'it', 'en_US', 'contact'],
    [{ language: 'fr', country: 'IT' }, 'it en', 'en', 'it', 'country'],
    [{ country: 'IT' }, 'it en', 'en', 'it', 'country'],
    [{ country: 'GB' }, 'it en', 'it', 'en', 'country'],
    [{ country: 'BR' }, 'pt_PT pt_BR it', 'it', 'pt_BR', 'country'],
    [{ country: 'MX' }, 'es it', 'it', 'es', 'country'],
    [{ country: 'JP' }, 'it en', 'en', 'en', 'default'],
    [{}, 'it en', 'it', 'it', 'default'],
    // an unapproved translation is skipped at every step
    [{ language: 'en' }, 'it en:p', 'it', 'it', 'default'],
    [{ country: 'GB' }, 'it en:r', 'it', 'it', 'default'],
    [{ language: 'de' }, 'it:p en', 'it', 'en', 'any'],
  ] as const)('%j with [%s], default %s → %s (%s)', (recipient, translations, def, language, via) => {
    expect(resolveLanguage(recipient, tr(translations), def)).toEqual({ language, via });
  });

  it('has nothing to send when no translation is approved', () => {
    expect(resolveLanguage({ language: 'it' }, tr('it:p en:r'), 'it')).toBeUndefined();
  });

  it('maps the countries of the prefixes Spunta’s users meet most', () => {
    expect(COUNTRY_LANGUAGE.IT).toBe('it');
    expect(COUNTRY_LANGUAGE.CH).toBe('de');
    expect(COUNTRY_LANGUAGE.AL).toBe('sq');
    expect(COUNTRY_LANGUAGE.US).toBe('en_US');
  });

  it('prefers the plain language over a regional variant of another region', () => {
    expect(matchLanguage('en_IN', ['en_US', 'en', 'en_GB'])).toBe('en');
    expect(matchLanguage('en_IN', ['en_US', 'en_GB'])).toBe('en_GB');
  });
});
