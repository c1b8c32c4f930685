/**
 * What every template send goes through (POST /api/v1/messages, the composer, later campaigns and
 * automations): the translation for this recipient when the language is left out, the approval check with
 * Meta's reason for a paused or disabled template, and the parameters filled from the contact through the
 * template's mapping when `components` are left out. The header media of a media template is its sample,
 * uploaded once to the sending number and reused while Meta keeps it (30 days).
 */
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import type { ContactRecord, WaNumberRecord } from '../../lib/records.ts';
import { parsePhone } from '../contacts/phone.ts';
import { DAY_MS, type StudioTemplate } from './template-model.ts';
import { resolveLanguage } from './template-language.ts';
import {
  buildSendComponents,
  effectiveMapping,
  paramKeys,
  resolveParamValues,
  type TplComponent,
} from './template-placeholders.ts';
import { updateRecord } from '../../lib/record-update.ts';

const MEDIA_REUSE_MS = 25 * DAY_MS;

function languageOf(part: Record<string, unknown>): string {
  const l = part.language;
  return typeof l === 'string' ? l : String((l as { code?: string } | undefined)?.code ?? '');
}

export function refusalFor(
  t: Pick<StudioTemplate, 'name' | 'language' | 'status' | 'status_detail'>,
): AppError | undefined {
  if (t.status === 'APPROVED') return undefined;
  const detail = t.status_detail ? ` Meta: ${t.status_detail}` : '';
  if (t.status === 'PAUSED')
    return new AppError(
      'template_paused',
      422,
      `Template "${t.name}" (${t.language}) is paused by Meta because customers reported or blocked it; it cannot be sent until Meta unpauses it.${detail}`,
      { status: t.status, detail: t.status_detail },
    );
  if (t.status === 'DISABLED')
    return new AppError(
      'template_disabled',
      422,
      `Template "${t.name}" (${t.language}) was disabled by Meta for low quality; it can no longer be sent.${detail}`,
      { status: t.status, detail: t.status_detail },
    );
  return new AppError(
    'template_not_approved',
    422,
    `Template "${t.name}" (${t.language}) is ${t.status}, not APPROVED`,
    { status: t.status },
  );
}

async function headerMedia(
  ctx: AppContext,
  t: StudioTemplate,
  number: WaNumberRecord,
): Promise<{ id: string; filename?: string } | undefined> {
  const cached = t.header_media?.[number.phone_number_id];
  if (cached && Date.now() - Date.parse(cached.at) < MEDIA_REUSE_MS)
    return { id: cached.id, filename: t.header_sample };
  if (!t.header_sample) return undefined;
  const url = ctx.pb.files.getURL(t, t.header_sample);
  const res = await fetch(url, { headers: { authorization: ctx.pb.authStore.token } });
  if (!res.ok)
    throw new AppError(
      'template_header_missing',
      422,
      `The header sample of "${t.name}" could not be read (HTTP ${res.status})`,
    );
  const blob = await res.blob();
  const id = await ctx.graph.uploadMedia(number.phone_number_id, blob, t.header_sample);
  await updateRecord(ctx.pb, 'templates', t.id, {
    header_media: { ...(t.header_media ?? {}), [number.phone_number_id]: { id, at: new Date().toISOString() } },
  });
  return { id, filename: t.header_sample };
}

/** Completes and checks `part` (Meta's template object) in place for this recipient. */
export async function prepareTemplateSend(
  ctx: AppContext,
  number: WaNumberRecord,
  contact: ContactRecord | undefined,
  part: Record<string, unknown>,
  /** the template's rows by name (the send path batches these reads); default: a read of its own */
  rowsNamed?: (name: string) => Promise<StudioTemplate[]>,
): Promise<StudioTemplate> {
  const { pb } = ctx;
  const name = String(part.name ?? '');
  const rows = rowsNamed
    ? await rowsNamed(name)
    : await pb.collection('templates').getFullList<StudioTemplate>({
        filter: pb.filter('waba_id = {:w} && name = {:n} && status != "DELETED"', { w: number.waba_id, n: name }),
      });
  let lang = languageOf(part);
  if (!lang) {
    const country =
      contact?.country ||
      (contact ? (parsePhone(contact.phone).ok ? (parsePhone(contact.phone) as { country: string }).country : '') : '');
    const choice = resolveLanguage(
      { language: contact?.language, country },
      rows,
      rows.find((r) => r.default_language)?.default_language,
    );
    if (!choice) {
      if (!rows.length) throw new AppError('template_not_found', 422, `No template "${name}"`);
      throw new AppError('template_not_approved', 422, `Template "${name}" has no approved translation yet`, {
        languages: rows.map((r) => `${r.language}: ${r.status}`),
      });
    }
    lang = choice.language;
  }
  const t = rows.find((r) => r.language === lang);
  if (!t) throw new AppError('template_not_found', 422, `No template "${name}" in language "${lang}"`);
  const refusal = refusalFor(t);
  if (refusal) throw refusal;
  part.language = { code: lang };
  if (part.components === undefined) {
    const components = t.components as TplComponent[] | null;
    const keys = paramKeys(components);
    const dynamic = await ctx.fieldDefs.keys();
    const { values, missing } = resolveParamValues(keys, effectiveMapping(keys, t.mapping, dynamic), contact ?? {});
    if (missing.length) {
      throw new AppError(
        'template_params_missing',
        422,
        `Template "${name}" needs a value for ${missing.join(', ')}: set its mapping (contact field, fixed value or fallback) or send the components`,
        { missing },
      );
    }
    const header = components?.find(
      (c) => c.type === 'HEADER' && ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(String(c.format)),
    );
    const media = header ? await headerMedia(ctx, t, number) : undefined;
    if (header && !media)
      throw new AppError(
        'template_header_missing',
        422,
        `Template "${name}" has a ${String(header.format).toLowerCase()} header: send it in components`,
      );
    const built = buildSendComponents(components, values, media);
    if (built.length) part.components = built;
  } else if (
    Array.isArray(part.components) &&
    !part.components.some((c) => (c as { type?: string }).type === 'header')
  ) {
    // the composer fills the text parameters; a media header it leaves out is the template's own sample
    const header = (t.components as TplComponent[] | null)?.find(
      (c) => c.type === 'HEADER' && ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(String(c.format)),
    );
    const media = header ? await headerMedia(ctx, t, number) : undefined;
    if (header && media) part.components = [...buildSendComponents([header], {}, media), ...part.components];
  }
  return t;
}
