/**
 * The builder's state and its pure rules: the draft ⇄ the API's body, the trigger menu, "when?" as an amount and
 * a unit, and what must be fixed before an automation can be activated (issue keys under `auto.issues`, each with
 * the step it is about). No Solid, no I/O: automation-form.test.ts.
 */
import { delayMs, walk } from '../../../../api/src/modules/automations/automation-rules.ts';
import type {
  ActionType,
  Automation,
  AutomationBody,
  Condition,
  DelayT,
  Settings,
  Step,
  Trigger,
  TriggerKind,
} from './automations.types.ts';
import { LIMITS } from '../composer/interactive.ts';
import { lanesFor } from './step-tree.ts';

export interface Draft {
  name: string;
  trigger: Trigger;
  steps: Step[];
  settings: Settings;
}

export const emptyDraft = (): Draft => ({
  name: '',
  trigger: { type: 'message', match: 'exact', text: '' },
  steps: [],
  settings: {},
});

export function fromAutomation(a: Automation): Draft {
  return clone({ name: a.name, trigger: a.trigger, steps: a.steps, settings: a.settings ?? {} });
}

/** A plain deep copy (the store's proxies and shared objects stay behind). */
export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

// ---- trigger -----------------------------------------------------------------------------------

export function triggerKind(t: Trigger): TriggerKind {
  if (t.type === 'message') return t.match === 'exact' ? 'message_exact' : 'message_contains';
  return t.type;
}

/**
 * The trigger a menu choice starts from, keeping the text when moving between phrase, keyword and button. A date
 * trigger starts in `zone` (the business time zone): its dates and time of day are read there.
 */
export function triggerFor(kind: TriggerKind, prev?: Trigger, zone?: string): Trigger {
  const text = prev && (prev.type === 'message' || prev.type === 'button') ? prev.text : '';
  switch (kind) {
    case 'message_exact':
      return { type: 'message', match: 'exact', text };
    case 'message_contains':
      return { type: 'message', match: 'contains', text };
    case 'button':
      return { type: 'button', text };
    case 'list_added':
      return { type: 'list_added', list: '' };
    case 'tag_added':
      return { type: 'tag_added', tag: '' };
    case 'date':
      return { type: 'date', field: '', mode: 'yearly', time: '09:00', ...(zone ? { timezone: zone } : {}) };
    default:
      return { type: kind };
  }
}

/** Whether the browser (and so the server's Intl) knows this IANA time zone. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The time zones to choose from: the runtime's IANA list, UTC (which it leaves out) and `current` if missing. */
export function timeZones(current?: string): string[] {
  const all = new Set<string>(Intl.supportedValuesOf?.('timeZone') ?? []);
  all.add('UTC');
  if (current) all.add(current);
  return [...all].sort((a, b) => a.localeCompare(b, 'en'));
}

// ---- send text: reply buttons or a list ------------------------------------------------------

type SendText = Extract<Step['action'], { type: 'send_text' }>;
export type ListT = NonNullable<SendText['list']>;
/** What a free text carries under it: nothing, up to 3 reply buttons, or a list (WhatsApp sends one or the other). */
export type ReplyKind = 'none' | 'buttons' | 'list';
export const REPLY_KINDS: readonly ReplyKind[] = ['none', 'buttons', 'list'];

/** A list wins over buttons: the send path (automation-actions.ts) sends the list when both are there. */
export const replyKind = (a: SendText): ReplyKind => (a.list ? 'list' : a.buttons ? 'buttons' : 'none');

export const emptyList = (): ListT => ({ button: '', rows: [{ title: '' }] });

/**
 * Switch what the text carries (inside `produce`): the other kind is removed; `earlier` is what the admin had typed
 * for the chosen kind before switching away, else one empty button or an empty list with one row.
 */
export function setReplyKind(a: SendText, kind: ReplyKind, earlier?: { buttons?: string[]; list?: ListT }): void {
  if (kind !== 'buttons') delete a.buttons;
  if (kind !== 'list') delete a.list;
  if (kind === 'buttons' && !a.buttons) a.buttons = earlier?.buttons?.length ? clone(earlier.buttons) : [''];
  if (kind === 'list' && !a.list) a.list = earlier?.list ? clone(earlier.list) : emptyList();
}

const blankRow = (r: ListT['rows'][number]) => !r.title.trim() && !r.description?.trim();

// ---- when? -------------------------------------------------------------------------------------

export const UNITS = ['seconds', 'minutes', 'hours', 'days'] as const;
export type Unit = (typeof UNITS)[number];
/** the schema's ceilings per unit */
export const UNIT_MAX: Record<Unit, number> = { seconds: 86_400, minutes: 100_000, hours: 10_000, days: 730 };
const UNIT_MS: Record<Unit, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/**
 * A delay as one amount and a unit: the unit it was written in ({hours: 24} stays 24 hours while typing), or for
 * a mix the largest unit that says it exactly ({hours: 1, minutes: 30} → 90 minutes).
 */
export function delayParts(d: DelayT | undefined): { amount: number; unit: Unit } {
  const used = UNITS.filter((u) => d?.[u] !== undefined);
  if (used.length === 1) return { amount: d![used[0]!]!, unit: used[0]! };
  const ms = delayMs(d);
  if (!ms) {
    const only = UNITS.find((u) => d?.[u] !== undefined);
    return { amount: 0, unit: only ?? 'minutes' };
  }
  for (const unit of [...UNITS].reverse()) if (ms % UNIT_MS[unit] === 0) return { amount: ms / UNIT_MS[unit], unit };
  return { amount: Math.round(ms / 1000), unit: 'seconds' };
}

export const delayOf = (amount: number, unit: Unit): DelayT => ({ [unit]: Math.max(0, Math.floor(amount || 0)) });

// ---- body ----------------------------------------------------------------------------------------

/** Empty lanes, empty button lists and blank optional texts are left out of what is saved. */
function tidySteps(steps: Step[]): Step[] {
  return steps.map((s) => {
    const out = clone(s);
    const a = out.action as Record<string, unknown>;
    const lanes = lanesFor(out.action.type as ActionType);
    if (!lanes.includes('window_closed')) delete out.window_closed;
    for (const lane of lanes) {
      const holder = lane === 'window_closed' ? (out as unknown as Record<string, unknown>) : a;
      const l = holder[lane] as Step[] | undefined;
      if (!l?.length) delete holder[lane];
      else holder[lane] = tidySteps(l);
    }
    if (out.action.type === 'send_text') {
      const buttons = (out.action.buttons ?? []).map((b) => b.trim()).filter(Boolean);
      // one or the other: with a list, the send path would drop the buttons anyway
      if (buttons.length && !out.action.list) out.action.buttons = buttons;
      else delete out.action.buttons;
      if (out.action.list) {
        const { button, rows } = out.action.list;
        out.action.list = {
          button: button.trim(),
          rows: rows
            .filter((r) => !blankRow(r))
            .map((r) => ({
              ...(r.id ? { id: r.id } : {}),
              title: r.title.trim(),
              ...(r.description?.trim() ? { description: r.description.trim() } : {}),
            })),
        };
      }
    }
    if (out.action.type === 'send_template') {
      const tpl = out.action.template;
      if (!tpl.language) delete tpl.language;
      if (tpl.params && !Object.keys(tpl.params).length) delete tpl.params;
      if (tpl.header && !tpl.header.link) delete tpl.header;
    }
    if (out.action.type === 'set_field') {
      if (out.action.from) delete out.action.value;
      else out.action.value ??= '';
    }
    if (out.action.type === 'assign' && !out.action.user) delete out.action.user;
    if (out.after && !delayMs(out.after)) delete out.after;
    if (!out.business_hours) delete out.business_hours;
    return out;
  });
}

export function toBody(d: Draft): AutomationBody {
  const settings: Settings = {};
  if (d.settings.reentry) settings.reentry = d.settings.reentry;
  if (d.settings.max_per_minute) settings.max_per_minute = d.settings.max_per_minute;
  return {
    name: d.name.trim(),
    trigger: clone(d.trigger),
    steps: tidySteps(d.steps),
    ...(Object.keys(settings).length ? { settings } : {}),
  };
}

// ---- what stops activation --------------------------------------------------------------------

export interface Issue {
  /** 'name', 'trigger', 'flow' or a step path */
  at: string;
  /** a key under auto.issues */
  key: string;
}

/** What a template needs, as the builder knows it; undefined when no approved template has that name. */
export type TemplateNeeds = (name: string, language?: string) => { params: string[]; media: boolean } | undefined;

const blank = (s: string | undefined) => !s?.trim();
const isUrl = (u: string) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(u.trim());

function conditionIssue(c: Condition | undefined): string | undefined {
  if (!c) return undefined;
  if (c.type === 'tag') return blank(c.tag) ? 'conditionTag' : undefined;
  if (c.type === 'list') return blank(c.list) ? 'conditionList' : undefined;
  if (c.type === 'language') return blank(c.language) || c.language.trim().length < 2 ? 'conditionLanguage' : undefined;
  if (c.type === 'button') return blank(c.text) ? 'conditionButton' : undefined;
  if (blank(c.field)) return 'conditionField';
  if ((c.op === 'equals' || c.op === 'not_equals' || c.op === 'contains') && blank(c.value)) return 'conditionValue';
  return undefined;
}

function delayIssue(d: DelayT | undefined): string | undefined {
  if (!d) return undefined;
  for (const u of UNITS) if ((d[u] ?? 0) > UNIT_MAX[u]) return 'delayTooLong';
  return undefined;
}

function actionIssues(step: Step, templates: TemplateNeeds): string[] {
  const a = step.action;
  switch (a.type) {
    case 'send_text': {
      const out: string[] = [];
      if (blank(a.text)) out.push('noText');
      if (a.list) {
        const l = a.list;
        if (blank(l.button)) out.push('noListButton');
        else if (l.button.trim().length > LIMITS.listButton) out.push('listButtonLength');
        // rows left wholly empty are not sent (like empty buttons)
        const rows = l.rows.filter((r) => !blankRow(r));
        if (!rows.length) out.push('noRows');
        if (rows.length > LIMITS.rows) out.push('tooManyRows');
        if (rows.some((r) => blank(r.title))) out.push('rowNoTitle');
        if (rows.some((r) => r.title.trim().length > LIMITS.rowTitle)) out.push('rowTitleLength');
        if (rows.some((r) => (r.description?.trim().length ?? 0) > LIMITS.rowDescription))
          out.push('rowDescriptionLength');
        const titles = rows.map((r) => r.title.trim().toLowerCase()).filter(Boolean);
        if (new Set(titles).size !== titles.length) out.push('rowTwice');
        return out;
      }
      if (!a.buttons) return out;
      const buttons = a.buttons.map((b) => b.trim()).filter(Boolean);
      if (!buttons.length) out.push('noButtons');
      if (buttons.length > LIMITS.buttons) out.push('tooManyButtons');
      if (buttons.some((b) => b.length > LIMITS.buttonTitle)) out.push('buttonLength');
      if (new Set(buttons.map((b) => b.toLowerCase())).size !== buttons.length) out.push('buttonTwice');
      // Meta's limit for the text above reply buttons (a list's is the 4,096 of any text)
      if (buttons.length && a.text.trim().length > LIMITS.bodyButtons) out.push('textTooLongForButtons');
      return out;
    }
    case 'send_template': {
      if (blank(a.template.name)) return ['noTemplate'];
      const needs = templates(a.template.name, a.template.language);
      if (!needs) return ['templateGone'];
      const out: string[] = [];
      if (needs.params.some((k) => blank(a.template.params?.[k]))) out.push('paramMissing');
      if (needs.media && !/^https:\/\/\S+$/.test(a.template.header?.link ?? '')) out.push('headerLink');
      return out;
    }
    case 'add_tag':
    case 'remove_tag':
      return blank(a.tag) ? ['noTag'] : [];
    case 'add_to_list':
    case 'remove_from_list':
      return blank(a.list) ? ['noList'] : [];
    case 'set_field':
      return blank(a.field) ? ['noField'] : [];
    case 'webhook':
      return isUrl(a.url) ? [] : ['badUrl'];
    case 'wait_for_reply': {
      const out: string[] = [];
      if (!delayMs(a.timeout)) out.push('noTimeout');
      const d = delayIssue(a.timeout);
      if (d) out.push(d);
      return out;
    }
    case 'branch': {
      const c = conditionIssue(a.if);
      return c ? [c] : [];
    }
    default:
      return [];
  }
}

/** Everything that must be fixed before the automation can run, in reading order. */
export function draftIssues(d: Draft, templates: TemplateNeeds): Issue[] {
  const out: Issue[] = [];
  if (blank(d.name)) out.push({ at: 'name', key: 'noName' });
  const t = d.trigger;
  if ((t.type === 'message' || t.type === 'button') && blank(t.text)) out.push({ at: 'trigger', key: 'noPhrase' });
  if (t.type === 'list_added' && blank(t.list)) out.push({ at: 'trigger', key: 'noList' });
  if (t.type === 'tag_added' && blank(t.tag)) out.push({ at: 'trigger', key: 'noTag' });
  if (t.type === 'date') {
    if (blank(t.field)) out.push({ at: 'trigger', key: 'noDateField' });
    if (t.mode === 'yearly' && !/^\d{2}:\d{2}$/.test(t.time ?? '')) out.push({ at: 'trigger', key: 'noTime' });
    if (t.timezone !== undefined && !isTimeZone(t.timezone)) out.push({ at: 'trigger', key: 'badTimezone' });
  }
  if (!d.steps.length) out.push({ at: 'flow', key: 'noSteps' });
  for (const { path, step } of walk(d.steps)) {
    const c = conditionIssue(step.if);
    if (c) out.push({ at: path, key: c });
    const dl = delayIssue(step.after);
    if (dl) out.push({ at: path, key: dl });
    for (const key of actionIssues(step, templates)) out.push({ at: path, key });
  }
  return out;
}

/**
 * Free text needs the customer's 24 h window open. Triggers that do not come from the customer writing
 * (a tag, a list, a date, the API…) may find it closed: the builder says so beside such steps.
 */
export const customerWrote = (t: Trigger) =>
  t.type === 'message' || t.type === 'button' || t.type === 'outside_hours' || t.type === 'holiday';
