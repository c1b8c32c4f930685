/**
 * The wizard's state and the pure rules around it: the form ⇄ the API's create body (contract B), placeholder
 * values as `{{contact.field|fallback}}` expressions, the schedule (a wall-clock time in the business time zone,
 * recurring rules as cron) and what each step needs before the next one. No Solid, no I/O: campaign-form.test.ts.
 */
import { TZDate } from '@date-fns/tz';
import type { ParamSource } from '../../../../api/src/modules/templates/template-placeholders.ts';
import type { Campaign, CampaignBody, CampaignSchedule } from './campaigns.types.ts';

/** Where one template parameter's value comes from. `field` is `first_name`, `name`, … or `fields.KEY`. */
export type ParamChoice = { kind: 'field'; field: string; fallback: string } | { kind: 'value'; value: string };

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'cron';
export type ScheduleMode = 'now' | 'at' | 'recurring';

export interface ScheduleForm {
  mode: ScheduleMode;
  /** YYYY-MM-DD and HH:MM in the business time zone (for `at`, and the time of day of recurring runs) */
  date: string;
  time: string;
  frequency: Frequency;
  /** 0 = Sunday … 6 = Saturday, as cron counts */
  weekdays: number[];
  monthDay: number;
  cron: string;
  /** last day of a recurring campaign (YYYY-MM-DD, business time zone), '' = no end */
  until: string;
}

export interface WizardForm {
  name: string;
  number: string;
  lists: string[];
  tags: string[];
  view: string;
  kind: 'template' | 'text';
  template: string;
  /** '' = each recipient's own language */
  language: string;
  params: Record<string, ParamChoice>;
  headerLink: string;
  textBody: string;
  buttons: string[];
  schedule: ScheduleForm;
}

export const STANDARD_PARAM_FIELDS = ['first_name', 'last_name', 'name', 'phone', 'email'] as const;

export function emptyForm(): WizardForm {
  return {
    name: '',
    number: '',
    lists: [],
    tags: [],
    view: '',
    kind: 'template',
    template: '',
    language: '',
    params: {},
    headerLink: '',
    textBody: '',
    buttons: [],
    schedule: {
      mode: 'now',
      date: '',
      time: '09:00',
      frequency: 'weekly',
      weekdays: [1],
      monthDay: 1,
      cron: '0 9 * * 1',
      until: '',
    },
  };
}

// ---- placeholders ----------------------------------------------------------------------------

const EXPRESSION = /^\{\{\s*contact\.([A-Za-z0-9_.]+)\s*(?:\|([^{}]*))?\}\}$/;

/** The value the API receives: `{{contact.first_name|Cliente}}`, or the fixed text as it is. */
export function paramExpression(c: ParamChoice): string {
  if (c.kind === 'value') return c.value;
  const fallback = c.fallback.trim().replace(/[{}|]/g, '');
  return `{{contact.${c.field}${fallback ? `|${fallback}` : ''}}}`;
}

/** The other way (a saved draft opened again): an expression is a field, anything else a fixed value. */
export function parseParamExpression(v: string): ParamChoice {
  const m = EXPRESSION.exec(v.trim());
  if (!m) return { kind: 'value', value: v };
  return { kind: 'field', field: m[1]!, fallback: (m[2] ?? '').trim() };
}

/** The templates studio's mapping (`FIRST_NAME`, `FULL_NAME`, a dynamic field key) as a campaign choice. */
export function choiceFromMapping(m: ParamSource | undefined, key: string, dynamicFields: readonly string[]) {
  if (m?.source === 'value') return { kind: 'value', value: m.value } satisfies ParamChoice;
  const field = m?.source === 'field' ? m.field : key.toUpperCase();
  const fallback = m?.source === 'field' ? (m.fallback ?? '') : '';
  const upper = field.toUpperCase();
  const standard: Record<string, string> = {
    FIRST_NAME: 'first_name',
    LAST_NAME: 'last_name',
    FULL_NAME: 'name',
    NAME: 'name',
    PHONE: 'phone',
    EMAIL: 'email',
  };
  if (standard[upper]) return { kind: 'field', field: standard[upper]!, fallback } satisfies ParamChoice;
  const dyn = dynamicFields.find((f) => f.toUpperCase() === upper);
  if (dyn) return { kind: 'field', field: `fields.${dyn}`, fallback } satisfies ParamChoice;
  // a positional {{1}} is the customer's name in nearly every template: offer that, the user sees and may change it
  if (key === '1') return { kind: 'field', field: 'first_name', fallback } satisfies ParamChoice;
  return { kind: 'value', value: '' } satisfies ParamChoice;
}

// ---- schedule --------------------------------------------------------------------------------

/** A wall-clock date and time in `timezone` as an ISO instant; '' when incomplete or invalid. */
export function zonedIso(date: string, time: string, timezone: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return '';
  const z = new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), 0, timezone);
  return Number.isNaN(z.getTime()) ? '' : new Date(z.getTime()).toISOString();
}

/** An instant as the business time zone's wall clock: { date: 'YYYY-MM-DD', time: 'HH:MM' }. */
export function zonedParts(iso: string, timezone: string): { date: string; time: string } {
  const z = new TZDate(Date.parse(iso), timezone);
  const p = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${z.getFullYear()}-${p(z.getMonth() + 1)}-${p(z.getDate())}`,
    time: `${p(z.getHours())}:${p(z.getMinutes())}`,
  };
}

/** The cron expression of a recurring schedule (minute hour day-of-month month day-of-week). */
export function cronOf(s: ScheduleForm): string {
  if (s.frequency === 'cron') return s.cron.trim();
  const [h, m] = s.time.split(':').map((x) => Number(x));
  const at = `${m ?? 0} ${h ?? 0}`;
  if (s.frequency === 'daily') return `${at} * * *`;
  if (s.frequency === 'monthly') return `${at} ${s.monthDay} * *`;
  const days = [...new Set(s.weekdays)].sort((a, b) => a - b);
  return `${at} * * ${days.length ? days.join(',') : '*'}`;
}

/** A plain five-field cron (numbers, *, ranges, lists, steps): enough to catch typos before the server does. */
export function looksLikeCron(expr: string): boolean {
  const parts = expr.trim().split(/\s+/);
  return parts.length === 5 && parts.every((p) => /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/.test(p));
}

/** The schedule of the create body; undefined for "now" (a draft, started right after saving). */
export function scheduleBody(s: ScheduleForm, timezone: string): CampaignSchedule | undefined {
  if (s.mode === 'now') return undefined;
  if (s.mode === 'at') return { at: zonedIso(s.date, s.time, timezone) };
  // the end is inclusive: runs on the last day still happen
  const until = s.until ? zonedIso(s.until, '23:59', timezone) : '';
  return { cron: cronOf(s), timezone, ...(until ? { until } : {}) };
}

/** Back from a saved schedule to the form (editing a scheduled campaign). */
export function scheduleForm(sch: CampaignSchedule | null, timezone: string, base: ScheduleForm): ScheduleForm {
  if (!sch) return { ...base, mode: 'now' };
  if ('at' in sch) return { ...base, mode: 'at', ...zonedParts(sch.at, timezone) };
  const until = sch.until ? zonedParts(sch.until, sch.timezone).date : '';
  const f = /^(\d+) (\d+) (\*|\d+) \* (\*|[\d,]+)$/.exec(sch.cron.trim());
  const p = (n: string) => n.padStart(2, '0');
  if (f) {
    const time = `${p(f[2]!)}:${p(f[1]!)}`;
    if (f[3] === '*' && f[4] === '*') return { ...base, mode: 'recurring', frequency: 'daily', time, until };
    if (f[3] === '*') {
      const weekdays = f[4]!.split(',').map(Number);
      return { ...base, mode: 'recurring', frequency: 'weekly', time, weekdays, until };
    }
    if (f[4] === '*') return { ...base, mode: 'recurring', frequency: 'monthly', time, monthDay: Number(f[3]), until };
  }
  return { ...base, mode: 'recurring', frequency: 'cron', cron: sch.cron, until };
}

// ---- form ⇄ body -----------------------------------------------------------------------------

export function audienceBody(f: Pick<WizardForm, 'lists' | 'tags' | 'view'>): CampaignBody['audience'] {
  return {
    ...(f.lists.length ? { lists: f.lists } : {}),
    ...(f.tags.length ? { tags: f.tags } : {}),
    ...(f.view ? { view: f.view } : {}),
  };
}

export const hasAudience = (f: Pick<WizardForm, 'lists' | 'tags' | 'view'>) =>
  f.lists.length > 0 || f.tags.length > 0 || !!f.view;

/** The create / preview body. `paramKeys` are the chosen template's parameters (others are not sent). */
export function toBody(f: WizardForm, paramKeys: readonly string[], timezone: string): CampaignBody {
  const body: CampaignBody = { audience: audienceBody(f) };
  if (f.name.trim()) body.name = f.name.trim();
  if (f.number) body.number = f.number;
  if (f.kind === 'template' && f.template) {
    const params: Record<string, string> = {};
    for (const k of paramKeys) {
      const c = f.params[k];
      if (c) params[k] = paramExpression(c);
    }
    body.template = {
      name: f.template,
      ...(f.language ? { language: f.language } : {}),
      ...(paramKeys.length ? { params } : {}),
      ...(f.headerLink.trim() ? { header: { link: f.headerLink.trim() } } : {}),
    };
  } else if (f.kind === 'text' && f.textBody.trim()) {
    const buttons = f.buttons.map((b) => b.trim()).filter(Boolean);
    body.text = { body: f.textBody, ...(buttons.length ? { buttons } : {}) };
  }
  const schedule = scheduleBody(f.schedule, timezone);
  if (schedule) body.schedule = schedule;
  return body;
}

/** A saved campaign back into the wizard (edit a draft or a scheduled one). */
export function fromCampaign(c: Campaign, timezone: string): WizardForm {
  const base = emptyForm();
  const params: Record<string, ParamChoice> = {};
  for (const [k, v] of Object.entries(c.template?.params ?? {})) params[k] = parseParamExpression(v);
  return {
    ...base,
    name: c.name,
    number: c.number ?? '',
    lists: c.audience?.lists ?? [],
    tags: c.audience?.tags ?? [],
    view: c.audience?.view ?? '',
    kind: c.text?.body ? 'text' : 'template',
    template: c.template?.name ?? '',
    language: c.template?.language ?? '',
    params,
    headerLink: c.template?.header?.link ?? '',
    textBody: c.text?.body ?? '',
    buttons: c.text?.buttons ?? [],
    schedule: scheduleForm(c.schedule, timezone, base.schedule),
  };
}

// ---- steps -----------------------------------------------------------------------------------

export const STEPS = ['audience', 'content', 'schedule', 'review'] as const;
export type Step = (typeof STEPS)[number];

/** What stops the user from leaving a step: translation keys under `cmp.errors`, empty when the step is complete. */
export function stepIssues(
  step: Step,
  f: WizardForm,
  ctx: { paramKeys: readonly string[]; headerMedia: boolean; now: number; timezone: string },
): string[] {
  const out: string[] = [];
  if (step === 'audience') {
    if (!f.name.trim()) out.push('noName');
    if (!hasAudience(f)) out.push('noAudience');
  }
  if (step === 'content') {
    if (f.kind === 'template') {
      if (!f.template) out.push('noTemplate');
      for (const k of ctx.paramKeys) {
        const c = f.params[k];
        if (!c || (c.kind === 'value' ? !c.value.trim() : !c.field)) {
          out.push('paramMissing');
          break;
        }
      }
      if (ctx.headerMedia && !/^https:\/\/\S+$/.test(f.headerLink.trim())) out.push('headerLink');
    } else {
      if (!f.textBody.trim()) out.push('noText');
      if (f.buttons.some((b) => b.trim().length > 20)) out.push('buttonLength');
    }
  }
  if (step === 'schedule') {
    const s = f.schedule;
    if (s.mode === 'at') {
      const at = zonedIso(s.date, s.time, ctx.timezone);
      if (!at) out.push('noDate');
      else if (Date.parse(at) <= ctx.now) out.push('pastDate');
    }
    if (s.mode === 'recurring') {
      if (s.frequency === 'cron' ? !looksLikeCron(s.cron) : !/^\d{2}:\d{2}$/.test(s.time)) out.push('badCron');
      if (s.frequency === 'weekly' && !s.weekdays.length) out.push('noWeekday');
      if (
        s.until &&
        zonedIso(s.until, '23:59', ctx.timezone) &&
        Date.parse(zonedIso(s.until, '23:59', ctx.timezone)) <= ctx.now
      )
        out.push('pastUntil');
    }
  }
  return out;
}
