/**
 * The composer's picker shows one entry per template (not per language) and pre-selects the translation
 * this recipient gets with the server's own resolver (template-language.ts): the contact's language, else
 * the language of the country of the phone prefix, else the template's default — approved ones only.
 */
import type { Template } from '../../lib/types.ts';
import { resolveLanguage, type LanguageChoice } from '../../../../api/src/modules/templates/template-language.ts';
import { countryOfDigits } from '../contacts/phone.ts';

export interface TemplateGroup {
  /** waba + name: translations share both */
  key: string;
  name: string;
  category: string;
  /** approved translations, by language code */
  translations: Template[];
}

export function groupTemplates(list: readonly Template[]): TemplateGroup[] {
  const byKey = new Map<string, TemplateGroup>();
  for (const tpl of list) {
    if (tpl.status !== 'APPROVED') continue;
    const key = `${tpl.waba_id ?? ''}/${tpl.name}`;
    const g = byKey.get(key) ?? { key, name: tpl.name, category: tpl.category, translations: [] };
    g.translations.push(tpl);
    byKey.set(key, g);
  }
  for (const g of byKey.values()) g.translations.sort((a, b) => a.language.localeCompare(b.language));
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}

export interface Recipient {
  language?: string | null | undefined;
  country?: string | null | undefined;
  phone?: string | null | undefined;
}

/** The country of the contact, else of its phone prefix (digits with or without "+"). */
export function recipientCountry(r: Recipient): string | undefined {
  if (r.country) return r.country;
  const digits = (r.phone ?? '').replace(/\D/g, '');
  return digits ? countryOfDigits(digits)?.iso : undefined;
}

/** The translation the resolver picks for this recipient (and why), or the first one if none resolves. */
export function pickTranslation(
  group: TemplateGroup,
  r: Recipient,
): { template: Template; via: LanguageChoice['via'] } | undefined {
  const def = group.translations.find((x) => x.default_language)?.default_language;
  const choice = resolveLanguage({ language: r.language, country: recipientCountry(r) }, group.translations, def);
  const template = choice && group.translations.find((x) => x.language === choice.language);
  return template ? { template, via: choice.via } : undefined;
}
