/**
 * The templates studio's lifecycle: drafts written here (one row per language), submitted to Meta, edited
 * where Meta allows it, duplicated, deleted by language or whole. Meta stays the judge: every refusal of
 * Meta's comes back with its own words; our own checks (template-rules.ts) only save a round trip.
 */
import type { AppContext } from '../../lib/context.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { isNotFound } from '../../lib/pb.ts';
import { pbDate, type UserRecord, type WaNumberRecord } from '../../lib/records.ts';
import { ChannelSendError } from '../channels/channel.types.ts';
import {
  EDITABLE_AT_META,
  NAME_BLOCK_MS,
  nextEditAllowedAt,
  type StudioTemplate,
  withHistory,
} from './template-model.ts';
import {
  fromMetaComponents,
  parameterFormatOf,
  type ParamMapping,
  toMetaComponents,
  type TplComponent,
} from './template-placeholders.ts';
import { sameContent, validateName, validateTemplate, type RuleIssue } from './template-rules.ts';
import { TemplateGraph } from './template-graph.ts';
import { updateRecord } from '../../lib/record-update.ts';

export interface DraftInput {
  name: string;
  category: string;
  language: string;
  parameter_format?: string | undefined;
  components: TplComponent[];
  examples?: Record<string, string> | undefined;
  mapping?: ParamMapping | undefined;
  default_language?: string | undefined;
  waba_id?: string | undefined;
  allow_category_change?: boolean | undefined;
}

export interface DraftPatch {
  category?: string | undefined;
  components?: TplComponent[] | undefined;
  examples?: Record<string, string> | undefined;
  mapping?: ParamMapping | undefined;
  default_language?: string | undefined;
}

const WRITERS = new Set(['admin', 'manager']);
const rejected = (issues: RuleIssue[]) =>
  new AppError('template_invalid', 422, issues.map((i) => i.message).join('; '), issues);

/** Meta's refusal, in Meta's words (the user title and details say what to change). */
function metaRefused(err: unknown): AppError {
  if (err instanceof ChannelSendError) {
    const e = err.error;
    const status = err.retryable ? 503 : 422;
    return new AppError(
      err.retryable ? 'meta_unavailable' : 'meta_refused',
      status,
      `Meta: ${e.title}${e.details ? ` — ${e.details}` : ''}`,
      { code: e.code, title: e.title, details: e.details ?? '' },
    );
  }
  return err as AppError;
}

export class TemplatesService {
  readonly graph: TemplateGraph;

  constructor(
    private readonly ctx: AppContext,
    private readonly onChange: () => void = () => undefined,
  ) {
    this.graph = new TemplateGraph(ctx.graph);
  }

  requireWriter(user: UserRecord): void {
    if (!WRITERS.has(user.role)) throw forbidden('Only admins and managers write templates');
  }

  async get(id: string): Promise<StudioTemplate> {
    try {
      return await this.ctx.pb.collection('templates').getOne<StudioTemplate>(id);
    } catch (err) {
      if (isNotFound(err)) throw notFound('Template');
      throw err;
    }
  }

  /** The other languages of the same template (same WABA and name), this one included. */
  async translations(t: Pick<StudioTemplate, 'waba_id' | 'name'>): Promise<StudioTemplate[]> {
    const { pb } = this.ctx;
    return pb.collection('templates').getFullList<StudioTemplate>({
      filter: pb.filter('waba_id = {:w} && name = {:n}', { w: t.waba_id, n: t.name }),
      sort: 'language',
    });
  }

  private async defaultWaba(): Promise<string> {
    const list = await this.ctx.pb.collection('wa_numbers').getFullList<WaNumberRecord>({ sort: 'created' });
    const n = list.find((x) => x.mode !== 'sandbox') ?? list[0];
    if (!n) throw new AppError('unknown_number', 422, 'No WhatsApp number is configured');
    return n.waba_id;
  }

  /** Refusals that do not depend on the text: name reuse after deletion, same language twice, same body. */
  private async checkNewTranslation(
    wabaId: string,
    name: string,
    language: string,
    components: TplComponent[],
    exceptId?: string,
  ): Promise<StudioTemplate[]> {
    const { pb } = this.ctx;
    const siblings = await this.translations({ waba_id: wabaId, name });
    const same = siblings.find((s) => s.language === language && s.id !== exceptId);
    if (same && same.status === 'DELETED' && same.deleted_at) {
      const until = Date.parse(same.deleted_at.replace(' ', 'T')) + NAME_BLOCK_MS;
      if (until > Date.now() && same.meta_id) {
        throw new AppError(
          'template_name_blocked',
          409,
          `"${name}" in ${language} was deleted at Meta on ${same.deleted_at.slice(0, 10)}: Meta lets the name be used again from ${new Date(until).toISOString().slice(0, 10)}. Choose another name.`,
          { reusable_at: new Date(until).toISOString() },
        );
      }
    } else if (same) {
      throw new AppError(
        'template_exists',
        409,
        `"${name}" already has a ${language} translation: edit it, or duplicate the template as new`,
        { id: same.id },
      );
    }
    const others = await pb.collection('templates').getFullList<StudioTemplate>({
      filter: pb.filter('waba_id = {:w} && language = {:l} && status != "DELETED"', { w: wabaId, l: language }),
      fields: 'id,name,language,components,draft_components',
    });
    const mine = { language, components };
    const twin = others.find(
      (o) =>
        o.id !== exceptId &&
        sameContent(mine, { language, components: o.draft_components ?? (o.components as TplComponent[]) }),
    );
    if (twin)
      throw new AppError(
        'template_duplicate',
        409,
        `"${twin.name}" (${language}) already has the same body: Meta refuses identical templates. Change the text.`,
        { id: twin.id },
      );
    return siblings.filter((s) => s.status !== 'DELETED');
  }

  async create(user: UserRecord, input: DraftInput): Promise<{ template: StudioTemplate; issues: RuleIssue[] }> {
    this.requireWriter(user);
    const nameIssues = validateName(input.name);
    if (nameIssues.length) throw rejected(nameIssues);
    const language = input.language;
    const shape = validateTemplate({ name: input.name, category: input.category, language, components: [] }).filter(
      (i) => i.rule === 'language.invalid' || i.rule === 'category.invalid',
    );
    if (shape.length) throw rejected(shape);
    const wabaId = input.waba_id || (await this.defaultWaba());
    const siblings = await this.checkNewTranslation(wabaId, input.name, language, input.components);
    const existingDeleted = (await this.translations({ waba_id: wabaId, name: input.name })).find(
      (s) => s.language === language,
    );
    if (existingDeleted) await this.ctx.pb.collection('templates').delete(existingDeleted.id);
    // translations share the category, the default language and the mapping of the first one
    const first = siblings[0];
    const data = {
      waba_id: wabaId,
      name: input.name,
      language,
      status: 'DRAFT',
      category: (first?.category || input.category).toUpperCase(),
      parameter_format: (input.parameter_format ?? parameterFormatOf(input.components)).toUpperCase(),
      draft_components: input.components,
      components: [],
      examples: input.examples ?? {},
      mapping: input.mapping ?? first?.mapping ?? {},
      default_language: first?.default_language || input.default_language || language,
      created_by: user.id,
      history: withHistory({ history: [] }, { kind: 'created', to: 'DRAFT', by: user.id }),
    };
    const template = await this.ctx.pb.collection('templates').create<StudioTemplate>(data);
    this.onChange();
    return { template, issues: validateTemplate({ ...data, components: input.components }, data.examples) };
  }

  /** Text of a row as the editor shows it: the draft, or Meta's components read back with %%FIELD%%. */
  static editorView(t: StudioTemplate): { components: TplComponent[]; examples: Record<string, string> } {
    if (t.draft_components?.length) return { components: t.draft_components, examples: t.examples ?? {} };
    return fromMetaComponents(t.components as TplComponent[] | null);
  }

  async update(
    user: UserRecord,
    id: string,
    patch: DraftPatch,
  ): Promise<{ template: StudioTemplate; issues: RuleIssue[] }> {
    this.requireWriter(user);
    const t = await this.get(id);
    const siblings = await this.translations(t);
    const local: Partial<StudioTemplate> = {};
    if (patch.mapping) local.mapping = patch.mapping;
    if (patch.default_language) local.default_language = patch.default_language;
    // the mapping and the default language belong to the whole template: every translation gets them
    if (Object.keys(local).length)
      for (const s of siblings) if (s.id !== id) await updateRecord(this.ctx.pb, 'templates', s.id, local);
    const contentChanged =
      patch.components !== undefined ||
      patch.examples !== undefined ||
      (patch.category !== undefined && patch.category.toUpperCase() !== t.category);
    let data: Record<string, unknown> = { ...local };
    const view = TemplatesService.editorView(t);
    const components = patch.components ?? view.components;
    const examples = patch.examples ?? view.examples;
    if (contentChanged) {
      if (t.status === 'DRAFT') {
        if (patch.components) await this.checkNewTranslation(t.waba_id, t.name, t.language, components, t.id);
        data = {
          ...data,
          draft_components: components,
          examples,
          ...(patch.category ? { category: patch.category.toUpperCase() } : {}),
          parameter_format: parameterFormatOf(components).toUpperCase(),
        };
      } else {
        data = { ...data, ...(await this.editAtMeta(user, t, patch.category, components, examples)) };
      }
    }
    const template = await updateRecord<StudioTemplate>(this.ctx.pb, 'templates', id, data);
    this.onChange();
    return { template, issues: validateTemplate({ ...template, components }, examples) };
  }

  /** An approved, rejected or paused template is edited at Meta, within Meta's limits; anything else is duplicated. */
  private async editAtMeta(
    user: UserRecord,
    t: StudioTemplate,
    category: string | undefined,
    components: TplComponent[],
    examples: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    if (!(EDITABLE_AT_META as readonly string[]).includes(t.status) || !t.meta_id) {
      throw new AppError(
        'template_not_editable',
        409,
        `A ${t.status.toLowerCase()} template cannot be edited: duplicate it as a new template`,
      );
    }
    const cat = category?.toUpperCase();
    if (t.status === 'APPROVED' && cat && cat !== t.category) {
      throw new AppError(
        'template_category_locked',
        409,
        'Meta does not let the category of an approved template change: duplicate it as a new template',
      );
    }
    const wait = nextEditAllowedAt(t.status, t.edit_log);
    if (wait) {
      throw new AppError(
        'template_edit_limit',
        409,
        `Meta allows an approved template one edit per 24 hours and 10 per 30 days: next edit from ${new Date(wait).toISOString().replace('T', ' ').slice(0, 16)} UTC, or duplicate it as new`,
        { next_edit_at: new Date(wait).toISOString() },
      );
    }
    const issues = validateTemplate(
      { name: t.name, category: cat ?? t.category, language: t.language, components },
      examples,
    );
    if (issues.length) throw rejected(issues);
    try {
      await this.graph.edit(t.waba_id, t.meta_id, {
        ...(cat && cat !== t.category ? { category: cat } : {}),
        components: toMetaComponents(components, examples),
      });
    } catch (err) {
      throw metaRefused(err);
    }
    const now = new Date().toISOString();
    return {
      draft_components: components,
      examples,
      status: 'PENDING',
      rejected_reason: '',
      rejection_recommendation: '',
      components: toMetaComponents(components, examples),
      ...(cat ? { category: cat } : {}),
      edit_log: t.status === 'APPROVED' ? [...(t.edit_log ?? []), now].slice(-20) : (t.edit_log ?? []),
      history: withHistory(t, { kind: 'edited', from: t.status, to: 'PENDING', by: user.id }),
    };
  }

  /** Sends one draft (or every draft translation of the template with `all`) to Meta's review. */
  async submit(
    user: UserRecord,
    id: string,
    opts: { all?: boolean; allowCategoryChange?: boolean } = {},
  ): Promise<StudioTemplate[]> {
    this.requireWriter(user);
    const t = await this.get(id);
    const targets = opts.all ? (await this.translations(t)).filter((s) => s.status === 'DRAFT') : [t];
    if (!targets.length || targets.some((x) => x.status !== 'DRAFT' && x.status !== 'SUBMITTED')) {
      throw new AppError(
        'template_not_draft',
        409,
        `Only drafts are submitted; "${t.name}" (${t.language}) is ${t.status.toLowerCase()}`,
      );
    }
    for (const x of targets) {
      const issues = validateTemplate({ ...x, components: x.draft_components ?? [] }, x.examples ?? {});
      if (issues.length) throw rejected(issues.map((i) => ({ ...i, message: `${x.language}: ${i.message}` })));
    }
    const out: StudioTemplate[] = [];
    for (const x of targets) out.push(await this.submitOne(user, x, opts.allowCategoryChange ?? false));
    this.onChange();
    return out;
  }

  private async submitOne(user: UserRecord, x: StudioTemplate, allowCategoryChange: boolean): Promise<StudioTemplate> {
    const { pb } = this.ctx;
    const components = toMetaComponents(x.draft_components ?? [], x.examples ?? {});
    const format = parameterFormatOf(components);
    // SUBMITTED first: a crash during the call leaves a row the sync reconciles by name and language
    await updateRecord(pb, 'templates', x.id, {
      status: 'SUBMITTED',
      submitted_at: pbDate(Date.now()),
      last_error: '',
    });
    try {
      const res = await this.graph.create(x.waba_id, {
        name: x.name,
        category: x.category,
        language: x.language,
        parameter_format: format,
        components,
        ...(allowCategoryChange ? { allow_category_change: true } : {}),
      });
      return await updateRecord<StudioTemplate>(pb, 'templates', x.id, {
        meta_id: String(res.id),
        status: res.status,
        category: res.category || x.category,
        components,
        parameter_format: format.toUpperCase(),
        history: withHistory(
          x,
          { kind: 'submitted', from: 'DRAFT', to: res.status, by: user.id },
          ...(res.category && res.category !== x.category
            ? [{ kind: 'category' as const, from: x.category, to: res.category }]
            : []),
        ),
      });
    } catch (err) {
      const e = metaRefused(err);
      await updateRecord(pb, 'templates', x.id, { status: 'DRAFT', last_error: e.message });
      throw e;
    }
  }

  /** Copies every translation as drafts under a new name (the way forward when Meta allows no edit). */
  async duplicate(user: UserRecord, id: string, name: string): Promise<StudioTemplate[]> {
    this.requireWriter(user);
    const nameIssues = validateName(name);
    if (nameIssues.length) throw rejected(nameIssues);
    const t = await this.get(id);
    const sources = (await this.translations(t)).filter((s) => s.status !== 'DELETED');
    if ((await this.translations({ waba_id: t.waba_id, name })).some((s) => s.status !== 'DELETED')) {
      throw new AppError('template_exists', 409, `A template called "${name}" already exists`);
    }
    const out: StudioTemplate[] = [];
    for (const s of sources) {
      const view = TemplatesService.editorView(s);
      out.push(
        await this.ctx.pb.collection('templates').create<StudioTemplate>({
          waba_id: s.waba_id,
          name,
          language: s.language,
          status: 'DRAFT',
          category: s.category,
          parameter_format: s.parameter_format,
          draft_components: view.components,
          examples: view.examples,
          components: [],
          mapping: s.mapping ?? {},
          default_language: s.default_language || s.language,
          created_by: user.id,
          history: withHistory(
            { history: [] },
            { kind: 'created', to: 'DRAFT', by: user.id, detail: `duplicate of ${s.name}` },
          ),
        }),
      );
    }
    this.onChange();
    return out;
  }

  /**
   * Deletes this language or every language. Drafts simply go; a template Meta knows is deleted there and
   * kept here as DELETED (history, and the 30 days during which Meta blocks the name).
   */
  async remove(user: UserRecord, id: string, all: boolean): Promise<{ deleted: number; name_reusable_at?: string }> {
    this.requireWriter(user);
    const t = await this.get(id);
    const targets = all ? (await this.translations(t)).filter((s) => s.status !== 'DELETED') : [t];
    const atMeta = targets.filter((x) => x.meta_id && x.status !== 'DRAFT');
    if (atMeta.length) {
      try {
        await this.graph.delete(t.waba_id, t.name, all ? undefined : atMeta[0]!.meta_id);
      } catch (err) {
        throw metaRefused(err);
      }
    }
    const now = pbDate(Date.now());
    for (const x of targets) {
      if (x.meta_id && x.status !== 'DRAFT') {
        await updateRecord(this.ctx.pb, 'templates', x.id, {
          status: 'DELETED',
          deleted_at: now,
          history: withHistory(x, { kind: 'deleted', from: x.status, to: 'DELETED', by: user.id }),
        });
      } else {
        await this.ctx.pb.collection('templates').delete(x.id);
      }
    }
    this.onChange();
    const wasApproved = atMeta.some((x) => x.status !== 'PENDING' && x.status !== 'REJECTED');
    return {
      deleted: targets.length,
      ...(wasApproved ? { name_reusable_at: new Date(Date.now() + NAME_BLOCK_MS).toISOString() } : {}),
    };
  }

  /** A header sample: uploaded to Meta (resumable upload → handle) and kept for the preview and for sends. */
  async setHeaderSample(user: UserRecord, id: string, file: File): Promise<StudioTemplate> {
    this.requireWriter(user);
    const t = await this.get(id);
    // a template at Meta changes its sample through an edit of its components; the studio does that on drafts
    if (t.status !== 'DRAFT')
      throw new AppError(
        'template_not_editable',
        409,
        'The header sample of a submitted template cannot change: duplicate it as a new template',
      );
    const kind = file.type.startsWith('image/')
      ? 'IMAGE'
      : file.type.startsWith('video/')
        ? 'VIDEO'
        : file.type === 'application/pdf'
          ? 'DOCUMENT'
          : '';
    if (!kind)
      throw new AppError(
        'validation_failed',
        422,
        'Header sample: a JPEG or PNG image, an MP4 video or a PDF document',
      );
    const max = kind === 'IMAGE' ? 5 : kind === 'VIDEO' ? 16 : 16;
    if (file.size > max * 1024 * 1024)
      throw new AppError('validation_failed', 413, `Header sample: at most ${max} MB for ${kind.toLowerCase()}s`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let handle: string;
    try {
      handle = await this.graph.uploadSample(t.waba_id, bytes, file.type, file.name || 'sample');
    } catch (err) {
      throw metaRefused(err);
    }
    const view = TemplatesService.editorView(t);
    const rest = view.components.filter((c) => c.type.toUpperCase() !== 'HEADER');
    const components = [{ type: 'HEADER', format: kind, example: { header_handle: [handle] } }, ...rest];
    const form = new FormData();
    form.set('header_sample', new File([bytes], file.name || `sample.${file.type.split('/')[1]}`, { type: file.type }));
    form.set('header_media', JSON.stringify({}));
    form.set('draft_components', JSON.stringify(components));
    const saved = await updateRecord<StudioTemplate>(this.ctx.pb, 'templates', id, form);
    this.onChange();
    return saved;
  }
}
