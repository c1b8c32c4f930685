/**
 * Triggers: a consumer of the domain-event outbox (so a crash between the customer's message and the
 * automation loses nothing) that turns events into `automation.enter` rows.
 *
 * - a customer's message starts at most one automation: exact phrase, then tapped button, then keyword
 *   (automation-rules.ts), then — only if none of those — outside business hours or on a holiday;
 * - the same message ends the waits of that contact's runs ("replied" lane), fills a field waiting for the
 *   customer's next message, and marks the latest automated message of each run as replied;
 * - a new contact, a tag or a list added start their automations.
 *
 * Events caused by automations themselves (actor `system:automation`) start nothing: no loops.
 */
import type { Consumer } from '../../engine/events/consumers.ts';
import type { StoredEvent } from '../../engine/events/domain-events.ts';
import type { AppContext } from '../../lib/context.ts';
import { isNotFound } from '../../lib/pb.ts';
import type { ContactRecord, MessageRecord } from '../../lib/records.ts';
import type { BusinessHoursService } from '../calendar/business-hours.service.ts';
import { closureAt } from '../out-of-hours/out-of-hours.rules.ts';
import { matchMessage, type MessageFacts } from './automation-rules.ts';
import type { AutomationRunner } from './automation-runner.ts';
import type { AutomationRecord, AutomationStore, RunRecord } from './automation-store.ts';
import { updateRecord } from '../../lib/record-update.ts';

const SILENT_TYPES = new Set(['reaction', 'system', 'unsupported', 'request_welcome']);
const OWN_ACTOR = 'system:automation';

/** What a stored inbound message offers to triggers (text, caption, tapped button). */
export function messageFacts(m: Pick<MessageRecord, 'type' | 'payload'>): MessageFacts {
  const p = (m.payload ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  if (m.type === 'button') return { text: s(p.text), button: { payload: s(p.payload), title: s(p.text) } };
  if (m.type === 'interactive' && (p.kind === 'button_reply' || p.kind === 'list_reply' || s(p.id)))
    return { text: s(p.title), button: { payload: s(p.id), title: s(p.title) } };
  return { text: s(p.body) || s(p.caption) };
}

export class AutomationTriggers implements Consumer {
  readonly name = 'automations';
  readonly names = ['message.received', 'contact.created', 'contact.updated'] as const;

  constructor(
    private readonly ctx: AppContext,
    private readonly store: AutomationStore,
    private readonly runner: AutomationRunner,
    private readonly hours: BusinessHoursService,
  ) {}

  async handle(e: StoredEvent): Promise<void> {
    if (e.actor.startsWith(OWN_ACTOR) || !e.contact) return;
    if (!(await this.store.anyAutomation())) return;
    if (e.name === 'message.received') return this.onMessage(e as StoredEvent<'message.received'>);
    const active = await this.store.activeAutomations();
    if (!active.length) return;
    if (e.name === 'contact.created') {
      for (const a of active.filter((x) => x.definition.trigger.type === 'new_contact'))
        await this.runner.trigger({
          automation: a.id,
          contact: e.contact,
          key: e.id,
          trigger: { type: 'new_contact' },
        });
      return;
    }
    const added = (e as StoredEvent<'contact.updated'>).data.added;
    if (!added) return;
    for (const a of active) {
      const t = a.definition.trigger;
      if (
        (t.type === 'tag_added' && added.tags?.includes(t.tag)) ||
        (t.type === 'list_added' && added.lists?.includes(t.list))
      )
        await this.runner.trigger({ automation: a.id, contact: e.contact, key: e.id, trigger: { ...t } });
    }
  }

  private async onMessage(e: StoredEvent<'message.received'>): Promise<void> {
    const d = e.data;
    if (SILENT_TYPES.has(d.type) || !e.message || !e.contact) return;
    // no automation at all (active, paused or finished with runs): nothing to start, end or fill
    if (!(await this.store.anyAutomation())) return;
    const m = await this.ctx.pb
      .collection('messages')
      .getOne<MessageRecord>(e.message, { fields: 'id,type,payload', requestKey: null })
      .catch((err) => {
        if (isNotFound(err)) return undefined;
        throw err;
      });
    if (!m) return;
    const facts = messageFacts(m);
    // the runs this contact is in: replies, captured fields, replied-after-send
    const runs = await this.store.recentRuns(e.contact, this.ctx.scheduler.clock.now() - 7 * 86_400_000);
    await this.afterReply(runs, e, facts);
    const active = await this.store.activeAutomations();
    if (!active.length) return;
    const chosen = matchMessage(
      active.map((a) => ({ id: a.id, trigger: a.definition.trigger, a })),
      facts,
    )?.a;
    const started = chosen ?? (await this.outOfHours(active, d));
    if (!started) return;
    await this.runner.trigger({
      automation: started.id,
      contact: e.contact,
      key: e.id,
      conversation: e.conversation ?? '',
      message: e.message,
      trigger: {
        type: started.definition.trigger.type,
        text: facts.text.slice(0, 1000),
        ...(facts.button ? { button: facts.button } : {}),
      },
    });
  }

  /** No automation answered the message: an outside-hours (or holiday) one may. */
  private async outOfHours(
    active: AutomationRecord[],
    d: StoredEvent<'message.received'>['data'],
  ): Promise<AutomationRecord | undefined> {
    const candidates = active.filter((a) => ['outside_hours', 'holiday'].includes(a.definition.trigger.type));
    if (!candidates.length) return undefined;
    const { stored, calendar } = await this.hours.calendar(d.waNumber || undefined).catch((err) => {
      if (isNotFound(err) || (err as { code?: string }).code === 'not_found') return this.hours.calendar();
      throw err;
    });
    if (!stored.configured) return undefined;
    const closure = closureAt(calendar, d.sentAt);
    if (!closure) return undefined;
    // on a holiday, a holiday automation first; an outside-hours one covers both
    if (closure.kind === 'holiday') {
      const h = candidates.find((a) => a.definition.trigger.type === 'holiday');
      if (h) return h;
    }
    return candidates.find((a) => a.definition.trigger.type === 'outside_hours');
  }

  private async afterReply(open: RunRecord[], e: StoredEvent<'message.received'>, facts: MessageFacts): Promise<void> {
    const at = e.data.sentAt;
    const waiting = open.filter((r) => r.state === 'waiting' && r.open_key);
    if (waiting.length) await this.runner.replied(waiting, facts.button);
    for (const run of open) {
      if (run.capture && e.seq > run.capture.since && facts.text) {
        const c = await this.ctx.pb
          .collection('contacts')
          .getOne<ContactRecord>(run.contact, { requestKey: null })
          .catch(() => undefined);
        if (c)
          await this.runner.actions.contacts
            .applyPatch(
              undefined,
              c,
              { fields: { [run.capture.field]: facts.text.slice(0, 1000) } },
              { kind: 'automation' },
            )
            .catch((err) => this.ctx.log.warn('automation: the reply did not fit the field', { err: String(err) }));
        await this.store.updateRun(run.id, { capture: null });
      }
    }
    // replies after each send: the newest automated message before this reply, per run
    const { pb } = this.ctx;
    const sends = await pb.collection('automation_logs').getList<{ id: string; run: string; at: number }>(1, 50, {
      filter: pb.filter("contact = {:c} && message != '' && replied_at = 0 && at <= {:t}", {
        c: e.contact!,
        t: this.ctx.scheduler.clock.now(),
      }),
      sort: '-at',
      fields: 'id,run,at',
      skipTotal: true,
      requestKey: null,
    });
    const seen = new Set<string>();
    for (const l of sends.items) {
      if (seen.has(l.run)) continue;
      seen.add(l.run);
      await updateRecord(pb, 'automation_logs', l.id, { replied_at: at }, { requestKey: null });
    }
  }
}
