/**
 * Runs automations on the engine's scheduler. Every move is a scheduler row, so a restart loses nothing:
 *
 * - `automation.enter` {automation, contact, key}: a trigger fired. Creates the run (its id derived from
 *   automation + trigger key: a replayed event enters once; the unique `open_key` keeps a contact inside
 *   one automation once at a time) on the newest version, and schedules its first step.
 * - `automation.step` {run, path}: does the step at `path` (dedupe key run + path: scheduled once), logs it
 *   (log id derived from run + path), then schedules the next step after its delay. A step retried after a
 *   crash finds its log and only schedules what follows; its send carries the client id run + path, so
 *   the send path stores and sends it once.
 * - `automation.resolve` {run, path, branch}: a wait for reply ends — by a reply or by its timeout. Both
 *   use one dedupe key, so whichever comes first decides the lane, once.
 *
 * Messages and changes made here act as `system:automation`; triggers ignore that actor (no loops).
 */
import type { JobContext, WorkItem } from '../../engine/scheduler/scheduler.ts';
import type { AppContext } from '../../lib/context.ts';
import type { BusinessHoursService } from '../calendar/business-hours.service.ts';
import type { ContactsService } from '../contacts/contacts.service.ts';
import { rowsWhereAnyOf } from '../../lib/pb-any-of.ts';
import { delayMs, enterLane, holds, nextPath, stepAt, type Lane } from './automation-rules.ts';
import type { DefinitionT, StepT } from './automation.schema.ts';
import { AutomationActions, type StepResult } from './automation-actions.ts';
import {
  derivedId,
  endPatch,
  isUnique,
  type AutomationStore,
  type LogRow,
  type RunRecord,
} from './automation-store.ts';

export const ENTER = 'automation.enter';
/** entries planned by the thousand (a list at activation, a day's birthdays): they yield to timed steps */
export const ENTER_BULK = 'automation.enter.bulk';
export const STEP = 'automation.step';
export const RESOLVE = 'automation.resolve';
export const ENROL = 'automation.enrol';
const PRINCIPAL = 'system:automation';

export interface EnterPayload {
  automation: string;
  contact: string;
  /** what caused it (an event id, an API call id): one run per automation and key */
  key: string;
  conversation?: string;
  /** the inbound message that started it */
  message?: string;
  trigger?: Record<string, unknown>;
}
interface StepPayload {
  run: string;
  path: string;
  /** read beside the run (rows scheduled before this field existed read it after) */
  contact?: string;
}
interface ResolvePayload {
  run: string;
  path: string;
  branch: 'replied' | 'not_replied';
  button?: { payload: string; title: string };
}

/** Entries per automation per minute above which it pauses itself (circuit breaker), unless set. */
export const DEFAULT_MAX_PER_MINUTE = 600;

export class AutomationRunner {
  readonly actions: AutomationActions;
  private readonly entries = new Map<string, number[]>();

  constructor(
    private readonly ctx: AppContext,
    private readonly store: AutomationStore,
    private readonly hours: BusinessHoursService,
    contacts: ContactsService,
    private readonly onBreaker: (automation: string, perMinute: number) => Promise<void>,
  ) {
    this.actions = new AutomationActions(ctx, store, contacts);
  }

  register(): void {
    const { scheduler } = this.ctx;
    // a step is a few reads, one write and an enqueue: a short lease, so a crash delays it little
    const opts = { maxAttempts: 20, leaseMs: 20_000 };
    scheduler.register<EnterPayload>(ENTER, { handler: (i, j) => this.enter(i, j), concurrency: 8, ...opts });
    // a list of 10,000 entering at once must not make the steps already running late: its entries are
    // taken only while no step, wait or single entry is due (they fill what capacity is left)
    scheduler.register<EnterPayload>(ENTER_BULK, {
      handler: (i, j) => this.enter(i, j),
      concurrency: 8,
      yieldTo: [STEP, RESOLVE, ENTER],
      ...opts,
    });
    scheduler.register<StepPayload>(STEP, { handler: (i, j) => this.step(i, j), concurrency: 16, ...opts });
    scheduler.register<ResolvePayload>(RESOLVE, { handler: (i, j) => this.resolve(i, j), concurrency: 8, ...opts });
    scheduler.register<{ automation: string; list: string; round?: string }>(ENROL, {
      handler: (i) => this.enrol(i.payload.automation, i.payload.list, i.payload.round),
      concurrency: 2,
      maxAttempts: 20,
    });
    this.actions.register();
  }

  /** A trigger fired for a contact: one scheduler row per automation and cause. */
  async trigger(p: EnterPayload): Promise<void> {
    await this.ctx.scheduler.schedule<EnterPayload>({
      kind: ENTER,
      payload: p,
      dedupeKey: `auto-enter:${p.automation}:${p.key}`,
      principal: PRINCIPAL,
    });
  }

  /** the next free moment for a planned entry (scheduler clock) */
  private bulkNext = 0;

  /**
   * Entries planned by the thousand into one automation (a list at activation, a day's dates), paced: each
   * entry and the steps it leads to take their share of AUTOMATION_STEPS_PER_SECOND, so a three-step
   * automation takes 25 entries a second by default and the steps already promised stay on time. The rows
   * are written at once with their times (durable); entries already made before are not made again.
   */
  async triggerPlanned(
    automation: string,
    entries: Array<Omit<EnterPayload, 'automation'>>,
    /** a later round of the same entries (an enrolment after a pause): its own scheduler rows */
    round = '',
  ): Promise<void> {
    if (!entries.length) return;
    const a = await this.store.cached(automation);
    const def = a && (await this.store.version(a.id, a.version));
    const steps = def ? def.steps.length : 1;
    const gap = (1000 * (1 + steps)) / this.ctx.config.automationStepsPerSecond;
    const from = Math.max(this.ctx.scheduler.clock.now(), this.bulkNext);
    const made = await Promise.all(
      entries.map((p, i) =>
        this.ctx.scheduler.schedule<EnterPayload>({
          kind: ENTER_BULK,
          payload: { ...p, automation },
          runAt: Math.round(from + i * gap),
          dedupeKey: `auto-enter:${automation}:${p.key}${round ? `:${round}` : ''}`,
          principal: PRINCIPAL,
        }),
      ),
    );
    const last = made.lastIndexOf(true);
    if (last >= 0) this.bulkNext = Math.max(this.bulkNext, from + (last + 1) * gap);
  }

  /**
   * An automation on "added to a list" is activated — or resumed (`round`): who is in the list and has not
   * entered yet enters (once each; a pause holds the list, it does not skip whoever it reached first).
   */
  async enrolList(automation: string, list: string, version: number, round = ''): Promise<void> {
    await this.ctx.scheduler.schedule({
      kind: ENROL,
      payload: { automation, list, round },
      dedupeKey: `auto-enrol:${automation}:${list}:${version}${round ? `:${round}` : ''}`,
      principal: PRINCIPAL,
    });
  }

  private async enrol(automation: string, list: string, round = ''): Promise<void> {
    const { pb } = this.ctx;
    let after = '';
    for (;;) {
      const page = await pb.collection('contacts').getList<{ id: string }>(1, 500, {
        filter: pb.filter("lists ~ {:l} && deleted_at = '' && id > {:a}", { l: list, a: after }),
        sort: 'id',
        fields: 'id',
        skipTotal: true,
        requestKey: null,
      });
      const entries = page.items.map((c) => ({
        contact: c.id,
        key: `list:${list}:${c.id}`,
        trigger: { type: 'list_added', list },
      }));
      // who entered already (at an activation, or on joining the list) is not planned again
      const inside = new Set(
        (
          await rowsWhereAnyOf<{ contact: string }>(
            pb,
            'automation_runs',
            'contact',
            entries.map((e) => e.contact),
            { extra: pb.filter('automation = {:a}', { a: automation }), fields: 'contact' },
          )
        ).map((r) => r.contact),
      );
      await this.triggerPlanned(
        automation,
        entries.filter((e) => !inside.has(e.contact)),
        round,
      );
      if (page.items.length < 500) return;
      after = page.items[page.items.length - 1]!.id;
    }
  }

  // ---- entering ---------------------------------------------------------------------------------------

  private async enter(item: WorkItem<EnterPayload>, job: JobContext): Promise<void> {
    const p = item.payload;
    const a = await this.store.cached(p.automation);
    if (!a || a.state !== 'active') return;
    const def = await this.store.version(a.id, a.version);
    if (!def) return;
    const runId = derivedId('run', a.id, p.key);
    const now = job.now();
    if (def.settings?.reentry === 'never') {
      const before = await this.ctx.pb.collection('automation_runs').getList(1, 1, {
        filter: this.ctx.pb.filter('automation = {:a} && contact = {:c} && id != {:r}', {
          a: a.id,
          c: p.contact,
          r: runId,
        }),
        fields: 'id',
        skipTotal: true,
        requestKey: null,
      });
      if (before.items.length) return;
    }
    // the breaker stops what can run away (messages, tags, lists, API calls feeding each other), not a
    // list enrolled at activation or a day's birthdays, which are many at once by design
    const planned = p.key.startsWith('list:') || p.key.startsWith('date:');
    if (!planned && item.attempt === 1 && this.overBreaker(a.id, now, def)) {
      await this.onBreaker(a.id, def.settings?.max_per_minute ?? DEFAULT_MAX_PER_MINUTE);
      return;
    }
    let run: RunRecord | undefined;
    try {
      run = await this.ctx.pb.collection('automation_runs').create<RunRecord>(
        {
          id: runId,
          automation: a.id,
          version: a.version,
          contact: p.contact,
          conversation: p.conversation ?? '',
          state: 'running',
          open_key: `${a.id}:${p.contact}`,
          step: '0',
          step_at: await this.dueAt(def.steps[0]!, now),
          trigger: p.trigger ?? null,
          message: p.message ?? '',
          started_at: now,
        },
        { requestKey: null },
      );
    } catch (err) {
      // this very entry was made before (a retry), or the contact is inside this automation already
      if (!isUnique(err)) throw err;
      run = await this.store.run(runId);
      if (!run) return;
    }
    if (run.state === 'running' && run.step === '0') await this.scheduleStep(run, '0', run.step_at);
  }

  private overBreaker(automation: string, now: number, def: DefinitionT): boolean {
    const max = def.settings?.max_per_minute ?? DEFAULT_MAX_PER_MINUTE;
    const list = (this.entries.get(automation) ?? []).filter((t) => t > now - 60_000);
    list.push(now);
    this.entries.set(automation, list);
    return list.length > max;
  }

  // ---- steps ------------------------------------------------------------------------------------------

  private scheduleStep(run: RunRecord, path: string, at: number): Promise<boolean> {
    return this.ctx.scheduler.schedule<StepPayload>({
      kind: STEP,
      payload: { run: run.id, path, contact: run.contact },
      runAt: at,
      dedupeKey: `auto:${run.id}:${path}`,
      principal: PRINCIPAL,
    });
  }

  /** When a step is due: its delay after `from`, moved to the next opening if it must run in business hours. */
  async dueAt(step: StepT, from: number): Promise<number> {
    let at = from + delayMs(step.after);
    if (step.business_hours) {
      const { stored, calendar } = await this.hours.calendar();
      if (stored.configured && !calendar.isOpen(at)) {
        const next = calendar.nextChange(at);
        if (next?.open) at = next.at;
      }
    }
    return at;
  }

  /**
   * One step: the run and the contact are read together, and what the step changed on the contact, its
   * log row and the run's move to what follows are one write (one transaction). Then what follows is
   * scheduled. A retry finds the run moved on only if that write was made: it schedules what follows
   * (idempotent by its dedupe key) and does nothing else.
   */
  private async step(item: WorkItem<StepPayload>, job: JobContext): Promise<void> {
    const { run: runId, path } = item.payload;
    const [run, read] = await Promise.all([
      this.store.run(runId),
      item.payload.contact ? this.actions.contact(item.payload.contact) : undefined,
    ]);
    if (!run) return;
    const def = await this.store.version(run.automation, run.version);
    const step = def && stepAt(def.steps, path);
    if (!def || !step) return;
    const logId = derivedId('log', run.id, path);
    if (run.open_key === '' || run.step !== path || run.state !== 'running') {
      if (run.open_key && (await this.store.logExists(logId))) await this.followUp(run, def);
      return;
    }
    const automation = await this.store.cached(run.automation);
    if (!automation) return;
    if (automation.state === 'paused') {
      // held: resume() schedules it again
      await this.store.updateRun(run.id, { state: 'held' });
      return;
    }
    const contact = read ?? (await this.actions.contact(run.contact));
    const now = job.now();
    const batch = this.ctx.pb.createBatch();
    const result: StepResult =
      step.if && !holds(step.if, await this.actions.facts(run, contact))
        ? { outcome: 'skipped', detail: 'condition not met' }
        : await this.actions.perform(run, step, path, now, contact, batch);
    batch.collection('automation_logs').create({
      id: logId,
      automation: run.automation,
      run: run.id,
      contact: run.contact,
      version: run.version,
      step: path,
      action: step.action.type,
      outcome: result.outcome,
      detail: (result.lane ? `lane:${result.lane}` : (result.detail ?? '')).slice(0, 1000),
      message: result.message ?? '',
      replied_at: 0,
      at: now,
    } satisfies LogRow);
    // where the run goes (its state and open_key are left alone while it goes on: removing a contact
    // from the automation meanwhile wins, and the next step finds the run closed)
    let moved: Partial<RunRecord>;
    if (result.outcome === 'wait') moved = { state: 'waiting', step_at: now };
    else if (result.end) moved = endPatch('exited', now, result.end);
    else {
      const next = result.lane ? enterLane(def.steps, path, result.lane) : nextPath(def.steps, path);
      moved = next
        ? { step: next, step_at: await this.dueAt(stepAt(def.steps, next)!, now) }
        : endPatch('completed', now);
    }
    batch.collection('automation_runs').update(run.id, moved);
    try {
      await batch.send();
    } catch (err) {
      // logged before, by an attempt whose answer was lost: what it decided stands
      if (!(await this.store.logExists(logId))) throw err;
      const fresh = await this.store.run(run.id);
      if (fresh?.step !== path || fresh.state !== 'running') return fresh && this.followUp(fresh, def);
      // logged by a version that moved the run in a write of its own, which did not happen
      const done = await this.ctx.pb
        .collection('automation_logs')
        .getOne<{ outcome: string; detail: string }>(logId, { requestKey: null });
      if (done.outcome === 'wait') return;
      return this.advance(fresh, def, this.after(def, path, done), now);
    }
    if (result.staged) this.actions.contacts.eventsAppended();
    await this.followUp({ ...run, ...moved }, def);
  }

  /** What a run at rest needs in the scheduler: its next step, or its wait's timeout (both once by key). */
  private async followUp(run: RunRecord, def: DefinitionT): Promise<void> {
    if (!run.open_key) return;
    if (run.state === 'running') {
      await this.scheduleStep(run, run.step, run.step_at);
      return;
    }
    if (run.state !== 'waiting') return;
    const step = stepAt(def.steps, run.step);
    const timeout = step?.action.type === 'wait_for_reply' ? delayMs(step.action.timeout) : 0;
    await this.ctx.scheduler.schedule<ResolvePayload>({
      kind: RESOLVE,
      payload: { run: run.id, path: run.step, branch: 'not_replied' },
      runAt: run.step_at + timeout,
      dedupeKey: `auto-wait:${run.id}:${run.step}`,
      principal: PRINCIPAL,
    });
  }

  /** After a logged step: the lane it chose (kept in its detail), else the next step. */
  private after(def: DefinitionT, path: string, done: { outcome: string; detail: string }): string | undefined {
    const lane = done.detail.startsWith('lane:') ? (done.detail.slice(5) as Lane) : undefined;
    return lane ? enterLane(def.steps, path, lane) : nextPath(def.steps, path);
  }

  private async advance(run: RunRecord, def: DefinitionT, next: string | undefined, now: number) {
    // ended meanwhile (removed from the automation, ended by another one): nothing follows
    const fresh = await this.store.run(run.id);
    if (!fresh?.open_key) return;
    if (!next) {
      await this.store.endRun(run.id, 'completed', now);
      return;
    }
    const at = await this.dueAt(stepAt(def.steps, next)!, now);
    // the run moves first, then its next step is scheduled: a step finds its run at its own path (a step
    // that finds the run elsewhere is stale and does nothing); a crash in between is repaired by the retry
    // of this step, which finds its log and comes back here
    if (fresh.step !== next || fresh.state !== 'running')
      await this.store.updateRun(run.id, { state: 'running', step: next, step_at: at });
    await this.scheduleStep(run, next, at);
  }

  // ---- waits ------------------------------------------------------------------------------------------

  /** The customer wrote: every run of theirs waiting for a reply takes its "replied" lane (once). */
  async replied(runs: RunRecord[], button?: { payload: string; title: string }): Promise<void> {
    for (const run of runs) {
      if (run.state !== 'waiting') continue;
      await this.ctx.scheduler.schedule<ResolvePayload>({
        kind: RESOLVE,
        payload: { run: run.id, path: run.step, branch: 'replied', ...(button ? { button } : {}) },
        dedupeKey: `auto-resolve:${run.id}:${run.step}`,
        principal: PRINCIPAL,
      });
    }
  }

  private async resolve(item: WorkItem<ResolvePayload>, job: JobContext): Promise<void> {
    const p = item.payload;
    if (item.dedupeKey.startsWith('auto-wait:')) {
      // the timeout: it decides only if no reply did first (both schedule under the same key)
      await this.ctx.scheduler.schedule<ResolvePayload>({
        kind: RESOLVE,
        payload: { run: p.run, path: p.path, branch: 'not_replied' },
        dedupeKey: `auto-resolve:${p.run}:${p.path}`,
        principal: PRINCIPAL,
      });
      return;
    }
    const run = await this.store.run(p.run);
    if (!run) return;
    const def = await this.store.version(run.automation, run.version);
    if (!def) return;
    const now = job.now();
    const logId = derivedId('log', run.id, `${p.path}:${p.branch}`);
    if (!(await this.store.logExists(logId))) {
      if (run.state !== 'waiting' || run.step !== p.path) return;
      await this.store.log({
        id: logId,
        automation: run.automation,
        run: run.id,
        contact: run.contact,
        version: run.version,
        // "<path>:<lane>": the lane taken, apart from the wait step's own row
        step: `${p.path}:${p.branch}`,
        action: 'wait_for_reply',
        outcome: 'branch',
        detail: `lane:${p.branch}`,
        message: '',
        replied_at: 0,
        at: now,
      });
      if (p.button) await this.store.updateRun(run.id, { trigger: { ...(run.trigger ?? {}), button: p.button } });
    }
    await this.advance(run, def, enterLane(def.steps, p.path, p.branch), now);
  }
}
