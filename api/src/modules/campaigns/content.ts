/**
 * What each recipient receives: the template translation for their language with the campaign's values
 * (fixed, or from the contact with a fallback) and the template mapping for the rest, and the header media
 * link; or free text / reply buttons. Pure over the loaded templates, so the preview, the test send and
 * the engine build exactly the same message.
 */
import { AppError } from '../../lib/errors.ts';
import type { PocketBase } from '../../lib/pb.ts';
import type { WaNumberRecord } from '../../lib/records.ts';
import type { SendBody } from '../../engine/outbound/send.types.ts';
import { parsePhone } from '../contacts/phone.ts';
import { matchLanguage, resolveLanguage } from '../templates/template-language.ts';
import type { StudioTemplate } from '../templates/template-model.ts';
import {
  buildSendComponents,
  componentOf,
  effectiveMapping,
  fillText,
  paramKeys,
  resolveParamValues,
  type TplComponent,
} from '../templates/template-placeholders.ts';
import { renderValue, type AudienceContact } from './campaign-rules.ts';
import type { CreateBody } from './campaigns.schema.ts';

export type Content = Pick<CreateBody, 'template' | 'text'>;

/** The translations of the campaign's template on its number, and the dynamic field keys (loaded once per run). */
export interface ContentContext {
  translations: StudioTemplate[];
  dynamicFields: string[];
}

export async function loadContentContext(
  pb: PocketBase,
  number: WaNumberRecord,
  content: Content,
): Promise<ContentContext> {
  if (!content.template) return { translations: [], dynamicFields: [] };
  const [translations, fields] = await Promise.all([
    pb.collection('templates').getFullList<StudioTemplate>({
      filter: pb.filter('waba_id = {:w} && name = {:n} && status != "DELETED"', {
        w: number.waba_id,
        n: content.template.name,
      }),
      requestKey: null,
    }),
    pb.collection('contact_fields').getFullList<{ key: string }>({ fields: 'key', requestKey: null }),
  ]);
  if (!translations.length)
    throw new AppError('template_not_found', 422, `No template "${content.template.name}" on this number`);
  return { translations, dynamicFields: fields.map((f) => f.key) };
}

/** The template's category (MARKETING, UTILITY, AUTHENTICATION), or undefined for free text. */
export const categoryOf = (cc: ContentContext) => cc.translations[0]?.category?.toUpperCase() || undefined;

export const countryOf = (c: Pick<AudienceContact, 'country' | 'phone'>): string => {
  if (c.country) return c.country.toUpperCase();
  const p = parsePhone(c.phone ?? '');
  return p.ok ? p.country : '';
};

export type Built =
  | { ok: true; language: string; body: SendBody; preview: string }
  | { ok: false; reason: 'no_language' }
  | { ok: false; error: AppError };

export function buildMessage(content: Content, cc: ContentContext, c: AudienceContact): Built {
  if (content.text) {
    const text = renderValue(content.text.body, c);
    const body: SendBody = content.text.buttons?.length
      ? {
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text },
            action: {
              buttons: content.text.buttons.map((title, i) => ({ type: 'reply', reply: { id: `b${i}`, title } })),
            },
          },
        }
      : { type: 'text', text: { body: text } };
    return { ok: true, language: c.language ?? '', body, preview: text };
  }
  const tpl = content.template!;
  const approved = cc.translations.filter((t) => t.status === 'APPROVED');
  const lang = tpl.language
    ? matchLanguage(
        tpl.language,
        approved.map((t) => t.language),
      )
    : resolveLanguage(
        { language: c.language, country: countryOf(c) },
        cc.translations,
        cc.translations.find((t) => t.default_language)?.default_language,
      )?.language;
  const t = lang ? approved.find((x) => x.language === lang) : undefined;
  if (!t) return { ok: false, reason: 'no_language' };
  const components = t.components as TplComponent[] | null;
  const keys = paramKeys(components);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(tpl.params ?? {})) {
    const r = renderValue(v, c);
    if (r) values[k] = r;
  }
  const rest = keys.filter((k) => !(k in values));
  const mapped = resolveParamValues(rest, effectiveMapping(rest, t.mapping, cc.dynamicFields), c);
  Object.assign(values, mapped.values);
  if (mapped.missing.length)
    return {
      ok: false,
      error: new AppError(
        'template_params_missing',
        422,
        `No value for ${mapped.missing.join(', ')}: give the campaign a value or a fallback`,
        { missing: mapped.missing },
      ),
    };
  const header = componentOf(components, 'HEADER');
  const media =
    tpl.header?.link && header && ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(String(header.format).toUpperCase())
      ? { link: tpl.header.link }
      : undefined;
  const built = buildSendComponents(components, values, media);
  const body: SendBody = {
    type: 'template',
    template: { name: t.name, language: { code: t.language }, ...(built.length ? { components: built } : {}) },
  };
  return {
    ok: true,
    language: t.language,
    body,
    preview: fillText(componentOf(components, 'BODY')?.text ?? '', values),
  };
}
