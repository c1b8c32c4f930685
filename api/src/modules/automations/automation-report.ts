/**
 * The report of one automation (how many entered, are inside, waiting, completed, exited and why; per step:
 * done, skipped, failed, replies after its send, the errors) and the dry run on a contact ("simulate":
 * which steps would run, when, what would be sent — nothing is sent or changed).
 */
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { parsePbDate, type ContactRecord, type ConversationRecord, type WaNumberRecord } from '../../lib/records.ts';
import { AUDIENCE_FIELDS } from '../campaigns/audience.ts';
import type { AudienceContact } from '../campaigns/campaign-rules.ts';
import { buildMessage, loadContentContext } from '../campaigns/content.ts';
import { SERVICE_WINDOW_MS } from '../inbox/ingest.ts';
import { delayMs, enterLane, holds, matchMessage, nextPath, stepAt, walk, type Lane } from './automation-rules.ts';
import type { AutomationRunner } from './automation-runner.ts';
import type { AutomationRecord } from './automation-store.ts';
import type { ReportView, SimulateView } from './automation.schema.ts';
import type { z } from '@hono/zod-openapi';

type Report = z.infer<typeof ReportView>;
type Simulation = z.infer<typeof SimulateView>;

export async function report(ctx: AppContext, a: AutomationRecord): Promise<Report> {
  // counted in SQL (pb_hooks/automations.pb.js): a large automation has tens of thousands of rows
  const counts = await ctx.pb.send<{
    runs: Array<{ state: string; reason: string; n: number }>;
    steps: Array<{ step: string; action: string; outcome: string; n: number; replied: number }>;
    errors: Array<{ step: string; detail: string; n: number }>;
  }>('/api/spunta/automations/report', { method: 'POST', body: { automation: a.id }, requestKey: null });
  const out: Report = {
    entered: 0,
    running: 0,
    waiting: 0,
    completed: 0,
    exited: 0,
    exit_reasons: {},
    steps: [],
  };
  for (const r of counts.runs) {
    out.entered += r.n;
    if (r.state === 'running' || r.state === 'held') out.running += r.n;
    else if (r.state === 'waiting') out.waiting += r.n;
    else if (r.state === 'completed') out.completed += r.n;
    else {
      out.exited += r.n;
      const why = r.reason || 'unknown';
      out.exit_reasons[why] = (out.exit_reasons[why] ?? 0) + r.n;
    }
  }
  const rows = new Map<string, Report['steps'][number] & { errorMap: Map<string, number> }>();
  const row = (step: string, action: string) => {
    let r = rows.get(step);
    if (!r)
      rows.set(
        step,
        (r = { step, action, done: 0, skipped: 0, failed: 0, replied: 0, errors: [], errorMap: new Map() }),
      );
    return r;
  };
  for (const { path, step } of walk(a.definition.steps)) row(path, step.action.type);
  for (const l of counts.steps) {
    // a wait's lane ("<path>:<lane>") and a webhook's delivery attempts ("<path>:webhook") are not the step again
    if (l.step.includes(':')) continue;
    const r = row(l.step, l.action);
    if (l.outcome === 'failed') r.failed += l.n;
    else if (l.outcome === 'skipped') r.skipped += l.n;
    else r.done += l.n;
    r.replied += l.replied;
  }
  for (const e of counts.errors) {
    // a webhook's refusals are its step's errors
    const base = e.step.endsWith(':webhook') ? e.step.slice(0, -8) : e.step;
    if (base.includes(':')) continue;
    const r = row(base, 'webhook');
    const key = e.detail.replace(/^attempt \d+: /, '');
    r.errorMap.set(key, (r.errorMap.get(key) ?? 0) + e.n);
  }
  out.steps = [...rows.values()].map(({ errorMap, ...r }) => ({
    ...r,
    errors: [...errorMap].map(([detail, count]) => ({ detail, count })),
  }));
  return out;
}

export async function simulate(
  ctx: AppContext,
  runner: AutomationRunner,
  a: AutomationRecord,
  contactId: string,
  text?: string,
): Promise<Simulation> {
  const { pb } = ctx;
  const contact = await pb
    .collection('contacts')
    .getOne<ContactRecord>(contactId)
    .catch(() => {
      throw new AppError('not_found', 404, 'No such contact');
    });
  const def = a.definition;
  const t = def.trigger;
  let entered = true;
  let reason = '';
  let button: { payload: string; title: string } | undefined;
  if (t.type === 'message' || t.type === 'button') {
    const facts = { text: text ?? '' };
    entered = !!matchMessage([{ id: a.id, trigger: t }], facts);
    if (!entered) {
      // a tapped button with this text also starts it
      button = { payload: text ?? '', title: text ?? '' };
      entered = !!matchMessage([{ id: a.id, trigger: t }], { text: '', button });
    }
    reason = entered ? 'the message matches the trigger' : 'the message does not match the trigger';
  }
  const open = await pb.collection('automation_runs').getList(1, 1, {
    filter: pb.filter("automation = {:a} && contact = {:c} && open_key != ''", { a: a.id, c: contact.id }),
    fields: 'id',
  });
  if (open.items.length) {
    entered = false;
    reason = 'the contact is already inside this automation';
  }
  const steps: Simulation['steps'] = [];
  if (!entered) return { entered, reason, steps };
  const conv = (
    await pb.collection('conversations').getList<ConversationRecord>(1, 1, {
      filter: pb.filter('contact = {:c}', { c: contact.id }),
      sort: '-last_message_at',
    })
  ).items[0];
  let now = ctx.scheduler.clock.now();
  // a customer's message that starts it opens the window
  const windowFrom =
    text !== undefined && (t.type === 'message' || t.type === 'button') ? now : parsePbDate(conv?.last_inbound_at);
  const facts = {
    tags: contact.tags ?? [],
    lists: contact.lists ?? [],
    language: contact.language ?? '',
    fields: contact.fields ?? {},
    ...(button ? { button } : {}),
  };
  let path: string | undefined = '0';
  for (let guard = 0; path && guard < 100; guard++) {
    const step = stepAt(def.steps, path)!;
    const at = await runner.dueAt(step, now);
    now = at;
    const iso = new Date(at).toISOString();
    const act = step.action;
    let next: string | undefined = nextPath(def.steps, path);
    const push = (outcome: Simulation['steps'][number]['outcome'], detail: string, preview?: string) =>
      steps.push({ step: path!, action: act.type, at: iso, outcome, detail, ...(preview ? { preview } : {}) });
    if (step.if && !holds(step.if, facts)) {
      push('skipped', 'condition not met');
    } else if (act.type === 'branch') {
      const lane: Lane = holds(act.if, facts) ? 'then' : 'else';
      push('branch', lane);
      next = enterLane(def.steps, path, lane);
    } else if (act.type === 'wait_for_reply') {
      const until = new Date(at + delayMs(act.timeout)).toISOString();
      push('wait', `until ${until}; shown: no reply (a reply takes the "replied" lane)`);
      now = at + delayMs(act.timeout);
      next = enterLane(def.steps, path, 'not_replied');
    } else if (act.type === 'send_text') {
      if (now >= windowFrom + SERVICE_WINDOW_MS) {
        push(step.window_closed?.length ? 'branch' : 'skipped', 'window closed');
        if (step.window_closed?.length) next = enterLane(def.steps, path, 'window_closed');
      } else push('run', 'free text', act.text);
    } else if (act.type === 'send_template') {
      const number = await pb.collection('wa_numbers').getOne<WaNumberRecord>(contact.wa_number);
      try {
        const cc = await loadContentContext(pb, number, { template: act.template });
        const full = await pb.collection('contacts').getOne<AudienceContact>(contact.id, { fields: AUDIENCE_FIELDS });
        const built = buildMessage({ template: act.template }, cc, full);
        if (built.ok) push('run', `template ${act.template.name} (${built.language})`, built.preview);
        else push('skipped', 'reason' in built ? 'no translation in the contact’s language' : built.error.message);
      } catch (err) {
        push('skipped', err instanceof AppError ? err.message : String(err));
      }
    } else {
      push('run', summary(act));
      if (act.type === 'add_tag') facts.tags = [...facts.tags, act.tag];
      if (act.type === 'remove_tag') facts.tags = facts.tags.filter((x) => x !== act.tag);
      if (act.type === 'add_to_list') facts.lists = [...facts.lists, act.list];
      if (act.type === 'remove_from_list') facts.lists = facts.lists.filter((x) => x !== act.list);
      if (act.type === 'set_field' && act.value !== undefined)
        facts.fields = { ...facts.fields, [act.field]: act.value };
    }
    path = next;
  }
  return { entered, reason: reason || 'the contact would enter', steps };
}

function summary(a: { type: string } & Record<string, unknown>): string {
  const bits = Object.entries(a)
    .filter(([k]) => k !== 'type')
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return bits.join(', ');
}
