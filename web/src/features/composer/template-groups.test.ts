import { describe, expect, it } from 'vitest';
import type { Template } from '../../lib/types.ts';
import { groupTemplates, pickTranslation, recipientCountry } from './template-groups.ts';

const tpl = (name: string, language: string, status = 'APPROVED', extra: Partial<Template> = {}): Template => ({
  id: `${name}_${language}`,
  name,
  language,
  category: 'UTILITY',
  status,
  rejected_reason: '',
  components: [{ type: 'BODY', text: language }],
  waba_id: 'w1',
  ...extra,
});

describe('template picker groups', () => {
  const list = [
    tpl('promo', 'it', 'APPROVED', { default_language: 'it' }),
    tpl('promo', 'en'),
    tpl('promo', 'fr', 'PENDING'),
    tpl('alert', 'en'),
    tpl('promo', 'es', 'APPROVED', { waba_id: 'w2' }),
  ];

  it('one entry per template name and account, with its approved languages', () => {
    const groups = groupTemplates(list);
    expect(groups.map((g) => [g.name, g.translations.map((t) => t.language)])).toEqual([
      ['alert', ['en']],
      ['promo', ['en', 'it']],
      ['promo', ['es']],
    ]);
  });

  it('pre-selects by contact language, then phone prefix, then the default', () => {
    const promo = groupTemplates(list).find((g) => g.key === 'w1/promo')!;
    expect(pickTranslation(promo, { language: 'en', phone: '393331234567' })).toMatchObject({
      template: { language: 'en' },
      via: 'contact',
    });
    expect(pickTranslation(promo, { phone: '+393331234567' })).toMatchObject({
      template: { language: 'it' },
      via: 'country',
    });
    expect(pickTranslation(promo, { phone: '447700900123' })).toMatchObject({
      template: { language: 'en' },
      via: 'country',
    });
    // German contact: no German translation, the template's default
    expect(pickTranslation(promo, { language: 'de', phone: '4915112345678' })).toMatchObject({
      template: { language: 'it' },
      via: 'default',
    });
    // French is pending: not offered
    expect(pickTranslation(promo, { language: 'fr' })).toMatchObject({ template: { language: 'it' }, via: 'default' });
  });

  it('the contact country wins over the prefix', () => {
    expect(recipientCountry({ country: 'FR', phone: '39333' })).toBe('FR');
    expect(recipientCountry({ phone: '+39 333 123' })).toBe('IT');
    expect(recipientCountry({})).toBeUndefined();
  });
});
