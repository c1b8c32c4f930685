/**
 * Placeholders the Spoki way, shared by the API and the web editor (pure, no imports): the text says
 * `%%FIRST_NAME%%`; Meta receives named parameters (`{{first_name}}`, `parameter_format: "named"`) with
 * examples; a mapping per parameter (contact field or fixed value, fallback when the field is empty) turns a
 * contact into the send body's `components`, for the composer, the API, campaigns and automations alike.
 */

export interface TplButton {
  type: string;
  text?: string;
  url?: string;
  phone_number?: string;
  example?: string[] | string;
  [k: string]: unknown;
}

export interface TplComponent {
  type: string;
  format?: string;
  text?: string;
  example?: Record<string, unknown>;
  buttons?: TplButton[];
  [k: string]: unknown;
}

/** `%%FIELD%%`: a contact field (standard or dynamic), upper case as in Spoki. */
export const SPOKI_PLACEHOLDER = /%%([A-Za-z][A-Za-z0-9_]*)%%/g;
/** Any `{{…}}`; the key is checked by the rules (named: `[a-z_][a-z0-9_]*`, positional: `1`, `2`, …). */
export const META_PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;

/** Standard contact fields offered in the editor's menu, besides the dynamic fields the admin defined. */
export const STANDARD_FIELDS = ['FIRST_NAME', 'LAST_NAME', 'FULL_NAME', 'PHONE', 'EMAIL'] as const;

export const fieldToParam = (field: string) => field.toLowerCase();
export const paramToField = (param: string) => param.toUpperCase();

/** `Ciao %%FIRST_NAME%%` → `Ciao {{first_name}}` (what Meta receives). */
export function spokiToNamed(text: string): string {
  return text.replace(SPOKI_PLACEHOLDER, (_m, f: string) => `{{${fieldToParam(f)}}}`);
}

/** `Ciao {{first_name}}` → `Ciao %%FIRST_NAME%%` (a template made elsewhere, opened in the editor); `{{1}}` stays. */
export function namedToSpoki(text: string): string {
  return text.replace(META_PLACEHOLDER, (m, k: string) =>
    /^[a-z_][a-z0-9_]*$/.test(k) ? `%%${paramToField(k)}%%` : m,
  );
}

/** Distinct placeholder keys of a text in order of first use, `%%X%%` counted as `x`. */
export function placeholderKeys(text: string | undefined): string[] {
  const out: string[] = [];
  for (const m of spokiToNamed(text ?? '').matchAll(META_PLACEHOLDER)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

const isPositional = (k: string) => /^\d+$/.test(k);

export function componentOf(components: TplComponent[] | null | undefined, type: string): TplComponent | undefined {
  return (components ?? []).find((c) => c.type?.toUpperCase() === type);
}

const textHeader = (c: TplComponent | undefined) => c && (!c.format || c.format.toUpperCase() === 'TEXT');

/** The URL button's variable, mapped like a parameter: `url_0` for the first button, and so on. */
export const urlParamKey = (buttonIndex: number) => `url_${buttonIndex}`;

export interface TemplateParamRef {
  key: string;
  where: 'header' | 'body' | 'button';
  /** button index for URL variables */
  index?: number;
}

/** Every value a send of this template needs: header/body placeholders and URL button variables. */
export function templateParamRefs(components: TplComponent[] | null | undefined): TemplateParamRef[] {
  const out: TemplateParamRef[] = [];
  const header = componentOf(components, 'HEADER');
  if (textHeader(header)) for (const key of placeholderKeys(header?.text)) out.push({ key, where: 'header' });
  for (const key of placeholderKeys(componentOf(components, 'BODY')?.text)) out.push({ key, where: 'body' });
  (componentOf(components, 'BUTTONS')?.buttons ?? []).forEach((b, i) => {
    if (b.type?.toUpperCase() === 'URL' && placeholderKeys(b.url).length)
      out.push({ key: urlParamKey(i), where: 'button', index: i });
  });
  return out;
}

/** Distinct keys (a name used in header and body is one value). */
export const paramKeys = (components: TplComponent[] | null | undefined) => [
  ...new Set(templateParamRefs(components).map((p) => p.key)),
];

export function parameterFormatOf(components: TplComponent[] | null | undefined): 'named' | 'positional' {
  const keys = templateParamRefs(components)
    .filter((p) => p.where !== 'button')
    .map((p) => p.key);
  return keys.length && keys.every(isPositional) ? 'positional' : 'named';
}

/**
 * The editor's components (text with `%%FIELD%%`) → Meta's create components: named placeholders and their
 * examples (`header_text_named_params`, `body_text_named_params`, a URL button's full example URL).
 * `examples` is keyed by parameter (`first_name`, `url_0`).
 */
export function toMetaComponents(components: TplComponent[], examples: Record<string, string>): TplComponent[] {
  return components.map((c): TplComponent => {
    const type = c.type.toUpperCase();
    const text = typeof c.text === 'string' ? spokiToNamed(c.text) : undefined;
    // an authentication body has no text (Meta writes it): it passes as it is
    if ((type === 'HEADER' && textHeader(c)) || (type === 'BODY' && text !== undefined)) {
      const keys = placeholderKeys(text);
      const kind = type === 'HEADER' ? 'header' : 'body';
      const out: TplComponent = { ...c, type, ...(type === 'HEADER' ? { format: 'TEXT' } : {}), text: text ?? '' };
      delete out.example;
      if (!keys.length) return out;
      if (keys.every(isPositional)) {
        const values = keys.map((k) => examples[k] ?? '');
        out.example = kind === 'header' ? { header_text: values } : { body_text: [values] };
      } else {
        out.example = {
          [`${kind}_text_named_params`]: keys.map((k) => ({ param_name: k, example: examples[k] ?? '' })),
        };
      }
      return out;
    }
    if (type === 'BUTTONS') {
      return {
        ...c,
        type,
        buttons: (c.buttons ?? []).map((b, i) => {
          const btype = b.type.toUpperCase();
          if (btype !== 'URL') return { ...b, type: btype };
          const url = spokiToNamed(b.url ?? '').replace(META_PLACEHOLDER, '{{1}}');
          const { example: _old, ...rest } = b;
          if (!url.includes('{{1}}')) return { ...rest, type: btype, url };
          return { ...rest, type: btype, url, example: [url.replace('{{1}}', examples[urlParamKey(i)] ?? '')] };
        }),
      };
    }
    return { ...c, type, ...(text !== undefined ? { text } : {}) };
  });
}

/** Meta's components (a synced template) → the editor's: `%%FIELD%%` text and the examples map. */
export function fromMetaComponents(components: TplComponent[] | null | undefined): {
  components: TplComponent[];
  examples: Record<string, string>;
} {
  const examples: Record<string, string> = {};
  const out = (components ?? []).map((c): TplComponent => {
    const type = c.type.toUpperCase();
    const ex = (c.example ?? {}) as Record<string, unknown>;
    for (const kind of ['header', 'body']) {
      const named = ex[`${kind}_text_named_params`];
      if (Array.isArray(named))
        for (const p of named as Array<{ param_name?: string; example?: string }>)
          if (p.param_name) examples[p.param_name] = String(p.example ?? '');
    }
    const positional =
      type === 'BODY'
        ? (ex.body_text as unknown[][] | undefined)?.[0]
        : type === 'HEADER'
          ? (ex.header_text as unknown[] | undefined)
          : undefined;
    for (const [i, v] of (positional ?? []).entries()) examples[String(i + 1)] = String(v);
    if (type === 'BUTTONS') {
      (c.buttons ?? []).forEach((b, i) => {
        const url = b.url ?? '';
        const full = Array.isArray(b.example) ? b.example[0] : undefined;
        const at = url.indexOf('{{');
        if (b.type?.toUpperCase() === 'URL' && at >= 0 && typeof full === 'string' && full.startsWith(url.slice(0, at)))
          examples[urlParamKey(i)] = full.slice(at);
      });
      return { ...c, type };
    }
    return { ...c, type, ...(typeof c.text === 'string' ? { text: namedToSpoki(c.text) } : {}) };
  });
  return { components: out, examples };
}

// ---------------------------------------------------------------------------------------------
// Mapping: where each parameter's value comes from at send time

export type ParamSource = { source: 'field'; field: string; fallback?: string } | { source: 'value'; value: string };
export type ParamMapping = Record<string, ParamSource>;

/** What a send needs to know about the recipient. `fields` are the dynamic fields, keyed like `BIRTHDAY_DATE`. */
export interface ContactValues {
  first_name?: string;
  last_name?: string;
  name?: string;
  profile_name?: string;
  phone?: string;
  email?: string;
  fields?: Record<string, unknown> | null;
}

/**
 * A parameter named like a contact field (`first_name`, `last_name`, a dynamic field in lower case) maps to
 * that field; the mapping stored on the template overrides it.
 */
export function effectiveMapping(
  keys: string[],
  stored: ParamMapping | null | undefined,
  dynamicFields: readonly string[],
): ParamMapping {
  const known = new Set<string>([...STANDARD_FIELDS, ...dynamicFields.map((f) => f.toUpperCase())]);
  const out: ParamMapping = {};
  for (const k of keys) {
    const s = stored?.[k];
    if (s) out[k] = s;
    else if (known.has(paramToField(k))) out[k] = { source: 'field', field: paramToField(k) };
  }
  return out;
}

function display(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '✓' : '';
  return String(v).trim();
}

export function contactFieldValue(c: ContactValues, field: string): string {
  const whole = display(c.name) || display(c.profile_name);
  switch (field.toUpperCase()) {
    case 'FIRST_NAME':
      return display(c.first_name) || (whole.split(/\s+/)[0] ?? '');
    case 'LAST_NAME':
      return display(c.last_name);
    case 'FULL_NAME':
      return [display(c.first_name), display(c.last_name)].filter(Boolean).join(' ') || whole;
    case 'PHONE':
      return display(c.phone);
    case 'EMAIL':
      return display(c.email);
    default: {
      const f = c.fields ?? {};
      return display(f[field.toUpperCase()] ?? f[field]);
    }
  }
}

/** Values for every key, and the keys that have none (no mapping, or an empty field without fallback). */
export function resolveParamValues(
  keys: string[],
  mapping: ParamMapping,
  contact: ContactValues,
): { values: Record<string, string>; missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const k of keys) {
    const m = mapping[k];
    const v = !m
      ? ''
      : m.source === 'value'
        ? m.value.trim()
        : contactFieldValue(contact, m.field) || (m.fallback ?? '').trim();
    if (v) values[k] = v;
    else missing.push(k);
  }
  return { values, missing };
}

export type SendComponent = {
  type: string;
  sub_type?: string;
  index?: string;
  parameters: Array<Record<string, unknown>>;
};

/**
 * The send body's `components` for a template as Meta holds it (named or positional), given a value per key.
 * `headerMedia` fills an image/video/document header (a media id from the number's upload).
 */
export function buildSendComponents(
  components: TplComponent[] | null | undefined,
  values: Record<string, string>,
  headerMedia?: { id?: string; link?: string; filename?: string },
): SendComponent[] {
  const out: SendComponent[] = [];
  const text = (k: string) => ({
    type: 'text',
    text: values[k] ?? '',
    ...(isPositional(k) ? {} : { parameter_name: k }),
  });
  const header = componentOf(components, 'HEADER');
  if (header && textHeader(header)) {
    const keys = placeholderKeys(header.text);
    if (keys.length) out.push({ type: 'header', parameters: keys.map(text) });
  } else if (header && headerMedia && ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(String(header.format).toUpperCase())) {
    const kind = String(header.format).toLowerCase();
    const media: Record<string, string> = headerMedia.id ? { id: headerMedia.id } : { link: headerMedia.link ?? '' };
    if (kind === 'document' && headerMedia.filename) media.filename = headerMedia.filename;
    out.push({ type: 'header', parameters: [{ type: kind, [kind]: media }] });
  }
  const bodyKeys = placeholderKeys(componentOf(components, 'BODY')?.text);
  if (bodyKeys.length) {
    const ordered = bodyKeys.every(isPositional) ? bodyKeys.slice().sort((a, b) => Number(a) - Number(b)) : bodyKeys;
    out.push({ type: 'body', parameters: ordered.map(text) });
  }
  (componentOf(components, 'BUTTONS')?.buttons ?? []).forEach((b, i) => {
    if (b.type?.toUpperCase() === 'URL' && placeholderKeys(b.url).length) {
      out.push({
        type: 'button',
        sub_type: 'url',
        index: String(i),
        parameters: [{ type: 'text', text: values[urlParamKey(i)] ?? '' }],
      });
    }
  });
  return out;
}

/** Text with values filled in (for previews); a key without value keeps its `%%FIELD%%`/`{{key}}` form. */
export function fillText(text: string, values: Record<string, string>): string {
  return spokiToNamed(text).replace(
    META_PLACEHOLDER,
    (m, k: string) => values[k] || (isPositional(k) ? m : `%%${paramToField(k)}%%`),
  );
}
