/**
 * The editor's form for one language, to and from Meta's component shape (text keeps %%FIELD%%), and the
 * rules checked live. Pure: the shared rules come from the API's own module, never a copy.
 */
import {
  componentOf,
  paramKeys,
  type ParamMapping,
  type TplButton,
  type TplComponent,
} from '../../../../api/src/modules/templates/template-placeholders.ts';
import {
  authComponents,
  authFromComponents,
  defaultAuth,
  isAuthShape,
  type AuthSettings,
} from '../../../../api/src/modules/templates/template-auth.ts';
import { validateTemplate, type RuleIssue } from '../../../../api/src/modules/templates/template-rules.ts';

export type HeaderFormat = 'NONE' | 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT';

export interface LangForm {
  /** the row, once saved */
  id?: string;
  language: string;
  status: string;
  headerFormat: HeaderFormat;
  headerText: string;
  headerHandle: string;
  /** where the preview shows the sample (a saved file or a just-chosen one) */
  headerSampleUrl: string;
  body: string;
  footer: string;
  buttons: TplButton[];
  examples: Record<string, string>;
  /** AUTHENTICATION: Meta's fixed shape replaces header, body, footer and buttons */
  auth?: AuthSettings;
}

export interface TemplateRow {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  components: TplComponent[] | null;
  draft_components: TplComponent[] | null;
  examples: Record<string, string> | null;
  mapping: ParamMapping | null;
  default_language: string;
  quality_score: string;
  rejected_reason: string;
  rejection_recommendation: string;
  status_detail: string;
  history: Array<{ at: string; kind: string; from?: string; to?: string; reason?: string; detail?: string }> | null;
  header_sample: string;
  collectionId?: string;
  last_error?: string;
}

export function emptyForm(language: string): LangForm {
  return {
    language,
    status: 'DRAFT',
    headerFormat: 'NONE',
    headerText: '',
    headerHandle: '',
    headerSampleUrl: '',
    body: '',
    footer: '',
    buttons: [],
    examples: {},
  };
}

/** The form of a saved row: its draft, or (a template made elsewhere) Meta's components read back. */
export function formFromRow(
  row: TemplateRow,
  view: { components: TplComponent[]; examples: Record<string, string> },
  sampleUrl = '',
): LangForm {
  const header = componentOf(view.components, 'HEADER');
  const format = (header ? String(header.format ?? 'TEXT').toUpperCase() : 'NONE') as HeaderFormat;
  const handle = (header?.example as { header_handle?: string[] } | undefined)?.header_handle?.[0] ?? '';
  return {
    id: row.id,
    language: row.language,
    status: row.status,
    headerFormat: format,
    headerText: format === 'TEXT' ? (header?.text ?? '') : '',
    headerHandle: handle,
    headerSampleUrl: sampleUrl,
    body: componentOf(view.components, 'BODY')?.text ?? '',
    footer: componentOf(view.components, 'FOOTER')?.text ?? '',
    buttons: (componentOf(view.components, 'BUTTONS')?.buttons ?? []).map((b) => ({ ...b })),
    examples: { ...view.examples },
    ...(isAuthShape(view.components) ? { auth: authFromComponents(view.components) } : {}),
  };
}

/** The forms when the category changes: authentication gets Meta's fixed shape, the others lose it. */
export function withCategory(forms: LangForm[], category: string): LangForm[] {
  return forms.map((f) => {
    if (category === 'AUTHENTICATION') return { ...f, auth: f.auth ?? defaultAuth() };
    const { auth: _auth, ...rest } = f;
    return rest;
  });
}

export function componentsOf(f: LangForm): TplComponent[] {
  if (f.auth) return authComponents(f.auth);
  const out: TplComponent[] = [];
  if (f.headerFormat === 'TEXT') out.push({ type: 'HEADER', format: 'TEXT', text: f.headerText });
  else if (f.headerFormat !== 'NONE')
    out.push({
      type: 'HEADER',
      format: f.headerFormat,
      ...(f.headerHandle ? { example: { header_handle: [f.headerHandle] } } : {}),
    });
  out.push({ type: 'BODY', text: f.body });
  if (f.footer.trim()) out.push({ type: 'FOOTER', text: f.footer });
  if (f.buttons.length) out.push({ type: 'BUTTONS', buttons: f.buttons });
  return out;
}

/** The examples this form needs (one per parameter, `url_N` for a link's variable), others dropped. */
export function neededExamples(f: LangForm): string[] {
  return paramKeys(componentsOf(f));
}

export function issuesOf(name: string, category: string, f: LangForm): RuleIssue[] {
  const examples = Object.fromEntries(neededExamples(f).map((k) => [k, f.examples[k] ?? '']));
  return validateTemplate({ name, category, language: f.language, components: componentsOf(f) }, examples);
}

/** Inserts `snippet` at the caret of a textarea's value, returning the new value and caret. */
export function insertAt(value: string, start: number, end: number, snippet: string): { value: string; caret: number } {
  const s = Math.max(0, Math.min(start, value.length));
  const e = Math.max(s, Math.min(end, value.length));
  return { value: value.slice(0, s) + snippet + value.slice(e), caret: s + snippet.length };
}

/** Statuses where the content is fixed (Meta allows no edit): the editor offers "duplicate as new". */
export const LOCKED = new Set([
  'SUBMITTED',
  'PENDING',
  'DISABLED',
  'IN_APPEAL',
  'PENDING_DELETION',
  'DELETED',
  'ARCHIVED',
  'LIMIT_EXCEEDED',
]);
