/**
 * Meta's rules for a template, checked live in the editor and again by the API before anything reaches Meta
 * (pure; the web imports this file). Every issue names its rule (`rule`), so the editor can translate it,
 * and carries an English message that says what the rule is and what was found.
 */
import { authIssues } from './template-auth-rules.ts';
import {
  componentOf,
  META_PLACEHOLDER,
  placeholderKeys,
  spokiToNamed,
  type TplComponent,
  urlParamKey,
} from './template-placeholders.ts';

export const LIMITS = {
  name: 512,
  headerText: 60,
  body: 1024,
  footer: 60,
  buttons: 10,
  quickReplies: 10,
  urlButtons: 2,
  phoneButtons: 1,
  copyCode: 1,
  buttonText: 25,
  copyCodeExample: 15,
  url: 2000,
  spaces: 4,
  headerParams: 1,
} as const;

export const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type Category = (typeof CATEGORIES)[number];
export const HEADER_FORMATS = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'] as const;

export type RuleCode =
  | 'name.required'
  | 'name.charset'
  | 'name.max_length'
  | 'category.invalid'
  | 'language.invalid'
  | 'header.text.required'
  | 'header.text.max_length'
  | 'header.text.max_params'
  | 'header.sample_required'
  | 'body.required'
  | 'body.max_length'
  | 'body.spaces'
  | 'body.param_at_start'
  | 'body.param_at_end'
  | 'body.params_adjacent'
  | 'body.too_many_params'
  | 'param.name'
  | 'param.sequence'
  | 'param.mixed'
  | 'param.example_missing'
  | 'footer.max_length'
  | 'footer.params'
  | 'buttons.max'
  | 'buttons.quick_reply_max'
  | 'buttons.url_max'
  | 'buttons.phone_max'
  | 'buttons.copy_code_max'
  | 'buttons.grouped'
  | 'button.text.required'
  | 'button.text.max_length'
  | 'button.text.emoji'
  | 'button.text.duplicate'
  | 'button.url.invalid'
  | 'button.url.param'
  | 'button.url.example'
  | 'button.phone.invalid'
  | 'button.copy_code.example'
  | 'button.type'
  | 'auth.fixed_text'
  | 'auth.security'
  | 'auth.expiry'
  | 'auth.button'
  | 'auth.otp_type'
  | 'auth.app_required'
  | 'auth.package_name'
  | 'auth.signature_hash';

export interface RuleIssue {
  rule: RuleCode;
  /** where in the form: `name`, `body`, `header`, `footer`, `buttons[1].text`, `examples.first_name` */
  path: string;
  message: string;
  params?: Record<string, string | number>;
}

export interface TemplateInput {
  name?: string;
  category?: string;
  language?: string;
  components?: TplComponent[];
}

/** Characters as Meta counts them (code points, so an emoji is one). */
export const charCount = (s: string | undefined) => [...(s ?? '')].length;
const EMOJI = /\p{Extended_Pictographic}/u;
const NAMED_KEY = /^[a-z_][a-z0-9_]*$/;

function issue(rule: RuleCode, path: string, message: string, params?: RuleIssue['params']): RuleIssue {
  return { rule, path, message, ...(params ? { params } : {}) };
}

export function validateName(name: string | undefined): RuleIssue[] {
  const n = name ?? '';
  if (!n) return [issue('name.required', 'name', 'Name: required')];
  const out: RuleIssue[] = [];
  if (!/^[a-z0-9_]+$/.test(n))
    out.push(issue('name.charset', 'name', 'Name: only lowercase letters, digits and underscores (a-z, 0-9, _)'));
  if (n.length > LIMITS.name)
    out.push(
      issue('name.max_length', 'name', `Name: at most ${LIMITS.name} characters (now ${n.length})`, {
        max: LIMITS.name,
        count: n.length,
      }),
    );
  return out;
}

/** Words that are not placeholders: Meta refuses a text that is mostly variables. */
function otherWords(text: string): number {
  return text
    .replace(META_PLACEHOLDER, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

function checkBody(text: string | undefined, out: RuleIssue[]): void {
  const raw = text ?? '';
  if (!raw.trim()) {
    out.push(issue('body.required', 'body', 'Body: required'));
    return;
  }
  const n = charCount(raw);
  if (n > LIMITS.body)
    out.push(
      issue('body.max_length', 'body', `Body: at most ${LIMITS.body} characters (now ${n})`, {
        max: LIMITS.body,
        count: n,
      }),
    );
  if (/ {5,}/.test(raw))
    out.push(
      issue('body.spaces', 'body', `Body: no more than ${LIMITS.spaces} consecutive spaces`, { max: LIMITS.spaces }),
    );
  const named = spokiToNamed(raw).trim();
  if (/^\{\{[^{}]*\}\}/.test(named))
    out.push(
      issue('body.param_at_start', 'body', 'Body: a placeholder cannot be at the very start — begin with some words'),
    );
  // punctuation alone after the last placeholder still leaves it at the end, for Meta's reviewers too
  if (/\{\{[^{}]*\}\}$/.test(named.replace(/[\s.,;:!?…"')]+$/u, ''))) {
    out.push(
      issue('body.param_at_end', 'body', 'Body: a placeholder cannot be at the very end — finish with some words'),
    );
  }
  if (/\}\}[\s\p{P}]*\{\{/u.test(named))
    out.push(
      issue(
        'body.params_adjacent',
        'body',
        'Body: two placeholders cannot be next to each other — put words between them',
      ),
    );
  const params = placeholderKeys(raw).length;
  const words = otherWords(named);
  if (params > 0 && words < params * 2) {
    out.push(
      issue(
        'body.too_many_params',
        'body',
        `Body: too many placeholders for the length of the text (${params} placeholders need at least ${params * 2} other words, there are ${words})`,
        { params, need: params * 2, words },
      ),
    );
  }
}

function checkParams(components: TplComponent[], examples: Record<string, string> | undefined, out: RuleIssue[]): void {
  const header = componentOf(components, 'HEADER');
  const texts = [
    header && (!header.format || header.format === 'TEXT') ? header.text : undefined,
    componentOf(components, 'BODY')?.text,
  ];
  const keys = [...new Set(texts.flatMap((t) => placeholderKeys(t)))];
  const positional = keys.filter((k) => /^\d+$/.test(k));
  if (positional.length && positional.length !== keys.length) {
    out.push(issue('param.mixed', 'body', 'Placeholders: do not mix numbered ({{1}}) and named placeholders'));
    return;
  }
  if (positional.length) {
    const nums = positional.map(Number).sort((a, b) => a - b);
    if (nums.some((v, i) => v !== i + 1))
      out.push(
        issue('param.sequence', 'body', 'Placeholders: numbered placeholders must be {{1}}, {{2}}, … without gaps'),
      );
  } else {
    for (const k of keys)
      if (!NAMED_KEY.test(k))
        out.push(
          issue('param.name', 'body', `Placeholder {{${k}}}: lowercase letters, digits and underscores only`, {
            key: k,
          }),
        );
  }
  if (examples) {
    for (const k of keys)
      if (!examples[k]?.trim())
        out.push(
          issue('param.example_missing', `examples.${k}`, `Placeholder ${k}: give an example value for Meta's review`, {
            key: k,
          }),
        );
  }
}

function checkButtons(c: TplComponent, examples: Record<string, string> | undefined, out: RuleIssue[]): void {
  const buttons = c.buttons ?? [];
  const count = (t: string) => buttons.filter((b) => b.type?.toUpperCase() === t).length;
  if (buttons.length > LIMITS.buttons)
    out.push(
      issue('buttons.max', 'buttons', `Buttons: at most ${LIMITS.buttons} (now ${buttons.length})`, {
        max: LIMITS.buttons,
        count: buttons.length,
      }),
    );
  if (count('QUICK_REPLY') > LIMITS.quickReplies)
    out.push(
      issue('buttons.quick_reply_max', 'buttons', `Buttons: at most ${LIMITS.quickReplies} quick replies`, {
        max: LIMITS.quickReplies,
      }),
    );
  if (count('URL') > LIMITS.urlButtons)
    out.push(
      issue('buttons.url_max', 'buttons', `Buttons: at most ${LIMITS.urlButtons} links`, { max: LIMITS.urlButtons }),
    );
  if (count('PHONE_NUMBER') > LIMITS.phoneButtons)
    out.push(issue('buttons.phone_max', 'buttons', 'Buttons: at most one phone number', { max: LIMITS.phoneButtons }));
  if (count('COPY_CODE') > LIMITS.copyCode)
    out.push(
      issue('buttons.copy_code_max', 'buttons', 'Buttons: at most one copy-code button', { max: LIMITS.copyCode }),
    );
  const kinds = buttons.map((b) => (b.type?.toUpperCase() === 'QUICK_REPLY' ? 'q' : 'o'));
  if (kinds.filter((k, i) => i === 0 || k !== kinds[i - 1]).length > 2) {
    out.push(
      issue('buttons.grouped', 'buttons', 'Buttons: quick replies must be together, before or after the other buttons'),
    );
  }
  const seen = new Set<string>();
  buttons.forEach((b, i) => {
    const type = b.type?.toUpperCase();
    const p = `buttons[${i}]`;
    if (!['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'].includes(type)) {
      out.push(issue('button.type', `${p}.type`, `Button ${i + 1}: quick reply, link, phone number or copy code`));
      return;
    }
    const text = b.text ?? '';
    if (type !== 'COPY_CODE') {
      if (!text.trim())
        out.push(issue('button.text.required', `${p}.text`, `Button ${i + 1}: text required`, { n: i + 1 }));
      const n = charCount(text);
      if (n > LIMITS.buttonText)
        out.push(
          issue(
            'button.text.max_length',
            `${p}.text`,
            `Button ${i + 1}: at most ${LIMITS.buttonText} characters (now ${n})`,
            { n: i + 1, max: LIMITS.buttonText, count: n },
          ),
        );
      if (EMOJI.test(text))
        out.push(issue('button.text.emoji', `${p}.text`, `Button ${i + 1}: no emoji in buttons`, { n: i + 1 }));
      const key = text.trim().toLowerCase();
      if (key && seen.has(key))
        out.push(
          issue('button.text.duplicate', `${p}.text`, `Button ${i + 1}: another button has the same text`, {
            n: i + 1,
          }),
        );
      seen.add(key);
    }
    if (type === 'URL') {
      const url = spokiToNamed(b.url ?? '');
      const vars = [...url.matchAll(META_PLACEHOLDER)];
      const bare = url.replace(META_PLACEHOLDER, 'x');
      if (!/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(bare) || url.length > LIMITS.url)
        out.push(
          issue('button.url.invalid', `${p}.url`, `Button ${i + 1}: a web address starting with https://`, {
            n: i + 1,
          }),
        );
      if (vars.length > 1 || (vars.length === 1 && !/\}\}$/.test(url)))
        out.push(
          issue('button.url.param', `${p}.url`, `Button ${i + 1}: a link may have one variable, at the very end`, {
            n: i + 1,
          }),
        );
      else if (vars.length === 1 && examples && !examples[urlParamKey(i)]?.trim())
        out.push(
          issue(
            'button.url.example',
            `examples.${urlParamKey(i)}`,
            `Button ${i + 1}: give an example of the end of the link`,
            { n: i + 1 },
          ),
        );
    } else if (type === 'PHONE_NUMBER') {
      if (!/^\+[1-9][\d\s-]{6,19}$/.test((b.phone_number ?? '').trim()))
        out.push(
          issue(
            'button.phone.invalid',
            `${p}.phone_number`,
            `Button ${i + 1}: an international number with + and the country code`,
            { n: i + 1 },
          ),
        );
    } else if (type === 'COPY_CODE') {
      const ex = Array.isArray(b.example) ? b.example[0] : b.example;
      if (!ex || charCount(String(ex)) > LIMITS.copyCodeExample)
        out.push(
          issue(
            'button.copy_code.example',
            `${p}.example`,
            `Button ${i + 1}: an example code of 1 to ${LIMITS.copyCodeExample} characters`,
            { n: i + 1, max: LIMITS.copyCodeExample },
          ),
        );
    }
  });
}

/**
 * Every rule of a translation. `examples` (keyed by parameter, `url_0` for a link's variable) makes missing
 * examples an issue; leave it out to check the text alone (a template read back from Meta).
 */
export function validateTemplate(t: TemplateInput, examples?: Record<string, string>): RuleIssue[] {
  const out = validateName(t.name);
  if (!CATEGORIES.includes(String(t.category ?? '').toUpperCase() as Category))
    out.push(issue('category.invalid', 'category', 'Category: marketing, utility or authentication'));
  if (!/^[a-z]{2,3}(_[A-Z]{2,3})?$/.test(t.language ?? ''))
    out.push(issue('language.invalid', 'language', 'Language: a code like it, en or en_US'));
  const components = t.components ?? [];
  // Meta writes an authentication template's text: only its few settings are checked
  if (String(t.category ?? '').toUpperCase() === 'AUTHENTICATION') return [...out, ...authIssues(components)];
  const header = componentOf(components, 'HEADER');
  if (header) {
    const format = String(header.format ?? 'TEXT').toUpperCase();
    if (format === 'TEXT') {
      const text = header.text ?? '';
      if (!text.trim())
        out.push(issue('header.text.required', 'header', 'Header: write the text, or choose no header'));
      const n = charCount(text);
      if (n > LIMITS.headerText)
        out.push(
          issue('header.text.max_length', 'header', `Header: at most ${LIMITS.headerText} characters (now ${n})`, {
            max: LIMITS.headerText,
            count: n,
          }),
        );
      if (placeholderKeys(text).length > LIMITS.headerParams)
        out.push(issue('header.text.max_params', 'header', 'Header: at most one placeholder'));
    } else if (['IMAGE', 'VIDEO', 'DOCUMENT'].includes(format)) {
      const handle = (header.example as { header_handle?: unknown } | undefined)?.header_handle;
      if (!Array.isArray(handle) || !handle[0])
        out.push(
          issue(
            'header.sample_required',
            'header',
            `Header: upload a sample ${format.toLowerCase()} for Meta's review`,
            { format: format.toLowerCase() },
          ),
        );
    }
  }
  checkBody(componentOf(components, 'BODY')?.text, out);
  checkParams(components, examples, out);
  const footer = componentOf(components, 'FOOTER');
  if (footer) {
    const n = charCount(footer.text);
    if (n > LIMITS.footer)
      out.push(
        issue('footer.max_length', 'footer', `Footer: at most ${LIMITS.footer} characters (now ${n})`, {
          max: LIMITS.footer,
          count: n,
        }),
      );
    if (placeholderKeys(footer.text).length) out.push(issue('footer.params', 'footer', 'Footer: no placeholders'));
  }
  const buttons = componentOf(components, 'BUTTONS');
  if (buttons) checkButtons(buttons, examples, out);
  return out;
}

/** Same language and same body (placeholders compared by position) — Meta refuses such a duplicate. */
export function sameContent(
  a: { language: string; components?: TplComponent[] | null },
  b: { language: string; components?: TplComponent[] | null },
): boolean {
  const body = (c?: TplComponent[] | null) =>
    spokiToNamed(componentOf(c, 'BODY')?.text ?? '')
      .replace(META_PLACEHOLDER, '{{}}')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
  return a.language === b.language && body(a.components) !== '' && body(a.components) === body(b.components);
}
