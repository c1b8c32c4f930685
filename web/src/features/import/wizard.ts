/**
 * The CSV import wizard as a state machine: upload → map columns → preview and analyse → options
 * (list, tag, opt-in) → running (job progress) → done (report). An analysis belongs to the settings it
 * was made with; changing the mapping makes it stale and the import waits for a fresh one.
 * Pure (the component does the requests and feeds the answers back as events), unit-tested.
 */
import type { Analysis, ImportResult, Job, UploadResult } from '../contacts/crm.types.ts';
import type { Target } from './mapping.ts';

export type Step = 'upload' | 'map' | 'preview' | 'options' | 'running' | 'done';
export const STEPS: Step[] = ['upload', 'map', 'preview', 'options', 'running', 'done'];

export interface ImportOptions {
  /** an existing list id, or '' */
  list: string;
  /** an existing tag id, '' for none, or 'new' with newTag */
  tag: string;
  newTag: string;
  newTagColor: string;
  optIn: boolean;
  optInSource: string;
  optInScope: 'marketing' | 'utility' | 'all';
}

export interface WizardState {
  step: Step;
  upload: UploadResult | null;
  mapping: Target[];
  defaultCountry: string;
  dateOrder: 'dmy' | 'mdy';
  invalidPhones: 'skip' | 'import';
  analysis: Analysis | null;
  /** settingsKey() of the analysis */
  analysedKey: string | null;
  options: ImportOptions;
  job: Job | null;
  busy: boolean;
  error: unknown;
}

export type WizardEvent =
  | { type: 'busy' }
  | { type: 'uploaded'; upload: UploadResult; mapping: Target[] }
  | { type: 'map'; column: number; target: Target }
  | { type: 'settings'; patch: Partial<Pick<WizardState, 'defaultCountry' | 'dateOrder' | 'invalidPhones'>> }
  | { type: 'goto'; step: Step }
  | { type: 'analysed'; analysis: Analysis }
  | { type: 'options'; patch: Partial<ImportOptions> }
  | { type: 'started'; job: Job }
  | { type: 'job'; job: Job }
  | { type: 'failed'; error: unknown }
  | { type: 'reset' };

export function initialWizard(opts: { list?: string; defaultCountry?: string } = {}): WizardState {
  return {
    step: 'upload',
    upload: null,
    mapping: [],
    defaultCountry: opts.defaultCountry ?? 'IT',
    dateOrder: 'dmy',
    invalidPhones: 'skip',
    analysis: null,
    analysedKey: null,
    options: {
      list: opts.list ?? '',
      tag: '',
      newTag: '',
      newTagColor: '#0f766e',
      optIn: false,
      optInSource: '',
      optInScope: 'marketing',
    },
    job: null,
    busy: false,
    error: null,
  };
}

/** What the analysis depends on. */
export const settingsKey = (s: Pick<WizardState, 'mapping' | 'defaultCountry' | 'dateOrder' | 'invalidPhones'>) =>
  JSON.stringify([s.mapping, s.defaultCountry, s.dateOrder, s.invalidPhones]);

export const analysisFresh = (s: WizardState) => !!s.analysis && s.analysedKey === settingsKey(s);

const phoneCount = (m: Target[]) => m.filter((t) => t === 'phone').length;
const duplicates = (m: Target[]) => m.some((t, i) => t !== 'ignore' && m.indexOf(t) !== i);
export const mappingValid = (s: WizardState) => !!s.upload && phoneCount(s.mapping) === 1 && !duplicates(s.mapping);

export const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Can the user move to `step` now? (Steps after the start of the job are reached by events only.) */
export function canGo(s: WizardState, step: Step): boolean {
  if (s.busy) return false;
  if (s.step === 'running' || s.step === 'done') return step === 'upload' && s.step === 'done';
  switch (step) {
    case 'upload':
      return true;
    case 'map':
      return !!s.upload;
    case 'preview':
      return mappingValid(s);
    case 'options':
      return mappingValid(s) && analysisFresh(s) && (s.analysis?.importable ?? 0) > 0;
    default:
      return false;
  }
}

export function optionsValid(o: ImportOptions): boolean {
  if (o.tag === 'new' && !o.newTag.trim()) return false;
  if (o.optIn && !o.optInSource.trim()) return false;
  return true;
}

export function wizard(s: WizardState, e: WizardEvent): WizardState {
  switch (e.type) {
    case 'busy':
      return { ...s, busy: true, error: null };
    case 'uploaded':
      return {
        ...s,
        busy: false,
        error: null,
        step: 'map',
        upload: e.upload,
        mapping: e.mapping,
        analysis: null,
        analysedKey: null,
        job: null,
      };
    case 'map': {
      if (!s.upload || e.column < 0 || e.column >= s.mapping.length) return s;
      const mapping = [...s.mapping];
      // a target feeds one column: choosing it here frees it elsewhere
      if (e.target !== 'ignore') for (const [i, t] of mapping.entries()) if (t === e.target) mapping[i] = 'ignore';
      mapping[e.column] = e.target;
      return { ...s, mapping };
    }
    case 'settings':
      return { ...s, ...e.patch };
    case 'goto':
      return canGo(s, e.step)
        ? e.step === 'upload'
          ? initialWizard({ list: s.options.list, defaultCountry: s.defaultCountry })
          : { ...s, step: e.step, error: null }
        : s;
    case 'analysed':
      return { ...s, busy: false, error: null, analysis: e.analysis, analysedKey: settingsKey(s) };
    case 'options':
      return { ...s, options: { ...s.options, ...e.patch } };
    case 'started':
      return { ...s, busy: false, error: null, step: TERMINAL.has(e.job.state) ? 'done' : 'running', job: e.job };
    case 'job':
      if (!s.job || e.job.id !== s.job.id) return s;
      return { ...s, job: e.job, step: TERMINAL.has(e.job.state) ? 'done' : s.step };
    case 'failed':
      return { ...s, busy: false, error: e.error };
    case 'reset':
      return initialWizard({ list: s.options.list, defaultCountry: s.defaultCountry });
  }
}

/** The body of POST /contacts/import/{id}/start (tag: the id, after creating a new one). */
export function startBody(s: WizardState, tagId?: string): Record<string, unknown> {
  const o = s.options;
  return {
    mapping: s.mapping,
    default_country: s.defaultCountry || undefined,
    date_order: s.dateOrder,
    invalid_phones: s.invalidPhones,
    ...(o.list ? { list: o.list } : {}),
    ...(tagId ? { tag: tagId } : {}),
    ...(o.optIn && o.optInSource.trim() ? { opt_in: { source: o.optInSource.trim(), scope: o.optInScope } } : {}),
  };
}

/** The import's counts from a finished job (zeros while it runs). */
export function resultOf(job: Job | null): ImportResult {
  const r = (job?.result ?? {}) as Partial<ImportResult>;
  return {
    rows: r.rows ?? 0,
    created: r.created ?? 0,
    updated: r.updated ?? 0,
    unchanged: r.unchanged ?? 0,
    skipped: r.skipped ?? 0,
    skipped_by_reason: r.skipped_by_reason ?? {},
    warnings_by_reason: r.warnings_by_reason ?? {},
  };
}

/** 0..1 for the progress bar. */
export function progressOf(job: Job | null): number {
  const p = job?.progress;
  if (!p || !p.total) return job?.state === 'succeeded' ? 1 : 0;
  return Math.min(1, p.done / p.total);
}
