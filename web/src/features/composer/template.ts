/**
 * Message templates on the client: which parameters a template needs, sensible pre-filled values
 * from the contact ({{1}} → the contact's name), the send body's components, and the text a sent
 * template shows in the chat.
 */
import type { Template, TemplateComponent } from '../../lib/types.ts';
import {
  effectiveMapping,
  resolveParamValues,
  type ContactValues,
} from '../../../../api/src/modules/templates/template-placeholders.ts';

export interface TemplateParam {
  component: 'header' | 'body';
  /** "1", "2"… for positional templates, the name for named ones */
  key: string;
  named: boolean;
  example: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function component(t: Pick<Template, 'components'>, type: string): TemplateComponent | undefined {
  return (t.components ?? []).find((c) => c.type?.toUpperCase() === type);
}

function examples(c: TemplateComponent | undefined, kind: 'header' | 'body'): Record<string, string> {
  const out: Record<string, string> = {};
  const ex = (c?.example ?? {}) as Record<string, unknown>;
  const positional =
    kind === 'body' ? (ex.body_text as unknown[][] | undefined)?.[0] : (ex.header_text as unknown[] | undefined);
  for (const [i, v] of (positional ?? []).entries()) out[String(i + 1)] = String(v);
  const named = (kind === 'body' ? ex.body_text_named_params : ex.header_text_named_params) as
    | Array<{ param_name: string; example: string }>
    | undefined;
  for (const p of named ?? []) out[p.param_name] = String(p.example);
  return out;
}

export function templateParams(t: Pick<Template, 'components'>): TemplateParam[] {
  const out: TemplateParam[] = [];
  for (const kind of ['header', 'body'] as const) {
    const c = component(t, kind.toUpperCase());
    if (!c?.text || (kind === 'header' && c.format && c.format !== 'TEXT')) continue;
    const ex = examples(c, kind);
    const seen = new Set<string>();
    for (const m of c.text.matchAll(PLACEHOLDER)) {
      const key = m[1]!;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ component: kind, key, named: !/^\d+$/.test(key), example: ex[key] ?? '' });
    }
  }
  return out;
}

export const paramId = (p: Pick<TemplateParam, 'component' | 'key'>) => `${p.component}.${p.key}`;

/** Values the operator would type anyway: the customer's name for {{1}} or a name-like parameter. */
export function prefill(params: TemplateParam[], contact: { name: string }): Record<string, string> {
  const name = contact.name.trim();
  const first = name.split(/\s+/)[0] ?? '';
  const out: Record<string, string> = {};
  for (const p of params) {
    let v = '';
    if (p.named) {
      if (/^(first_?name|nome)$/i.test(p.key)) v = first;
      else if (/^(name|full_?name|customer(_name)?|contact(_name)?)$/i.test(p.key)) v = name;
    } else if (p.key === '1') v = name;
    out[paramId(p)] = v;
  }
  return out;
}

/**
 * The template's own mapping (templates studio) fills what it can — fixed values, contact fields with their
 * fallback — over the name-based guesses of prefill(); the operator still sees and can change every value.
 */
export function prefillMapped(
  tpl: Pick<Template, 'mapping'>,
  params: TemplateParam[],
  contact: ContactValues,
): Record<string, string> {
  const out = prefill(params, { name: contact.name ?? '' });
  const named = params.filter((p) => p.named).map((p) => p.key);
  const { values } = resolveParamValues(
    named,
    effectiveMapping(named, tpl.mapping ?? null, Object.keys(contact.fields ?? {})),
    contact,
  );
  for (const p of params) if (values[p.key]) out[paramId(p)] = values[p.key]!;
  return out;
}

/** The `components` array of the send body. */
export function buildComponents(
  params: TemplateParam[],
  values: Record<string, string>,
): Array<{ type: string; parameters: Array<Record<string, string>> }> {
  const out: Array<{ type: string; parameters: Array<Record<string, string>> }> = [];
  for (const kind of ['header', 'body'] as const) {
    const ps = params.filter((p) => p.component === kind);
    if (!ps.length) continue;
    const ordered = ps[0]!.named ? ps : ps.slice().sort((a, b) => Number(a.key) - Number(b.key));
    out.push({
      type: kind,
      parameters: ordered.map((p) => ({
        type: 'text',
        text: values[paramId(p)] ?? '',
        ...(p.named ? { parameter_name: p.key } : {}),
      })),
    });
  }
  return out;
}

export interface RenderedTemplate {
  header?: string;
  body: string;
  footer?: string;
  buttons: Array<{ type: string; text: string; url?: string }>;
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => values[key] ?? whole);
}

/** Header/body/footer/buttons with the values filled in (keys as from paramId: "body.1", "header.name"). */
export function renderTemplate(t: Pick<Template, 'components'>, values: Record<string, string>): RenderedTemplate {
  const pick = (kind: 'header' | 'body') => {
    const v: Record<string, string> = {};
    for (const [k, val] of Object.entries(values))
      if (k.startsWith(`${kind}.`) && val) v[k.slice(kind.length + 1)] = val;
    return v;
  };
  const header = component(t, 'HEADER');
  const body = component(t, 'BODY');
  const footer = component(t, 'FOOTER');
  const buttons = component(t, 'BUTTONS')?.buttons ?? [];
  return {
    ...(header?.text && (!header.format || header.format === 'TEXT')
      ? { header: fill(header.text, pick('header')) }
      : {}),
    body: fill(body?.text ?? '', pick('body')),
    ...(footer?.text ? { footer: footer.text } : {}),
    buttons: buttons.map((b) => ({ type: b.type, text: b.text, ...(b.url ? { url: b.url } : {}) })),
  };
}

/** A sent template (payload = Meta's template object) rendered with the stored template's text. */
export function renderSent(payload: Record<string, unknown>, templates: Template[]): RenderedTemplate | null {
  const name = String(payload.name ?? '');
  const lang =
    typeof payload.language === 'string'
      ? payload.language
      : String((payload.language as { code?: string } | undefined)?.code ?? '');
  const tpl = templates.find((x) => x.name === name && x.language === lang) ?? templates.find((x) => x.name === name);
  if (!tpl) return null;
  const values: Record<string, string> = {};
  for (const c of (payload.components as
    | Array<{ type: string; parameters?: Array<{ type: string; text?: string; parameter_name?: string }> }>
    | undefined) ?? []) {
    if (c.type !== 'header' && c.type !== 'body') continue;
    (c.parameters ?? []).forEach((p, i) => {
      if (p.type === 'text' && p.text !== undefined) values[`${c.type}.${p.parameter_name ?? String(i + 1)}`] = p.text;
    });
  }
  return renderTemplate(tpl, values);
}
