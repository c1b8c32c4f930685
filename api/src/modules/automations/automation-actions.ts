/**
 * What each step does to the contact, the chat and WhatsApp — acting as `system:automation`, through the
 * same services as a person: the one send path (client id = run + step, so a retried step sends once),
 * the contacts service (tags, lists, fields, with their timeline and domain events), the inbox writer
 * (assignment). Every action may run twice after a crash and leaves the same result.
 */
import { systemActor, addToBatch, newEvent } from '../../engine/events/domain-events.ts';
import { systemPrincipal } from '../../engine/policy/permissions.ts';
import type { SendBody } from '../../engine/outbound/send.types.ts';
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { isNotFound } from '../../lib/pb.ts';
import {
  parsePbDate,
  pbDate,
  type ContactRecord,
  type ConversationRecord,
  type UserRecord,
  type WaNumberRecord,
} from '../../lib/records.ts';
import { AUDIENCE_FIELDS } from '../campaigns/audience.ts';
import type { AudienceContact } from '../campaigns/campaign-rules.ts';
import { buildMessage, loadContentContext } from '../campaigns/content.ts';
import { addEvent } from '../contacts/contact-events.ts';
import type { ContactsService } from '../contacts/contacts.service.ts';
import { SERVICE_WINDOW_MS } from '../inbox/ingest.ts';
import { holds, type ContactFacts, type Lane } from './automation-rules.ts';
import type { StepT } from './automation.schema.ts';
import type { AutomationStore, RunRecord } from './automation-store.ts';
import { AutomationWebhooks } from './automation-webhook.ts';

export interface StepResult {
  outcome: 'done' | 'skipped' | 'failed' | 'branch' | 'wait';
  detail?: string;
  /** the lane the flow continues in (a branch, a closed window) */
  lane?: Lane;
  /** the message it sent */
  message?: string;
  /** the run ends here (exited, with this reason) */
  end?: string;
  /** changes of the contact were added to the step's batch (its domain events wake the consumers once sent) */
  staged?: boolean;
}

type Batch = ReturnType<AppContext['pb']['createBatch']>;

const ACTOR = { kind: 'automation' } as const;

export class AutomationActions {
  readonly webhooks: AutomationWebhooks;

  constructor(
    private readonly ctx: AppContext,
    private readonly store: AutomationStore,
    readonly contacts: ContactsService,
  ) {
    this.webhooks = new AutomationWebhooks(ctx, store);
  }

  register(): void {
    this.webhooks.register();
  }

  contact(id: string): Promise<ContactRecord | undefined> {
    return this.ctx.pb
      .collection('contacts')
      .getOne<ContactRecord>(id, { requestKey: null })
      .catch((err) => {
        if (isNotFound(err)) return undefined;
        throw err;
      });
  }

  /** What conditions look at: the contact now, and the button that started the run or answered its wait. */
  async facts(run: RunRecord, contact?: ContactRecord): Promise<ContactFacts> {
    const c = contact ?? (await this.contact(run.contact));
    const button = (run.trigger as { button?: { payload: string; title: string } } | null)?.button;
    return {
      tags: c?.tags ?? [],
      lists: c?.lists ?? [],
      language: c?.language ?? '',
      fields: c?.fields ?? {},
      ...(button ? { button } : {}),
    };
  }

  /** The contact's chat on its number (the newest), if any. */
  private async conversation(contact: string): Promise<ConversationRecord | undefined> {
    const r = await this.ctx.pb.collection('conversations').getList<ConversationRecord>(1, 1, {
      filter: this.ctx.pb.filter('contact = {:c}', { c: contact }),
      sort: '-last_message_at',
      skipTotal: true,
      requestKey: null,
    });
    return r.items[0];
  }

  /**
   * Does a step to the contact as read just before. Changes of the contact itself (tags, lists, a field)
   * are added to `batch`, which the runner sends with the step's log and the run's move: one transaction.
   */
  async perform(
    run: RunRecord,
    step: StepT,
    path: string,
    now: number,
    contact: ContactRecord | undefined,
    batch: Batch,
  ): Promise<StepResult> {
    const a = step.action;
    if (!contact || contact.deleted_at)
      return { outcome: 'skipped', detail: 'contact deleted', end: 'contact_deleted' };
    try {
      switch (a.type) {
        case 'send_text':
        case 'send_template':
          return await this.send(run, step, path, contact, now);
        case 'add_tag':
        case 'remove_tag':
        case 'add_to_list':
        case 'remove_from_list':
          return await this.taxonomy(contact, a, batch);
        case 'set_field':
          if (a.from === 'next_message') {
            // the outbox's newest event now: a customer message stored after it (a higher seq) fills the field
            // (WhatsApp's timestamps have whole seconds: a quick answer shares the second of the question)
            const last = await this.ctx.pb.collection('domain_events').getList<{ seq: number }>(1, 1, {
              sort: '-seq',
              fields: 'seq',
              skipTotal: true,
              requestKey: null,
            });
            await this.store.updateRun(run.id, { capture: { field: a.field, since: last.items[0]?.seq ?? 0 } });
            return { outcome: 'done', detail: 'waiting for the next message' };
          }
          return this.staged(
            this.contacts.stageChange(
              batch,
              contact,
              { fields: (await this.contacts.mergeFields(contact.fields, { [a.field]: a.value ?? '' }))! },
              ACTOR,
            ),
          );
        case 'assign':
          return await this.assign(contact, a.user, !!a.online_only);
        case 'unassign': {
          const conv = await this.conversation(contact.id);
          if (!conv) return { outcome: 'skipped', detail: 'no chat' };
          if (conv.assignee)
            await this.ctx.writer.updateConversation(conv.id, { assignee: '' }, systemActor('automation'));
          return { outcome: 'done' };
        }
        case 'block':
        case 'restore':
          return await this.block(contact, a.type === 'block', now);
        case 'end_other_automations': {
          const others = (await this.store.openRuns(contact.id)).filter((r) => r.id !== run.id);
          for (const r of others) await this.store.endRun(r.id, 'exited', now, 'ended_by_automation');
          return { outcome: 'done', detail: `${others.length} ended` };
        }
        case 'webhook': {
          // the contact as it is now (not as it was when the run began), sent with the same id on every attempt
          await this.webhooks.schedule({
            automation: run.automation,
            run: run.id,
            step: path,
            version: run.version,
            url: a.url,
            id: `msg_${run.id}_${path.replace(/\./g, '_')}`,
            body: {
              type: 'automation.step',
              timestamp: new Date(now).toISOString(),
              automation: run.automation,
              run: run.id,
              step: path,
              contact: {
                id: contact.id,
                phone: contact.phone,
                name: contact.name,
                first_name: contact.first_name ?? '',
                last_name: contact.last_name ?? '',
                email: contact.email ?? '',
                language: contact.language,
                tags: contact.tags ?? [],
                lists: contact.lists ?? [],
                fields: contact.fields ?? {},
              },
              trigger: run.trigger ?? {},
            },
          });
          return { outcome: 'done', detail: 'queued' };
        }
        case 'wait_for_reply':
          return { outcome: 'wait' };
        case 'branch': {
          const yes = holds(a.if, await this.facts(run, contact));
          return { outcome: 'branch', lane: yes ? 'then' : 'else' };
        }
      }
    } catch (err) {
      if (err instanceof AppError) return { outcome: 'failed', detail: `${err.code}: ${err.message}` };
      throw err;
    }
  }

  private async send(run: RunRecord, step: StepT, path: string, contact: ContactRecord, now: number) {
    const a = step.action;
    let body: SendBody;
    let preview = '';
    if (a.type === 'send_text') {
      const conv = await this.conversation(contact.id);
      const open = !!conv && now < parsePbDate(conv.last_inbound_at) + SERVICE_WINDOW_MS;
      if (!open) {
        if (step.window_closed?.length) return { outcome: 'branch' as const, lane: 'window_closed' as const };
        return {
          outcome: 'skipped' as const,
          detail: 'window closed: free text needs a message from the customer in the last 24 hours',
        };
      }
      body = textBody(a);
    } else if (a.type === 'send_template') {
      const number = await this.ctx.pb
        .collection('wa_numbers')
        .getOne<WaNumberRecord>(contact.wa_number, { requestKey: null });
      const cc = await loadContentContext(this.ctx.pb, number, { template: a.template });
      const full = await this.ctx.pb
        .collection('contacts')
        .getOne<AudienceContact>(contact.id, { fields: AUDIENCE_FIELDS, requestKey: null });
      const built = buildMessage({ template: a.template }, cc, full);
      if (!built.ok) {
        if ('reason' in built)
          return { outcome: 'skipped' as const, detail: 'no translation in the contact’s language' };
        return { outcome: 'failed' as const, detail: `${built.error.code}: ${built.error.message}` };
      }
      body = built.body;
      preview = built.preview;
    } else return { outcome: 'skipped' as const };
    const res = await this.ctx.send.enqueue({
      principal: systemPrincipal('automation', run.automation),
      to: { contactId: contact.id },
      body,
      clientId: `auto:${run.id}:${path}`,
      purpose: 'automation',
    });
    return { outcome: 'done' as const, message: res.message.id, detail: preview.slice(0, 200) };
  }

  private async taxonomy(
    contact: ContactRecord,
    a: { type: 'add_tag' | 'remove_tag'; tag: string } | { type: 'add_to_list' | 'remove_from_list'; list: string },
    batch: Batch,
  ): Promise<StepResult> {
    const field = 'tag' in a ? 'tags' : 'lists';
    const id = 'tag' in a ? a.tag : a.list;
    const current = contact[field] ?? [];
    const adding = a.type === 'add_tag' || a.type === 'add_to_list';
    if (adding === current.includes(id)) return { outcome: 'done', detail: 'already so' };
    // named at activation (automation-refs), but it may have been deleted since
    if (adding && !(await this.refExists(field, id)))
      return { outcome: 'failed', detail: `unknown_${field === 'tags' ? 'tag' : 'list'}: ${id} no longer exists` };
    const next = adding ? [...current, id] : current.filter((x) => x !== id);
    return this.staged(this.contacts.stageChange(batch, contact, { [field]: next }, ACTOR));
  }

  private staged(changed: boolean): StepResult {
    return { outcome: 'done', ...(changed ? { staged: true } : { detail: 'already so' }) };
  }

  private readonly refs = new Map<string, { at: number; yes: Promise<boolean> }>();

  /** Whether a tag or list exists (remembered for a few seconds: a step per contact of a list asks the same). */
  private refExists(field: 'tags' | 'lists', id: string): Promise<boolean> {
    const key = `${field}:${id}`;
    const hit = this.refs.get(key);
    if (hit && Date.now() - hit.at < 5_000) return hit.yes;
    const yes = this.ctx.pb
      .collection(field)
      .getOne(id, { fields: 'id', requestKey: null })
      .then(() => true)
      .catch((err) => {
        if (isNotFound(err)) return false;
        this.refs.delete(key);
        throw err;
      });
    if (this.refs.size > 1000) this.refs.clear();
    this.refs.set(key, { at: Date.now(), yes });
    return yes;
  }

  /**
   * To a given user, or round-robin: the active operator with the fewest open chats — with `onlineOnly`,
   * among those with a chat open in Spunta in the last 10 minutes (their presence).
   */
  private async assign(contact: ContactRecord, userId: string | undefined, onlineOnly: boolean): Promise<StepResult> {
    const conv = await this.conversation(contact.id);
    if (!conv) return { outcome: 'skipped', detail: 'no chat' };
    const { pb } = this.ctx;
    let target = userId;
    if (!target) {
      const ops = await pb.collection('users').getFullList<UserRecord>({
        filter: "active = true && role = 'operator'",
        fields: 'id',
        sort: 'id',
        requestKey: null,
      });
      if (onlineOnly) {
        const seen = await pb.collection('presence').getFullList<{ user: string }>({
          filter: pb.filter('updated >= {:t}', { t: pbDate(Date.now() - 10 * 60_000) }),
          fields: 'user',
          requestKey: null,
        });
        const online = new Set(seen.map((p) => p.user));
        ops.splice(0, ops.length, ...ops.filter((u) => online.has(u.id)));
        if (!ops.length) return { outcome: 'skipped', detail: 'no operator online' };
      }
      if (!ops.length) return { outcome: 'skipped', detail: 'no active operator' };
      let best: { id: string; n: number } | undefined;
      for (const u of ops) {
        const n = (
          await pb.collection('conversations').getList(1, 1, {
            filter: pb.filter("assignee = {:u} && status = 'open'", { u: u.id }),
            fields: 'id',
            requestKey: null,
          })
        ).totalItems;
        if (!best || n < best.n) best = { id: u.id, n };
      }
      target = best!.id;
    } else {
      const u = await pb
        .collection('users')
        .getOne<UserRecord>(target, { requestKey: null })
        .catch(() => undefined);
      if (!u?.active) return { outcome: 'failed', detail: 'the operator is not active' };
    }
    if (conv.assignee !== target)
      await this.ctx.writer.updateConversation(conv.id, { assignee: target }, systemActor('automation'));
    return { outcome: 'done', detail: target };
  }

  private async block(contact: ContactRecord, block: boolean, now: number): Promise<StepResult> {
    if (!!contact.blocked === block) return { outcome: 'done', detail: 'already so' };
    const data = block ? { blocked: true, blocked_at: pbDate(now) } : { blocked: false, blocked_at: '' };
    const batch = this.ctx.pb.createBatch();
    batch.collection('contacts').update(contact.id, data);
    addEvent(batch, contact.id, block ? 'blocked' : 'unblocked', {}, ACTOR, now);
    addToBatch(
      batch,
      newEvent('contact.updated', systemActor('automation'), { contact: contact.id }, { fields: Object.keys(data) }),
    );
    await batch.send();
    this.ctx.bus.publish('events.appended', { lastSeq: 0 });
    return { outcome: 'done' };
  }
}

function textBody(a: Extract<StepT['action'], { type: 'send_text' }>): SendBody {
  if (a.list)
    return {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: a.text },
        action: {
          button: a.list.button,
          sections: [
            {
              rows: a.list.rows.map((r, i) => ({
                id: r.id || `r${i}`,
                title: r.title,
                ...(r.description ? { description: r.description } : {}),
              })),
            },
          ],
        },
      },
    } as SendBody;
  if (a.buttons?.length)
    return {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: a.text },
        action: { buttons: a.buttons.map((title, i) => ({ type: 'reply', reply: { id: `b${i}`, title } })) },
      },
    } as SendBody;
  return { type: 'text', text: { body: a.text } } as SendBody;
}
