/**
 * Automations: create, edit (a changed definition is a new version; contacts inside finish on theirs),
 * activate / pause (pending steps held) / resume, duplicate, delete; the inbound-integration start; a
 * contact taken out of one or all automations. No HTTP here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { isUniqueViolation } from '../../lib/pb.ts';
import { newRecordId, type UserRecord } from '../../lib/records.ts';
import type { ContactsService } from '../contacts/contacts.service.ts';
import { phraseOf } from './automation-rules.ts';
import { raiseAlert } from '../analytics/alerts.service.ts';
import { checkDefinition, resolveRefs } from './automation-refs.ts';
import { STEP, type AutomationRunner } from './automation-runner.ts';
import type { AutomationRecord, AutomationStore, RunRecord } from './automation-store.ts';
import type { AutomationViewT, DefinitionT } from './automation.schema.ts';
import type { CreateBody, PatchBody, StartBody } from './automation.schema.ts';
import type { z } from '@hono/zod-openapi';
import { updateRecord } from '../../lib/record-update.ts';

export function automationView(a: AutomationRecord, running = 0): AutomationViewT {
  return {
    id: a.id,
    name: a.name,
    state: a.state,
    active: a.state === 'active',
    version: a.version,
    trigger: a.definition.trigger,
    steps: a.definition.steps,
    settings: a.definition.settings ?? {},
    paused_reason: a.paused_reason ?? '',
    running,
    created: a.created,
    updated: a.updated,
  };
}

export class AutomationsService {
  constructor(
    private readonly ctx: AppContext,
    private readonly store: AutomationStore,
    private readonly runner: AutomationRunner,
    private readonly contacts: ContactsService,
  ) {}

  private get pb() {
    return this.ctx.pb;
  }

  async record(id: string): Promise<AutomationRecord> {
    const a = await this.store.get(id);
    if (!a) throw new AppError('not_found', 404, 'No such automation');
    return a;
  }

  private async running(id: string): Promise<number> {
    return (
      await this.pb.collection('automation_runs').getList(1, 1, {
        filter: this.pb.filter("automation = {:a} && open_key != ''", { a: id }),
        fields: 'id',
      })
    ).totalItems;
  }

  async view(id: string): Promise<AutomationViewT> {
    return automationView(await this.record(id), await this.running(id));
  }

  async list(): Promise<AutomationViewT[]> {
    const rows = await this.pb.collection('automations').getFullList<AutomationRecord>({ sort: '-created' });
    const open = await this.pb
      .collection('automation_runs')
      .getFullList<{ automation: string }>({ filter: "open_key != ''", fields: 'automation' });
    const counts = new Map<string, number>();
    for (const r of open) counts.set(r.automation, (counts.get(r.automation) ?? 0) + 1);
    return rows.map((a) => automationView(a, counts.get(a.id) ?? 0));
  }

  /** Stores a definition as the automation's next version; an active one must pass every check first. */
  private async save(
    a: AutomationRecord | undefined,
    fields: { name: string; state: AutomationRecord['state']; def: DefinitionT; user?: UserRecord },
  ): Promise<AutomationRecord> {
    // empty settings are no settings: saving {} over none is not a new version
    const given = fields.def.settings && Object.keys(fields.def.settings).length ? fields.def.settings : undefined;
    const { settings: _s, ...rest } = fields.def;
    const def = await resolveRefs(this.pb, given ? { ...rest, settings: given } : rest);
    if (fields.state === 'active') await checkDefinition(this.pb, def, this.ctx.config.webhookOrigins);
    const changed = !a || JSON.stringify(a.definition) !== JSON.stringify(def);
    const version = changed ? (a?.version ?? 0) + 1 : a!.version;
    const id = a?.id ?? newRecordId();
    const data = {
      name: fields.name,
      state: fields.state,
      trigger_type: def.trigger.type,
      phrase: fields.state === 'active' ? phraseOf(def.trigger) : '',
      definition: def,
      version,
      ...(fields.state === 'active' ? { paused_reason: '' } : {}),
    };
    const batch = this.pb.createBatch();
    if (a) batch.collection('automations').update(id, data);
    else batch.collection('automations').create({ id, ...data, created_by: fields.user?.id ?? '' });
    if (changed) batch.collection('automation_versions').create({ automation: id, version, definition: def });
    try {
      await batch.send();
    } catch (err) {
      if (isUniqueViolation(err) || isBatchUnique(err))
        throw new AppError(
          'phrase_taken',
          409,
          `Another active automation already starts on "${(def.trigger as { text?: string }).text}": a phrase can start one automation only`,
        );
      throw err;
    }
    this.store.changed();
    const saved = await this.record(id);
    // activated, or active again after a pause: who is in the list and has not entered yet enters
    if (saved.state === 'active' && def.trigger.type === 'list_added')
      await this.runner.enrolList(
        id,
        def.trigger.list,
        saved.version,
        a && a.state !== 'active' ? `on:${this.ctx.scheduler.clock.now()}` : '',
      );
    return saved;
  }

  async create(user: UserRecord, body: z.infer<typeof CreateBody>): Promise<AutomationViewT> {
    const def: DefinitionT = {
      trigger: body.trigger,
      steps: body.steps,
      ...(body.settings ? { settings: body.settings } : {}),
    };
    const a = await this.save(undefined, { name: body.name, state: body.active ? 'active' : 'draft', def, user });
    return automationView(a);
  }

  async update(id: string, body: z.infer<typeof PatchBody>): Promise<AutomationViewT> {
    const a = await this.record(id);
    const def: DefinitionT = {
      trigger: body.trigger ?? a.definition.trigger,
      steps: body.steps ?? a.definition.steps,
      ...((body.settings ?? a.definition.settings) ? { settings: body.settings ?? a.definition.settings } : {}),
    };
    await this.save(a, { name: body.name ?? a.name, state: a.state, def });
    return this.view(id);
  }

  async act(user: UserRecord, id: string, action: 'activate' | 'pause' | 'duplicate'): Promise<AutomationViewT> {
    const a = await this.record(id);
    if (action === 'duplicate') {
      const copy = await this.save(undefined, {
        name: `${a.name} (copy)`.slice(0, 200),
        state: 'draft',
        def: a.definition,
        user,
      });
      return automationView(copy);
    }
    if (action === 'pause') {
      if (a.state !== 'paused') {
        await updateRecord(this.pb, 'automations', id, { state: 'paused', phrase: '' });
        this.store.changed();
      }
      return this.view(id);
    }
    if (a.state !== 'active') {
      await this.save(a, { name: a.name, state: 'active', def: a.definition });
      await this.resumeHeld(id);
    }
    return this.view(id);
  }

  private readonly tripping = new Map<string, Promise<void>>();

  /**
   * The circuit breaker: too many entries a minute (a loop, a flood) — paused, and admins are told once.
   * Entries run in parallel and each may trip it: one trip at a time per automation, so the second finds
   * it paused (measured in CI: two entries over the limit at once raised two alerts).
   */
  breaker(id: string, perMinute: number): Promise<void> {
    const trip = (this.tripping.get(id) ?? Promise.resolve()).then(() => this.trip(id, perMinute));
    const settled = trip.catch(() => undefined);
    this.tripping.set(id, settled);
    void settled.then(() => {
      if (this.tripping.get(id) === settled) this.tripping.delete(id);
    });
    return trip;
  }

  private async trip(id: string, perMinute: number): Promise<void> {
    const a = await this.store.get(id);
    if (!a || a.state !== 'active') return;
    const reason = `Paused automatically: more than ${perMinute} contacts entered in one minute`;
    await updateRecord(this.pb, 'automations', id, { state: 'paused', phrase: '', paused_reason: reason });
    this.store.changed();
    this.ctx.log.error('automation paused by its circuit breaker', { automation: id, name: a.name, perMinute });
    // admins and managers are told (dashboard banner and push), once per trip
    await raiseAlert(this.pb, this.ctx.log, {
      kind: 'automation_paused',
      number: '',
      key: `automation_paused:${id}:${this.ctx.scheduler.clock.now()}`,
      data: { automation: id, name: a.name, per_minute: perMinute },
    });
  }

  /** Steps held while paused run again: each held run's step, scheduled anew. */
  private async resumeHeld(id: string): Promise<void> {
    const held = await this.pb.collection('automation_runs').getFullList<RunRecord>({
      filter: this.pb.filter("automation = {:a} && state = 'held'", { a: id }),
    });
    const now = this.ctx.scheduler.clock.now();
    for (const r of held) {
      await updateRecord(this.pb, 'automation_runs', r.id, { state: 'running' });
      await this.ctx.scheduler.schedule({
        kind: STEP,
        payload: { run: r.id, path: r.step },
        runAt: now,
        dedupeKey: `auto:${r.id}:${r.step}:resumed:${now}`,
        principal: 'system:automation',
      });
    }
  }

  async remove(id: string): Promise<void> {
    const a = await this.record(id);
    const now = this.ctx.scheduler.clock.now();
    const open = await this.pb.collection('automation_runs').getFullList<RunRecord>({
      filter: this.pb.filter("automation = {:a} && open_key != ''", { a: a.id }),
      fields: 'id',
    });
    for (const r of open) await this.store.endRun(r.id, 'exited', now, 'automation_deleted');
    await this.pb.collection('automations').delete(id);
    this.store.changed();
  }

  /** The inbound integration: an outside system starts the automation for a phone (created if new). */
  async start(user: UserRecord, id: string, body: z.infer<typeof StartBody>, key?: string) {
    const a = await this.record(id);
    if (a.state !== 'active') throw new AppError('automation_inactive', 409, 'The automation is not active');
    const { contact } = await this.contacts.create(
      user,
      {
        phone: body.phone,
        ...(body.first_name ? { first_name: body.first_name } : {}),
        ...(body.last_name ? { last_name: body.last_name } : {}),
        ...(body.fields ? { fields: body.fields } : {}),
      } as never,
      { upsert: true, method: 'api' },
    );
    const cause = key ? `api:${key}` : `api:${newRecordId()}`;
    await this.runner.trigger({ automation: id, contact: contact.id, key: cause, trigger: { type: 'integration' } });
    return { contact: contact.id, accepted: true };
  }

  /** Takes a contact out of one automation or all of them: its pending steps will not run. */
  async exitContact(contact: string, automation?: string): Promise<{ ended: number }> {
    const runs = await this.store.openRuns(contact, automation);
    const now = this.ctx.scheduler.clock.now();
    for (const r of runs) await this.store.endRun(r.id, 'exited', now, 'removed');
    return { ended: runs.length };
  }

  /**
   * The secret the receiver checks the webhook signatures with (Standard Webhooks), and the automation's own
   * inbound URL key (an outside tool starts it by POSTing {phone, fields?} to /webhooks/automations/{id}?key=…).
   */
  async webhookSecret(id: string): Promise<{ secret: string; inbound_key: string; inbound_path: string }> {
    await this.record(id);
    const secret = await this.runner.actions.webhooks.secret(id);
    return { secret, inbound_key: inboundKey(secret, id), inbound_path: `/webhooks/automations/${id}` };
  }

  /** The inbound integration by URL: the key is checked in constant time; it acts as the automation's author. */
  async startByKey(id: string, key: string, body: z.infer<typeof StartBody>, idempotency?: string) {
    const a = await this.store.get(id);
    const secret = a && (await this.runner.actions.webhooks.secret(id));
    const want = Buffer.from(secret ? inboundKey(secret, id) : 'x'.repeat(64));
    const got = Buffer.from(key.padEnd(64).slice(0, 64));
    if (!a || !secret || !timingSafeEqual(want, got) || key.length !== 64)
      throw new AppError('unauthorized', 401, 'Unknown automation or wrong key');
    const author = await this.pb
      .collection('users')
      .getOne<UserRecord>(a.created_by)
      .catch(() => this.pb.collection('users').getFirstListItem<UserRecord>("role = 'admin' && active = true"));
    return this.start(author, id, body, idempotency);
  }

  async runsOf(contact: string) {
    const runs = await this.pb.collection('automation_runs').getList<RunRecord>(1, 50, {
      filter: this.pb.filter('contact = {:c}', { c: contact }),
      sort: '-started_at',
    });
    return runs.items;
  }
}

/** The inbound URL's key: derived from the automation's secret, so it is never stored apart. */
export function inboundKey(secret: string, id: string): string {
  return createHmac('sha256', secret).update(`inbound:${id}`).digest('hex');
}

function isBatchUnique(err: unknown): boolean {
  const data = (err as { response?: { data?: unknown } }).response?.data;
  return JSON.stringify(data ?? '').includes('validation_not_unique');
}
