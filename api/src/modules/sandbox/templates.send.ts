/**
 * Sending a template: the 132xxx checks Meta applies to `type:"template"` messages, and the rendering of
 * the final text for the customer's phone.
 */
import { badValue, GraphError, invalid } from './errors.ts';
import type { MediaStore } from './media.ts';
import type { TemplateRecord, TemplateStore } from './templates.store.ts';
import { placeholders } from './templates.validate.ts';
import type { RenderedTemplate } from './types.ts';
import { isRecord } from './util.ts';

type Param = Record<string, unknown>;

function paramText(p: Param, where: string): string {
  const t = p.type;
  if (t === 'text') {
    if (typeof p.text !== 'string' || p.text.length === 0)
      throw new GraphError(132018, `${where}: text parameter must be a non-empty string.`);
    if (/[\n\t]/.test(p.text) || / {5,}/.test(p.text)) {
      throw new GraphError(
        132018,
        `${where}: Param text cannot have new-line/tab characters or more than 4 consecutive spaces.`,
      );
    }
    return p.text;
  }
  if (t === 'currency' || t === 'date_time') {
    const v = isRecord(p[t]) ? (p[t] as Param).fallback_value : undefined;
    if (typeof v !== 'string' || !v) throw new GraphError(132018, `${where}: ${t} parameter needs a fallback_value.`);
    return v;
  }
  throw new GraphError(132012, `${where}: parameter type '${String(t)}' does not match the template (expected text).`);
}

/** Fills text placeholders from a component's parameters, enforcing count and names (132000). */
function fill(text: string, params: Param[], tpl: TemplateRecord, where: string): string {
  const keys = placeholders(text);
  if (params.length !== keys.length) {
    throw new GraphError(
      132000,
      `${where}: number of localizable_params (${params.length}) does not match the expected number of params (${keys.length})`,
    );
  }
  const values = new Map<string, string>();
  params.forEach((p, i) => {
    if (tpl.parameter_format === 'NAMED') {
      const name = p.parameter_name;
      if (typeof name !== 'string' || !keys.includes(name)) {
        throw new GraphError(132000, `${where}: parameter_name '${String(name)}' is not one of {${keys.join(', ')}}`);
      }
      values.set(name, paramText(p, `${where} ${name}`));
    } else {
      values.set(String(i + 1), paramText(p, `${where} param ${i + 1}`));
    }
  });
  return text.replace(/\{\{([^{}]*)\}\}/g, (_m, k: string) => values.get(k) ?? '');
}

function componentParams(components: Param[], type: string, index?: number): Param[] | undefined {
  const c = components.find(
    (x) => String(x.type).toLowerCase() === type && (index === undefined || String(x.index) === String(index)),
  );
  if (!c) return undefined;
  if (c.parameters === undefined) return [];
  if (!Array.isArray(c.parameters) || !c.parameters.every(isRecord)) {
    throw invalid(`Param template['components'][type=${type}]['parameters'] must be an array of objects.`);
  }
  return c.parameters as Param[];
}

export function checkTemplateSend(
  raw: unknown,
  store: TemplateStore,
  wabaId: string,
  media: MediaStore,
): { template: TemplateRecord; rendered: RenderedTemplate } {
  if (!isRecord(raw)) throw invalid('The parameter template is required.');
  const name = raw.name;
  const code = isRecord(raw.language) ? raw.language.code : undefined;
  if (typeof name !== 'string' || !name) throw invalid("The parameter template['name'] is required.");
  if (typeof code !== 'string' || !code) throw invalid("The parameter template['language']['code'] is required.");
  const tpl = store.find(wabaId, name, code)[0];
  if (!tpl) throw new GraphError(132001, `template name (${name}) does not exist in ${code}`);
  if (tpl.status === 'PAUSED') throw new GraphError(132015, `Template ${name} (${code}) is paused due to low quality.`);
  if (tpl.status === 'DISABLED') throw new GraphError(132016, `Template ${name} (${code}) has been disabled.`);
  if (tpl.status !== 'APPROVED') {
    throw new GraphError(132001, `template name (${name}) is not approved in ${code} (status ${tpl.status})`);
  }
  if (raw.components !== undefined && (!Array.isArray(raw.components) || !raw.components.every(isRecord))) {
    throw invalid("Param template['components'] must be an array of objects.");
  }
  const given = (raw.components ?? []) as Param[];
  const comp = (t: string) => tpl.components.find((c) => c.type === t);
  const rendered: RenderedTemplate = { name, language: code, body: '', buttons: [] };

  const header = comp('HEADER');
  if (header) {
    const format = String(header.format);
    const params = componentParams(given, 'header') ?? [];
    if (format === 'TEXT') {
      rendered.header = { format, text: fill(String(header.text ?? ''), params, tpl, 'header') };
    } else {
      const kind = format.toLowerCase();
      const p = params[0];
      const m = p && p.type === kind && isRecord(p[kind]) ? (p[kind] as Param) : undefined;
      if (!m) throw new GraphError(132012, `header: a ${kind} parameter is required by this template.`);
      if (kind !== 'location') {
        if (typeof m.id === 'string' && !media.get(m.id))
          throw badValue(`header: ${kind} id ${m.id} is not a valid media id.`);
        if (typeof m.id !== 'string' && typeof m.link !== 'string')
          throw new GraphError(132012, `header: ${kind} needs an id or link.`);
      }
      rendered.header = {
        format,
        ...(typeof m.id === 'string' ? { mediaId: m.id } : {}),
        ...(typeof m.link === 'string' ? { link: m.link } : {}),
        ...(kind === 'location' ? { text: String(m.name ?? `${String(m.latitude)}, ${String(m.longitude)}`) } : {}),
      };
    }
  } else if (componentParams(given, 'header')?.length) {
    throw new GraphError(
      132000,
      'header: number of localizable_params (1) does not match the expected number of params (0)',
    );
  }

  rendered.body = fill(String(comp('BODY')?.text ?? ''), componentParams(given, 'body') ?? [], tpl, 'body');
  if ([...rendered.body].length > 1024)
    throw new GraphError(132005, 'The body text after parameter substitution exceeds 1024 characters.');
  const footer = comp('FOOTER');
  if (typeof footer?.text === 'string') rendered.footer = footer.text;

  const buttons = (comp('BUTTONS')?.buttons ?? []) as Param[];
  for (const g of given.filter((x) => String(x.type).toLowerCase() === 'button')) {
    const i = Number(g.index);
    if (!Number.isInteger(i) || !buttons[i])
      throw badValue(`button: index ${String(g.index)} does not exist in the template.`);
    const want = String(buttons[i]!.type).toLowerCase();
    if (String(g.sub_type).toLowerCase() !== want) throw badValue(`button ${i}: sub_type must be '${want}'.`);
  }
  buttons.forEach((b, i) => {
    const type = String(b.type);
    const text = String(b.text ?? '');
    const params = componentParams(given, 'button', i);
    if (type === 'QUICK_REPLY') {
      const payload = params?.[0]?.payload;
      rendered.buttons.push({ type, text, payload: typeof payload === 'string' ? payload : text });
    } else if (type === 'URL') {
      const url = String(b.url ?? '');
      const vars = placeholders(url).length;
      if (vars && !params?.length) throw new GraphError(132000, `button ${i}: the URL button needs 1 text parameter.`);
      const suffix = params?.[0] ? paramText(params[0], `button ${i}`) : '';
      rendered.buttons.push({ type, text, url: vars ? url.replace('{{1}}', suffix) : url });
    } else if (type === 'PHONE_NUMBER') {
      rendered.buttons.push({ type, text, phone: String(b.phone_number ?? '') });
    } else {
      rendered.buttons.push({ type, text });
    }
  });
  return { template: tpl, rendered };
}
