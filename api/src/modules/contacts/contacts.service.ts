/**
 * Contacts: reads with the caller's own token (the collection rules decide what an operator sees, as
 * for /pb and realtime), writes with the server client after that visibility check, each write in one
 * PocketBase batch together with its timeline events.
 */
import type { AppContext } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { createUserClient, isNotFound, isUniqueViolation } from '../../lib/pb.ts';
import {
  newRecordId,
  pbDate,
  type ContactRecord,
  type ConversationRecord,
  type UserRecord,
} from '../../lib/records.ts';
import { conversationTitle } from '../inbox/ingest.ts';
import { addEvent, diffEvents, type EventActor } from './contact-events.ts';
import { addToBatch, newEvent, systemActor, userActor, type ActorRef } from '../../engine/events/domain-events.ts';
import { buildContactFilter } from './contacts.filters.ts';
import type { ContactFilter, ContactInputT, ContactPatchT } from './contacts.schema.ts';
import type { FieldDefs } from './field-defs.ts';
import { parsePhone } from './phone.ts';
import { coerceValue, isEmail } from './values.ts';
import { assertMay } from '../../engine/policy/policy.ts';

type Batch = ReturnType<AppContext['pb']['createBatch']>;

export const SORTS = ['-created', 'created', 'name', '-name', '-last_contacted_at', 'last_contacted_at'] as const;

/** The API view of a contact: relation and JSON fields never null. */
export function present(c: ContactRecord) {
  return {
    ...c,
    tags: c.tags ?? [],
    lists: c.lists ?? [],
    fields: c.fields ?? {},
    first_name: c.first_name ?? '',
    last_name: c.last_name ?? '',
    email: c.email ?? '',
    country: c.country ?? '',
    phone_valid: c.phone_valid ?? false,
    owner: c.owner ?? '',
    marketing_allowed: c.marketing_allowed ?? false,
    opted_in_at: c.opted_in_at ?? '',
    opted_out_at: c.opted_out_at ?? '',
    blocked: c.blocked ?? false,
    deleted_at: c.deleted_at ?? '',
    last_contacted_at: c.last_contacted_at ?? '',
  };
}

export const fullName = (first?: string, last?: string) => [first, last].filter(Boolean).join(' ').trim();

export class ContactsService {
  constructor(
    private readonly ctx: AppContext,
    readonly defs: FieldDefs,
  ) {}

  userPb(token: string) {
    return createUserClient(this.ctx.pbProcess.url, token);
  }

  async filterString(user: UserRecord, f: ContactFilter): Promise<string> {
    return buildContactFilter(this.ctx.pb, f, {
      userId: user.id,
      defs: await this.defs.map(),
      country: f.q ? await this.homeCountry() : undefined,
    });
  }

  private home: Promise<string> | undefined;
  /** The business number's country: how a number typed without its prefix is read. */
  homeCountry(): Promise<string> {
    this.home ??= this.ctx.pb
      .collection('wa_numbers')
      .getList<{ display_phone_number: string }>(1, 1, { sort: 'created', fields: 'display_phone_number' })
      .then((r) => {
        const p = parsePhone(`+${(r.items[0]?.display_phone_number ?? '').replace(/[^\d]/g, '')}`);
        return p.ok ? p.country : '';
      })
      .catch(() => {
        this.home = undefined;
        return '';
      });
    return this.home;
  }

  async list(
    user: UserRecord,
    token: string,
    f: ContactFilter,
    opts: { sort: string; page: number; perPage: number; total?: 'true' | 'false' },
  ) {
    const filter = await this.filterString(user, f);
    const sort = opts.sort.endsWith('created') ? `${opts.sort},${opts.sort.startsWith('-') ? '-' : ''}id` : opts.sort;
    // Counting scans every matching row (~60 ms at 100k with a custom-field condition); a page alone
    // stops at perPage rows in index order.
    const res = await this.userPb(token)
      .collection('contacts')
      .getList<ContactRecord>(opts.page, opts.perPage, { filter, sort, skipTotal: opts.total === 'false' });
    return { ...res, items: res.items.map(present) };
  }

  /** How many contacts the caller may see match the filter. */
  async count(user: UserRecord, token: string, f: ContactFilter): Promise<number> {
    const filter = await this.filterString(user, f);
    return (await this.userPb(token).collection('contacts').getList(1, 1, { filter, fields: 'id' })).totalItems;
  }

  /** The contact if the caller may see it (404 otherwise, as for a missing one). */
  async get(token: string, id: string): Promise<ContactRecord> {
    try {
      return await this.userPb(token).collection('contacts').getOne<ContactRecord>(id);
    } catch (err) {
      if (isNotFound(err)) throw notFound('Contact');
      throw err;
    }
  }

  async defaultNumberId(): Promise<string> {
    const n = await this.ctx.pb
      .collection('wa_numbers')
      .getList<{ id: string }>(1, 1, { sort: 'created', fields: 'id' });
    if (!n.items[0]) throw new AppError('unknown_number', 422, 'No WhatsApp number is configured');
    return n.items[0].id;
  }

  async byPhone(numberId: string, phone: string): Promise<ContactRecord | undefined> {
    const { pb } = this.ctx;
    const r = await pb.collection('contacts').getList<ContactRecord>(1, 1, {
      filter: pb.filter('wa_number = {:n} && phone = {:p}', { n: numberId, p: phone }),
    });
    return r.items[0];
  }

  private async checkRefs(field: 'tags' | 'lists', ids: string[] | undefined): Promise<void> {
    if (!ids?.length) return;
    const { pb } = this.ctx;
    const unique = [...new Set(ids)];
    let found = 0;
    // PocketBase refuses filters of much more than 100 terms
    for (let i = 0; i < unique.length; i += 100) {
      found += (
        await pb.collection(field).getFullList({
          filter: unique
            .slice(i, i + 100)
            .map((x) => pb.filter('id = {:x}', { x }))
            .join(' || '),
          fields: 'id',
        })
      ).length;
    }
    if (found !== unique.length) throw new AppError('unknown_reference', 422, `${field}: some ids do not exist`);
  }

  private async checkOwner(owner: string | null | undefined): Promise<void> {
    if (!owner) return;
    try {
      await this.ctx.pb.collection('users').getOne(owner, { fields: 'id' });
    } catch (err) {
      if (isNotFound(err)) throw new AppError('unknown_reference', 422, 'owner: no such user');
      throw err;
    }
  }

  /** Validates dynamic field values against their definitions and merges them into `current`. */
  async mergeFields(
    current: Record<string, unknown> | null | undefined,
    input: Record<string, unknown> | undefined,
  ): Promise<Record<string, unknown> | undefined> {
    if (!input) return undefined;
    const defs = await this.defs.map();
    const out: Record<string, unknown> = { ...(current ?? {}) };
    for (const [key, raw] of Object.entries(input)) {
      const def = defs.get(key);
      if (!def) throw new AppError('unknown_field', 422, `fields: no dynamic field ${key}`);
      if (!def.on_contact)
        throw new AppError(
          'field_not_on_contact',
          422,
          `fields: ${key} is not kept on contacts (its "on the contact" switch is off)`,
        );
      const v = coerceValue(def.type, raw, 'dmy');
      if (!v.ok)
        throw new AppError(
          'validation_failed',
          422,
          `fields: ${JSON.stringify(raw)} is not a valid ${def.type} for ${key}`,
          { key, reason: v.reason },
        );
      if (v.value === null) delete out[key];
      else out[key] = v.value;
    }
    return out;
  }

  private checkEmail(email: string | undefined): void {
    if (email && !isEmail(email.trim())) throw new AppError('validation_failed', 422, 'email: not a valid address');
  }

  /** Creates (or, with `upsert`, updates the contact with the same phone). */
  async create(
    user: UserRecord,
    input: ContactInputT,
    opts: { upsert: boolean; method?: string },
  ): Promise<{ contact: ContactRecord; created: boolean }> {
    assertMay(user, 'contact.create');
    const phone = parsePhone(input.phone, input.default_country);
    if (!phone.ok)
      throw new AppError(
        'invalid_phone',
        422,
        phone.reason === 'phone_missing' ? 'phone: required' : `phone: "${input.phone}" is not a phone number`,
      );
    this.checkEmail(input.email);
    await this.checkRefs('tags', input.tags);
    await this.checkRefs('lists', input.lists);
    await this.checkOwner(input.owner);
    const numberId = await this.defaultNumberId();
    const existing = await this.byPhone(numberId, phone.e164);
    if (existing) {
      if (existing.deleted_at)
        throw new AppError('contact_deleted', 409, 'A deleted contact has this phone number: restore it instead', {
          id: existing.id,
        });
      if (!opts.upsert)
        throw new AppError('contact_exists', 409, 'A contact with this phone number exists', { id: existing.id });
      const { phone: _p, default_country: _d, opt_in, ...patch } = input;
      const contact = await this.applyPatch(user, existing, {
        ...patch,
        tags: union(existing.tags, input.tags),
        lists: union(existing.lists, input.lists),
      });
      if (opt_in) await this.consent(contact.id, { kind: 'opt_in', ...opt_in }, { kind: 'user', userId: user.id });
      return { contact: await this.ctx.pb.collection('contacts').getOne<ContactRecord>(contact.id), created: false };
    }
    const id = newRecordId();
    const fields = (await this.mergeFields({}, input.fields)) ?? {};
    const batch = this.ctx.pb.createBatch();
    batch.collection('contacts').create({
      id,
      wa_number: numberId,
      phone: phone.e164,
      wa_id: phone.e164.slice(1),
      phone_valid: phone.valid,
      country: phone.country,
      first_name: input.first_name ?? '',
      last_name: input.last_name ?? '',
      name: input.name ?? fullName(input.first_name, input.last_name),
      email: input.email?.trim() ?? '',
      language: input.language ?? '',
      notes: input.notes ?? '',
      owner: input.owner ?? '',
      fields,
      tags: input.tags ?? [],
      lists: input.lists ?? [],
    });
    const actor = { kind: 'user', userId: user.id };
    addEvent(batch, id, 'created', { method: opts.method ?? 'api' }, actor);
    addToBatch(
      batch,
      newEvent('contact.created', userActor(user.id), { contact: id }, { method: opts.method ?? 'api' }),
    );
    try {
      await this.commitBatch(batch);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('contact_exists', 409, 'A contact with this phone number exists');
      throw err;
    }
    if (input.opt_in) await this.consent(id, { kind: 'opt_in', ...input.opt_in }, actor);
    return { contact: await this.ctx.pb.collection('contacts').getOne<ContactRecord>(id), created: true };
  }

  async update(user: UserRecord, token: string, id: string, patch: ContactPatchT): Promise<ContactRecord> {
    assertMay(user, 'contact.write');
    const before = await this.get(token, id);
    return this.applyPatch(user, before, patch);
  }

  /** One write: the contact and the events describing the change. Renames the chat when the name changes. */
  async applyPatch(
    user: UserRecord | undefined,
    before: ContactRecord,
    patch: ContactPatchT,
    actor?: EventActor,
  ): Promise<ContactRecord> {
    this.checkEmail(patch.email);
    await this.checkRefs('tags', patch.tags);
    await this.checkRefs('lists', patch.lists);
    await this.checkOwner(patch.owner);
    const data: Partial<ContactRecord> = {};
    for (const k of ['first_name', 'last_name', 'name', 'email', 'language', 'notes', 'tags', 'lists'] as const) {
      if (patch[k] !== undefined) (data as Record<string, unknown>)[k] = k === 'email' ? patch.email!.trim() : patch[k];
    }
    if (patch.owner !== undefined) data.owner = patch.owner ?? '';
    const fields = await this.mergeFields(before.fields, patch.fields);
    if (fields) data.fields = fields;
    // The display name follows first/last name unless someone typed a different one.
    if (patch.name === undefined && (patch.first_name !== undefined || patch.last_name !== undefined)) {
      const derived = fullName(before.first_name, before.last_name);
      if (!before.name || before.name === derived)
        data.name = fullName(patch.first_name ?? before.first_name, patch.last_name ?? before.last_name);
    }
    const batch = this.ctx.pb.createBatch();
    if (!this.stageChange(batch, before, data, actor ?? { kind: 'user', ...(user ? { userId: user.id } : {}) }))
      batch.collection('contacts').update(before.id, {});
    await this.commitBatch(batch);
    const updated = await this.ctx.pb.collection('contacts').getOne<ContactRecord>(before.id);
    if (conversationTitle(updated) !== conversationTitle(before)) await this.renameChats([updated]);
    return updated;
  }

  /**
   * Adds a checked change of a contact to a batch the caller sends (with its own writes, in one
   * transaction): the contact, its timeline events and the `contact.updated` domain event. The caller
   * wakes the consumers after sending (`eventsAppended`). Answers whether anything changed.
   */
  stageChange(batch: Batch, before: ContactRecord, data: Partial<ContactRecord>, who: EventActor): boolean {
    if (!Object.keys(data).length) return false;
    const events = diffEvents(before, data);
    batch.collection('contacts').update(before.id, data);
    for (const e of events) addEvent(batch, before.id, e.kind, e.data, who);
    addToBatch(
      batch,
      newEvent(
        'contact.updated',
        actorRef(who),
        { contact: before.id },
        { fields: Object.keys(data), ...addedBy(events) },
      ),
    );
    return true;
  }

  /** After a batch with staged changes was sent: the domain-event consumers look at once. */
  eventsAppended(): void {
    this.ctx.bus.publish('events.appended', { lastSeq: 0 });
  }

  /** Keeps the chat list's denormalised title in step, through the writer that owns conversations. */
  async renameChats(contacts: ContactRecord[]): Promise<void> {
    const { pb, writer } = this.ctx;
    for (let i = 0; i < contacts.length; i += 100) {
      const slice = contacts.slice(i, i + 100);
      const byId = new Map(slice.map((c) => [c.id, c]));
      const convs = await pb.collection('conversations').getFullList<ConversationRecord>({
        filter: slice.map((c) => pb.filter('contact = {:c}', { c: c.id })).join(' || '),
        fields: 'id,contact',
      });
      for (const conv of convs) {
        const c = byId.get(conv.contact)!;
        await writer.renameConversation(conv.id, conversationTitle(c), c);
      }
    }
  }

  /** Soft delete / restore / block / unblock of one contact the caller can see. */
  async setFlag(
    user: UserRecord,
    token: string,
    id: string,
    change: 'delete' | 'restore' | 'block' | 'unblock',
  ): Promise<ContactRecord> {
    assertMay(user, 'contact.delete');
    const c = await this.get(token, id);
    const now = pbDate(Date.now());
    const data =
      change === 'delete'
        ? { deleted_at: now }
        : change === 'restore'
          ? { deleted_at: '' }
          : change === 'block'
            ? { blocked: true, blocked_at: now }
            : { blocked: false, blocked_at: '' };
    const batch = this.ctx.pb.createBatch();
    batch.collection('contacts').update(c.id, data);
    addEvent(
      batch,
      c.id,
      { delete: 'deleted', restore: 'restored', block: 'blocked', unblock: 'unblocked' }[change],
      {},
      { kind: 'user', userId: user.id },
    );
    await batch.send();
    return this.ctx.pb.collection('contacts').getOne<ContactRecord>(id);
  }

  /**
   * Records a consent change in the history and the contact's current state. An opt-out always wins
   * for marketing until a later opt-in; a utility-only change leaves marketing as it was.
   */
  /** One /api/batch (one transaction: the change and its domain events), then the consumers are woken. */
  private async commitBatch(batch: Batch): Promise<void> {
    await batch.send();
    this.eventsAppended();
  }

  async consent(
    contactId: string,
    c: {
      kind: 'opt_in' | 'opt_out';
      method: string;
      source?: string;
      scope: 'marketing' | 'utility' | 'all';
      note?: string | undefined;
      at?: string | undefined;
    },
    actor: EventActor,
  ): Promise<ContactRecord> {
    const at = c.at ? Date.parse(c.at) : Date.now();
    const batch = this.ctx.pb.createBatch();
    batch.collection('contact_consents').create({
      contact: contactId,
      kind: c.kind,
      method: c.method,
      source: c.source ?? '',
      scope: c.scope,
      at: pbDate(at),
      by: actor.userId ?? '',
      note: c.note ?? '',
    });
    const affectsMarketing = c.scope !== 'utility';
    const state: Partial<ContactRecord> =
      c.kind === 'opt_in'
        ? {
            opted_in_at: pbDate(at),
            consent_method: c.method,
            consent_source: c.source ?? '',
            ...(affectsMarketing ? { marketing_allowed: true } : {}),
          }
        : {
            opted_out_at: pbDate(at),
            consent_method: c.method,
            consent_source: c.source ?? '',
            ...(affectsMarketing ? { marketing_allowed: false } : {}),
          };
    batch.collection('contacts').update(contactId, state);
    addEvent(
      batch,
      contactId,
      c.kind === 'opt_in' ? 'consent_opt_in' : 'consent_opt_out',
      { method: c.method, source: c.source ?? '', scope: c.scope },
      actor,
      at,
    );
    addToBatch(
      batch,
      newEvent(
        'consent.changed',
        actorRef(actor),
        { contact: contactId },
        { kind: c.kind, method: c.method, scope: c.scope },
        at,
      ),
    );
    await this.commitBatch(batch);
    return this.ctx.pb.collection('contacts').getOne<ContactRecord>(contactId);
  }
}

export function union(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!b) return undefined;
  return [...new Set([...(a ?? []), ...b])];
}

/** The tags and lists a change adds, for the domain event (automations start on them). */
function addedBy(events: Array<{ kind: string; data: Record<string, unknown> }>) {
  const tags = events.filter((e) => e.kind === 'tag_added').map((e) => String(e.data.tag));
  const lists = events.filter((e) => e.kind === 'list_added').map((e) => String(e.data.list));
  if (!tags.length && !lists.length) return {};
  return { added: { ...(tags.length ? { tags } : {}), ...(lists.length ? { lists } : {}) } };
}

/** The outbox's actor for a contact-timeline actor. */
function actorRef(a: EventActor): ActorRef {
  return a.userId ? userActor(a.userId) : systemActor(a.kind || 'unknown');
}
