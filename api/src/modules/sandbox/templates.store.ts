import { GraphError } from './errors.ts';
import type { PersistedPart } from './sandbox.state.ts';
import { seedTemplates } from './templates.seed.ts';
import {
  reviewTemplate,
  type ReviewOutcome,
  type TemplateDraft,
  validateTemplateCreate,
} from './templates.validate.ts';
import { newNumericId } from './util.ts';

export type TemplateStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED'
  | 'PAUSED'
  | 'DISABLED'
  | 'IN_APPEAL'
  | 'PENDING_DELETION'
  | 'DELETED'
  | 'ARCHIVED'
  | 'LIMIT_EXCEEDED';

export interface TemplateRecord extends TemplateDraft {
  id: string;
  wabaId: string;
  status: TemplateStatus;
  createdAt: number;
  rejectedReason?: string;
  qualityScore?: string;
  /** edits made while APPROVED (Meta limits those: 1 per 24 h, 10 per 30 days) */
  editedAt?: number[];
  /** allow_category_change given at creation: a wrong category is fixed instead of rejected */
  allowCategoryChange?: boolean;
}

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** Meta: at most 100 templates created per WABA per hour. */
export const CREATES_PER_HOUR = 100;

/** Body without placeholders' names, to find a template identical to another (Meta rejects those). */
const bodyKey = (t: TemplateDraft) =>
  String(t.components.find((c) => c.type === 'BODY')?.text ?? '')
    .replace(/\{\{[^{}]*\}\}/g, '{{}}')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

export interface TemplatePage {
  data: Array<Record<string, unknown>>;
  paging?: { cursors: { before: string; after: string }; next?: string; previous?: string };
  /** `summary=total_count` (Meta also accepts `summary=true`): how many templates match, across pages */
  summary?: { total_count: number };
}

const cursorOf = (t: TemplateRecord) => Buffer.from(JSON.stringify([t.createdAt, t.id])).toString('base64url');

function decodeCursor(c: string): [number, string] | undefined {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string' ? [v[0], v[1]] : undefined;
  } catch {
    return undefined;
  }
}

/** newest first, ties by id, so cursors stay valid when templates are added or deleted */
function compare(a: TemplateRecord, b: TemplateRecord): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export class TemplateStore implements PersistedPart {
  readonly key = 'templates';
  private readonly byId = new Map<string, TemplateRecord>();
  /** creations per WABA (times), for the hourly limit */
  private readonly creations = new Map<string, number[]>();
  /** approved templates deleted: their name and language are blocked for 30 days */
  private deleted: Array<{ wabaId: string; name: string; language: string; at: number }> = [];

  constructor(
    private readonly now: () => number,
    private readonly wabaIds: string[],
    private readonly seed: boolean,
    /** WABAs of other apps: like a new account at Meta, they start with the sample "hello_world" only */
    private readonly sampleOnly: ReadonlySet<string> = new Set(),
  ) {
    this.reseed();
  }

  reseed(): void {
    this.byId.clear();
    this.deleted = [];
    this.creations.clear();
    this.seedMissing();
  }

  /** seeds every configured WABA that has no template at all (fresh start, or a WABA added later) */
  private seedMissing(): void {
    if (!this.seed) return;
    const base = this.now() - 30 * 24 * 3600 * 1000;
    const present = new Set([...this.byId.values()].map((t) => t.wabaId));
    for (const wabaId of this.wabaIds.filter((w) => !present.has(w))) {
      seedTemplates()
        .filter((d) => !this.sampleOnly.has(wabaId) || d.name === 'hello_world')
        .forEach((draft, i) => {
          const id = newNumericId();
          this.byId.set(id, { ...draft, id, wabaId, status: 'APPROVED', createdAt: base + i * 1000 });
        });
    }
  }

  get(id: string): TemplateRecord | undefined {
    return this.byId.get(id);
  }

  find(wabaId: string, name: string, language?: string): TemplateRecord[] {
    return [...this.byId.values()].filter(
      (t) => t.wabaId === wabaId && t.name === name && (language === undefined || t.language === language),
    );
  }

  create(wabaId: string, body: unknown): TemplateRecord {
    const now = this.now();
    const recent = (this.creations.get(wabaId) ?? []).filter((t) => t > now - HOUR_MS);
    if (recent.length >= CREATES_PER_HOUR) {
      throw new GraphError(
        80008,
        `This WhatsApp Business Account created ${CREATES_PER_HOUR} message templates in the last hour, the most Meta allows. Try again later.`,
        { retryAfterSec: Math.ceil((recent[0]! + HOUR_MS - now) / 1000) },
      );
    }
    const draft = validateTemplateCreate(body);
    if (this.find(wabaId, draft.name, draft.language).length) {
      const msg = `There is already ${draft.language} content for this template. You can create a new template and try again.`;
      throw new GraphError(100, msg, {
        subcode: 2388024,
        userTitle: 'Content in This Language Already Exists',
        userMsg: msg,
      });
    }
    if (
      this.deleted.some(
        (d) =>
          d.wabaId === wabaId && d.name === draft.name && d.language === draft.language && d.at > now - 30 * DAY_MS,
      )
    ) {
      const msg = `New ${draft.language} content can't be added while the existing ${draft.language} content is being deleted. Try again in 4 weeks or create a new message template.`;
      throw new GraphError(100, msg, {
        subcode: 2388023,
        userTitle: 'Message Template Language Is Being Deleted',
        userMsg: msg,
      });
    }
    const allow = (body as Record<string, unknown>).allow_category_change === true;
    const rec: TemplateRecord = {
      ...draft,
      id: newNumericId(),
      wabaId,
      status: 'PENDING',
      createdAt: now,
      ...(allow ? { allowCategoryChange: true } : {}),
    };
    this.byId.set(rec.id, rec);
    this.creations.set(wabaId, [...recent, now]);
    return rec;
  }

  /**
   * Edit (POST /{template-id}): only APPROVED, REJECTED or PAUSED; an approved one at most once per 24 hours
   * and 10 times per 30 days, its category fixed. New content re-enters review, as on Meta.
   */
  edit(id: string, body: Record<string, unknown>): TemplateRecord {
    const t = this.byId.get(id);
    if (!t) throw new GraphError(100, `Template ${id} does not exist.`, { subcode: 33 });
    if (!['APPROVED', 'REJECTED', 'PAUSED'].includes(t.status)) {
      throw new GraphError(100, `Template ${id} cannot be edited while ${t.status}.`, { subcode: 2388025 });
    }
    const now = this.now();
    const edits = (t.editedAt ?? []).filter((e) => e > now - 30 * DAY_MS);
    if (t.status === 'APPROVED') {
      if (body.category !== undefined && String(body.category).toUpperCase() !== t.category) {
        const msg = "The category of an approved message template can't be edited.";
        throw new GraphError(100, msg, { subcode: 2388026, userTitle: "Category Can't Be Edited", userMsg: msg });
      }
      if (edits.some((e) => e > now - DAY_MS) || edits.length >= 10) {
        const msg =
          'An approved message template can be edited once in 24 hours and up to 10 times in 30 days. Try again later or create a new template.';
        throw new GraphError(100, msg, { subcode: 2388027, userTitle: 'Edit Limit Reached', userMsg: msg });
      }
    }
    const draft = validateTemplateCreate({
      name: t.name,
      language: t.language,
      parameter_format: t.parameter_format,
      category: body.category ?? t.category,
      components: body.components ?? t.components,
    });
    if (t.status === 'APPROVED') t.editedAt = [...edits, now];
    Object.assign(t, { category: draft.category, components: draft.components, status: 'PENDING' });
    delete t.rejectedReason;
    return t;
  }

  /** Review outcome of a PENDING template (identical bodies in the same language are rejected like Meta does). */
  review(id: string): (ReviewOutcome & { template: TemplateRecord; previousCategory: string }) | undefined {
    const t = this.byId.get(id);
    if (!t || t.status !== 'PENDING') return undefined;
    // Meta keeps many authentication templates with its one preset text: no twin check for them
    const twin =
      t.category === 'AUTHENTICATION'
        ? undefined
        : [...this.byId.values()].find(
            (o) =>
              o.id !== t.id &&
              o.wabaId === t.wabaId &&
              o.language === t.language &&
              o.status !== 'REJECTED' &&
              bodyKey(o) === bodyKey(t),
          );
    const outcome: ReviewOutcome = twin
      ? {
          status: 'REJECTED',
          reason: 'INVALID_FORMAT',
          detail: 'The content is the same as the content in another template.',
          recommendation: 'You need to change the content of your template.',
        }
      : reviewTemplate({ ...t, ...(t.allowCategoryChange ? { allowCategoryChange: true } : {}) });
    const previousCategory = t.category;
    t.status = outcome.status;
    if (outcome.category) t.category = outcome.category;
    if (outcome.status === 'REJECTED') t.rejectedReason = outcome.reason;
    return { ...outcome, template: t, previousCategory };
  }

  setStatus(id: string, status: TemplateStatus): TemplateRecord | undefined {
    const t = this.byId.get(id);
    if (t) t.status = status;
    return t;
  }

  /** DELETE ?name=X[&hsm_id=id]: all languages of the name, or just that one. */
  delete(wabaId: string, name: string, hsmId?: string): TemplateRecord[] {
    const victims = this.find(wabaId, name).filter((t) => !hsmId || t.id === hsmId);
    if (!victims.length) {
      throw new GraphError(100, `Message template "${name}" not found.`, { subcode: 2593002 });
    }
    for (const t of victims) {
      this.byId.delete(t.id);
      if (t.status !== 'PENDING' && t.status !== 'REJECTED')
        this.deleted.push({ wabaId, name: t.name, language: t.language, at: this.now() });
    }
    this.deleted = this.deleted.filter((d) => d.at > this.now() - 30 * DAY_MS);
    return victims;
  }

  list(
    wabaId: string,
    q: {
      fields?: string;
      limit?: string;
      after?: string;
      before?: string;
      name?: string;
      status?: string;
      category?: string;
      language?: string;
      summary?: string;
    },
    pageUrl: (params: Record<string, string>) => string,
  ): TemplatePage {
    const statuses = q.status?.toUpperCase().split(',').filter(Boolean);
    const all = [...this.byId.values()]
      .filter((t) => t.wabaId === wabaId)
      .filter((t) => !q.name || t.name.includes(q.name.toLowerCase()))
      .filter((t) => !statuses?.length || statuses.includes(t.status))
      .filter((t) => !q.category || t.category === q.category.toUpperCase())
      .filter((t) => !q.language || t.language === q.language)
      .sort(compare);
    const limit = Math.min(1000, Math.max(1, Number.parseInt(q.limit ?? '25', 10) || 25));
    let start = 0;
    let end: number;
    const pos = (c: string) => {
      const k = decodeCursor(c);
      if (!k) throw new GraphError(100, 'Invalid cursor.');
      const probe = { createdAt: k[0], id: k[1] } as TemplateRecord;
      return all.findIndex((t) => compare(t, probe) >= 0);
    };
    if (q.after) {
      const i = pos(q.after);
      start = i === -1 ? all.length : all[i]!.id === decodeCursor(q.after)![1] ? i + 1 : i;
      end = Math.min(all.length, start + limit);
    } else if (q.before) {
      const i = pos(q.before);
      end = i === -1 ? all.length : i;
      start = Math.max(0, end - limit);
    } else {
      end = Math.min(all.length, limit);
    }
    const page = all.slice(start, end);
    const fields = q.fields
      ?.split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const data = page.map((t) => project(t, fields));
    const wantsSummary = !!q.summary && q.summary.split(',').some((x) => ['total_count', 'true'].includes(x.trim()));
    const summary = wantsSummary ? { summary: { total_count: all.length } } : {};
    if (!page.length) return { data, ...summary };
    const cursors = { before: cursorOf(page[0]!), after: cursorOf(page[page.length - 1]!) };
    const keep: Record<string, string> = { limit: String(limit) };
    if (q.fields) keep.fields = q.fields;
    return {
      data,
      paging: {
        cursors,
        ...(end < all.length ? { next: pageUrl({ ...keep, after: cursors.after }) } : {}),
        ...(start > 0 ? { previous: pageUrl({ ...keep, before: cursors.before }) } : {}),
      },
      ...summary,
    };
  }

  snapshot(): unknown {
    return { templates: [...this.byId.values()], deleted: this.deleted, creations: [...this.creations.entries()] };
  }

  restore(value: unknown): void {
    // older data files hold the bare array of templates
    const v = (Array.isArray(value) ? { templates: value } : value) as {
      templates?: unknown;
      deleted?: unknown;
      creations?: unknown;
    } | null;
    if (!v || !Array.isArray(v.templates)) return;
    this.byId.clear();
    for (const t of v.templates as TemplateRecord[]) if (t && typeof t.id === 'string') this.byId.set(t.id, t);
    if (Array.isArray(v.deleted)) this.deleted = v.deleted as typeof this.deleted;
    if (Array.isArray(v.creations))
      for (const [k, times] of v.creations as Array<[string, number[]]>) this.creations.set(k, times);
    this.seedMissing();
  }
}

/** Meta's template object, limited to the requested `fields` (id always included). */
export function project(t: TemplateRecord, fields?: string[]): Record<string, unknown> {
  const full: Record<string, unknown> = {
    name: t.name,
    parameter_format: t.parameter_format,
    components: t.components,
    language: t.language,
    status: t.status,
    category: t.category,
    ...(t.rejectedReason ? { rejected_reason: t.rejectedReason } : {}),
    ...(t.qualityScore ? { quality_score: { score: t.qualityScore } } : {}),
    id: t.id,
  };
  if (!fields?.length) return full;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in full) out[f] = full[f];
  out.id = t.id;
  return out;
}
