/**
 * Meta's rules for creating message templates (checked synchronously, error 100 with a 2388xxx subcode
 * like Meta) and the review rules that turn a PENDING template into REJECTED after templateReviewMs.
 */
import { GraphError } from './errors.ts';
import { authenticationComponents } from './templates.auth.ts';
import { isRecord } from './util.ts';

export type TemplateComponent = Record<string, unknown> & { type: string };
export type ParameterFormat = 'POSITIONAL' | 'NAMED';
export const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;

export interface TemplateDraft {
  name: string;
  language: string;
  category: (typeof CATEGORIES)[number];
  parameter_format: ParameterFormat;
  components: TemplateComponent[];
}

/** Meta answers template validation problems with code 100 plus a subcode and user-facing title/message. */
function reject(userTitle: string, userMsg: string, subcode = 2388043): GraphError {
  return new GraphError(100, userMsg, { subcode, userTitle, userMsg });
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** The distinct placeholder keys in order of first use: ['1','2'] or ['first_name', …]. */
export function placeholders(text: string): string[] {
  const seen: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (!seen.includes(m[1]!)) seen.push(m[1]!);
  return seen;
}

function checkPlaceholders(text: string, format: ParameterFormat, where: string): string[] {
  const keys = placeholders(text);
  if (format === 'POSITIONAL') {
    keys.forEach((k) => {
      if (!/^[1-9]\d*$/.test(k))
        throw reject('Invalid parameter', `${where}: positional variables must look like {{1}}, got {{${k}}}.`);
    });
    const nums = keys.map(Number).sort((a, b) => a - b);
    if (nums.some((n, i) => n !== i + 1)) {
      throw reject('Invalid parameter', `${where}: variables must be sequential starting at {{1}}.`, 2388042);
    }
  } else {
    keys.forEach((k) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(k)) {
        throw reject(
          'Invalid parameter',
          `${where}: named variables must be lowercase letters, digits and underscores, got {{${k}}}.`,
        );
      }
    });
  }
  return keys;
}

function exampleValues(
  example: unknown,
  format: ParameterFormat,
  positionalKey: string,
  namedKey: string,
): Map<string, string> | undefined {
  if (!isRecord(example)) return undefined;
  const out = new Map<string, string>();
  if (format === 'NAMED') {
    const list = example[namedKey];
    if (!Array.isArray(list)) return undefined;
    for (const e of list)
      if (isRecord(e) && typeof e.param_name === 'string') out.set(e.param_name, String(e.example ?? ''));
    return out;
  }
  let list = example[positionalKey];
  if (Array.isArray(list) && Array.isArray(list[0])) list = list[0];
  if (!Array.isArray(list)) return undefined;
  for (const [i, v] of list.entries()) out.set(String(i + 1), String(v));
  return out;
}

function requireExamples(keys: string[], examples: Map<string, string> | undefined, where: string): void {
  if (keys.length === 0) return;
  if (!examples || keys.some((k) => !examples.get(k)) || examples.size !== keys.length) {
    throw reject(
      'Message template variables missing sample values',
      `${where} has ${keys.length} variable(s); provide exactly one sample value for each in "example".`,
      2388043,
    );
  }
}

function checkButtons(comp: TemplateComponent, category: string): void {
  const buttons = comp.buttons;
  if (!Array.isArray(buttons) || buttons.length === 0)
    throw reject('Invalid buttons', 'BUTTONS needs a non-empty buttons array.');
  if (buttons.length > 10)
    throw reject('Too many buttons', `A template can have at most 10 buttons, got ${buttons.length}.`, 2388047);
  const count: Record<string, number> = {};
  const kinds: string[] = [];
  buttons.forEach((b, i) => {
    if (!isRecord(b) || typeof b.type !== 'string') throw reject('Invalid buttons', `Button ${i} needs a type.`);
    const type = b.type.toUpperCase();
    count[type] = (count[type] ?? 0) + 1;
    kinds.push(type === 'QUICK_REPLY' ? 'QR' : 'OTHER');
    const label = typeof b.text === 'string' ? b.text : '';
    if (type !== 'OTP' && (label.length === 0 || [...label].length > 25)) {
      throw reject('Invalid button text', `Button ${i} text must be 1-25 characters.`, 2388045);
    }
    if (type === 'URL') {
      const url = typeof b.url === 'string' ? b.url : '';
      if (!/^https?:\/\/[^\s]+$/.test(url.replace(/\{\{1\}\}$/, 'x')))
        throw reject('Invalid URL', `Button ${i} needs a valid http(s) url.`);
      const vars = placeholders(url);
      if (vars.length > 1 || (vars.length === 1 && !url.endsWith('{{1}}'))) {
        throw reject('Invalid URL', `Button ${i}: a URL may have one variable, {{1}}, at the end.`);
      }
      if (vars.length === 1 && !(Array.isArray(b.example) && typeof b.example[0] === 'string')) {
        throw reject(
          'Message template variables missing sample values',
          `Button ${i}: a URL with a variable needs an example URL.`,
        );
      }
    } else if (type === 'PHONE_NUMBER') {
      if (typeof b.phone_number !== 'string' || b.phone_number.replace(/\D/g, '').length < 7) {
        throw reject('Invalid phone number', `Button ${i} needs a phone_number.`);
      }
    } else if (type === 'COPY_CODE') {
      if (typeof b.example !== 'string' && !Array.isArray(b.example))
        throw reject('Missing example', `Button ${i}: COPY_CODE needs an example.`);
    } else if (type === 'OTP' && category !== 'AUTHENTICATION') {
      throw reject('Invalid button', 'OTP buttons are only allowed in AUTHENTICATION templates.');
    } else if (!['QUICK_REPLY', 'OTP', 'FLOW', 'CATALOG', 'MPM', 'VOICE_CALL'].includes(type) && type !== 'URL') {
      throw reject('Invalid button', `Unknown button type ${type}.`);
    }
  });
  if ((count.URL ?? 0) > 2) throw reject('Too many URL buttons', 'A template can have at most 2 URL buttons.', 2388047);
  if ((count.PHONE_NUMBER ?? 0) > 1)
    throw reject('Too many phone buttons', 'A template can have at most 1 phone number button.', 2388047);
  if ((count.COPY_CODE ?? 0) > 1)
    throw reject('Too many copy code buttons', 'A template can have at most 1 copy code button.', 2388047);
  // quick replies must form one group, before or after the other buttons
  const groups = kinds.filter((k, i) => i === 0 || k !== kinds[i - 1]).length;
  if (groups > 2)
    throw reject(
      'Invalid button order',
      'Quick reply buttons must be grouped together, before or after the other buttons.',
      2388047,
    );
}

/** Validates a create request; returns the normalised draft or throws Meta's error. */
export function validateTemplateCreate(body: unknown): TemplateDraft {
  if (!isRecord(body)) throw new GraphError(100, 'Request body must be a JSON object.');
  const { name, category, language } = body;
  if (typeof name !== 'string' || name.length === 0) throw new GraphError(100, 'The parameter name is required.');
  if (name.length > 512 || !/^[a-z0-9_]+$/.test(name)) {
    throw reject(
      'Invalid template name',
      'Template names can only contain lowercase letters, numbers and underscores (max 512).',
      2388040,
    );
  }
  if (typeof language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2,3})?$/.test(language)) {
    throw new GraphError(100, 'The parameter language is required and must be a code like en_US or it.');
  }
  const cat = typeof category === 'string' ? category.toUpperCase() : '';
  if (!(CATEGORIES as readonly string[]).includes(cat)) {
    throw new GraphError(100, `Param category must be one of {${CATEGORIES.join(', ')}}.`);
  }
  const pf = String(body.parameter_format ?? 'positional').toUpperCase();
  if (pf !== 'POSITIONAL' && pf !== 'NAMED')
    throw new GraphError(100, "Param parameter_format must be 'named' or 'positional'.");
  const format = pf as ParameterFormat;
  if (!Array.isArray(body.components)) throw new GraphError(100, 'The parameter components is required.');
  if (cat === 'AUTHENTICATION')
    return {
      name,
      language,
      category: 'AUTHENTICATION',
      parameter_format: 'POSITIONAL',
      components: authenticationComponents(body.components, language),
    };

  const components: TemplateComponent[] = [];
  const seen = new Set<string>();
  for (const raw of body.components) {
    if (!isRecord(raw) || typeof raw.type !== 'string') throw new GraphError(100, 'Each component needs a type.');
    const type = raw.type.toUpperCase();
    if (!['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(type))
      throw new GraphError(100, `Unknown component type ${raw.type}.`);
    if (seen.has(type)) throw reject('Duplicate component', `Only one ${type} component is allowed.`);
    seen.add(type);
    const comp = { ...raw, type } as TemplateComponent;
    const text = typeof comp.text === 'string' ? comp.text : undefined;
    if (type === 'BODY') {
      if (!text) throw new GraphError(100, 'The BODY component requires text.');
      if ([...text].length > 1024)
        throw reject('Body too long', `Body text is ${[...text].length} characters; the maximum is 1024.`, 2388044);
      const keys = checkPlaceholders(text, format, 'BODY');
      requireExamples(keys, exampleValues(comp.example, format, 'body_text', 'body_text_named_params'), 'BODY');
    } else if (type === 'HEADER') {
      const fmt = String(comp.format ?? '').toUpperCase();
      if (!['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'].includes(fmt)) {
        throw new GraphError(100, 'HEADER format must be one of TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION.');
      }
      comp.format = fmt;
      if (fmt === 'TEXT') {
        if (!text || [...text].length > 60)
          throw reject('Header too long', 'A TEXT header needs 1-60 characters.', 2388044);
        const keys = checkPlaceholders(text, format, 'HEADER');
        if (keys.length > 1)
          throw reject('Too many header variables', 'A TEXT header can have at most one variable.', 2388042);
        requireExamples(keys, exampleValues(comp.example, format, 'header_text', 'header_text_named_params'), 'HEADER');
      } else if (fmt !== 'LOCATION') {
        const handle = isRecord(comp.example) ? comp.example.header_handle : undefined;
        if (!Array.isArray(handle) || typeof handle[0] !== 'string') {
          throw reject('Missing sample media', `A ${fmt} header needs example.header_handle with an uploaded sample.`);
        }
      }
    } else if (type === 'FOOTER') {
      if (!text || [...text].length > 60) throw reject('Footer too long', 'A FOOTER needs 1-60 characters.', 2388044);
      if (placeholders(text).length) throw reject('Invalid footer', 'A FOOTER cannot contain variables.');
    } else {
      checkButtons(comp, cat);
    }
    components.push(comp);
  }
  if (!seen.has('BODY')) throw new GraphError(100, 'The BODY component is required.');
  return { name, language, category: cat as TemplateDraft['category'], parameter_format: format, components };
}

export interface ReviewOutcome {
  status: 'APPROVED' | 'REJECTED';
  /** Meta's reason code: NONE, INVALID_FORMAT, INCORRECT_CATEGORY, … */
  reason: string;
  /** rejection_info (Meta sends it with INVALID_FORMAT only) */
  detail?: string;
  recommendation?: string;
  /** approved in another category than asked (allow_category_change) */
  category?: TemplateDraft['category'];
}

/** Words Meta's classifier reads as an offer: a utility template carrying them is marketing. */
const PROMOTIONAL =
  /\b(sconto|sconti|offerta|offerte|promo|promozione|saldi|coupon|gratis|regalo|discount|offer|sale|deal|free gift|buy now|acquista ora|% off|black friday)\b|\d+\s?%/i;

const invalidFormat = (detail: string, recommendation: string): ReviewOutcome => ({
  status: 'REJECTED',
  reason: 'INVALID_FORMAT',
  detail,
  recommendation,
});

/**
 * The reviewer: the format rules Meta enforces at review time rather than at creation, and the category
 * check. `allowCategoryChange` (Meta's allow_category_change) turns a wrong category into a re-categorisation.
 */
export function reviewTemplate(
  t: Pick<TemplateDraft, 'components' | 'category'> & { allowCategoryChange?: boolean },
): ReviewOutcome {
  // Meta wrote the text of an authentication template itself (checked at creation): nothing to review
  if (t.category === 'AUTHENTICATION') return { status: 'APPROVED', reason: 'NONE' };
  const body = t.components.find((c) => c.type === 'BODY');
  const text = typeof body?.text === 'string' ? body.text : '';
  const trimmed = text.trim();
  if (/ {5,}/.test(text))
    return invalidFormat('The body contains more than 4 consecutive spaces.', 'Remove the extra spaces.');
  if (/^\{\{[^{}]*\}\}/.test(trimmed) || /\{\{[^{}]*\}\}[\s.,;:!?]*$/.test(trimmed)) {
    return invalidFormat(
      "Variable parameters can't be at the start or end of the template.",
      'Add text before and after each variable parameter.',
    );
  }
  if (/\}\}[\s,;:.]*\{\{/.test(text))
    return invalidFormat(
      "Variable parameters can't be next to each other.",
      'Add text between the variable parameters.',
    );
  const vars = placeholders(text).length;
  const words = text
    .replace(PLACEHOLDER, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (vars > 0 && words < vars * 2) {
    return invalidFormat(
      'This template contains too many variable parameters relative to the message length.',
      'Decrease the number of variable parameters or increase the message length.',
    );
  }
  const buttons = t.components.find((c) => c.type === 'BUTTONS')?.buttons;
  if (
    Array.isArray(buttons) &&
    buttons.some((b) => isRecord(b) && /\p{Extended_Pictographic}/u.test(String(b.text ?? '')))
  ) {
    return invalidFormat("Button text can't contain emoji.", 'Remove the emoji from the buttons.');
  }
  const allText = t.components.map((c) => (typeof c.text === 'string' ? c.text : '')).join(' ');
  if (t.category === 'UTILITY' && PROMOTIONAL.test(allText)) {
    return t.allowCategoryChange
      ? { status: 'APPROVED', reason: 'NONE', category: 'MARKETING' }
      : { status: 'REJECTED', reason: 'INCORRECT_CATEGORY' };
  }
  return { status: 'APPROVED', reason: 'NONE' };
}
