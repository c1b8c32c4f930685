/**
 * The CSV import job. Per chunk of 500 rows: prefetch the contacts with those phones in one query,
 * then one transaction (BulkWrites) creates the new ones and updates the existing ones (list, tag
 * and opt-in in the same write), with the consent history of an imported opt-in and the timeline
 * entries of what changed on existing contacts.
 *
 * No partial garbage: before each transaction, the ids it creates and the previous values of what it
 * updates are appended (and fsync'd) to DATA_DIR/jobs/<id>/undo.jsonl. If the job fails, is
 * cancelled, or the process dies mid-way (the runner compensates at the next start), the undo log is
 * replayed: created contacts are removed (their history with them), updated ones get their previous
 * values back and lose the history rows the import added.
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../../../lib/context.ts';
import { AppError } from '../../../lib/errors.ts';
import { isUniqueViolation, type PocketBase } from '../../../lib/pb.ts';
import { newRecordId, pbDate, type ContactRecord, type JobRecord } from '../../../lib/records.ts';
import { JobCancelled, SimulatedCrash, type JobControl, type JobHandler } from '../../jobs/jobs.runner.ts';
import { conversationTitle } from '../../inbox/ingest.ts';
import { BulkWrites, type BulkCollection } from '../bulk-write.ts';
import { diffEvents } from '../contact-events.ts';
import { fullName, type ContactsService } from '../contacts.service.ts';
import { csvLine } from '../csv-out.ts';
import type { DateOrder } from '../values.ts';
import { classifiedChunks, existingByPhone, type ClassifiedRow } from './classify.ts';
import type { RowOptions, Target } from './rows.ts';

export interface ImportParams {
  mapping: Target[];
  default_country?: string;
  date_order: DateOrder;
  invalid_phones: 'skip' | 'import';
  list?: string;
  tag?: string;
  opt_in?: { source: string; scope: 'marketing' | 'utility' | 'all' };
  filename?: string;
}

/** What an update may change, saved before it is changed. */
const TOUCHED = [
  'first_name',
  'last_name',
  'name',
  'email',
  'language',
  'notes',
  'fields',
  'lists',
  'tags',
  'phone_valid',
  'country',
  'opted_in_at',
  'marketing_allowed',
  'consent_method',
  'consent_source',
  'import_job',
] as const;
const CHUNK = 500;

/** JSON with object keys sorted (PocketBase returns JSON fields with sorted keys). */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

interface Undo {
  /** contacts created */
  c: string[];
  /** contacts updated, with what they held before */
  u: Array<{ id: string; before: Record<string, unknown> }>;
  /** history rows added to contacts that existed before (those of created contacts go with them) */
  x?: Array<[BulkCollection, string]>;
}

interface Plan {
  writes: BulkWrites;
  undo: Undo & { x: Array<[BulkCollection, string]> };
  report: unknown[][];
  renamed: ContactRecord[];
  created: number;
  updated: number;
  unchanged: number;
  rows: number;
}

export class CsvImportJob implements JobHandler {
  /** test hooks: fail (compensated) or "crash" (left running) after N committed chunks */
  faults: { failAfterChunks?: number; crashAfterChunks?: number } = {};

  constructor(
    private readonly ctx: AppContext,
    private readonly contacts: ContactsService,
  ) {}

  async rowOptions(p: ImportParams): Promise<RowOptions> {
    const defs = await this.contacts.defs.map();
    for (const t of p.mapping) {
      if (!t.startsWith('field:')) continue;
      const def = defs.get(t.slice(6));
      if (!def) throw new AppError('unknown_field', 422, `mapping: no dynamic field ${t.slice(6)}`);
      if (!def.on_contact)
        throw new AppError(
          'field_not_on_contact',
          422,
          `mapping: ${def.key} is not kept on contacts (switch it ON first)`,
        );
    }
    if (p.mapping.filter((t) => t === 'phone').length !== 1)
      throw new AppError('validation_failed', 422, 'mapping: exactly one column must be the phone');
    return {
      mapping: p.mapping,
      defaultCountry: p.default_country,
      dateOrder: p.date_order,
      invalidPhones: p.invalid_phones,
      defs,
    };
  }

  async run(job: JobRecord, ctl: JobControl): Promise<Record<string, unknown>> {
    const p = job.params as unknown as ImportParams;
    const opts = await this.rowOptions(p);
    const numberId = await this.contacts.defaultNumberId();
    const total = job.progress?.total ?? 0;
    const undo = await open(join(ctl.dir, 'undo.jsonl'), 'a');
    const report = createWriteStream(join(ctl.dir, 'report.csv'));
    report.write(`\uFEFF${csvLine(['row', 'phone_in_file', 'phone', 'outcome', 'reason', 'contact_id', 'warnings'])}`);
    const counts = { rows: 0, created: 0, updated: 0, unchanged: 0, skipped: 0 };
    const skipped: Record<string, number> = {};
    const warnings: Record<string, number> = {};
    let chunks = 0;
    let pending: Promise<void> | undefined;
    try {
      const phoneColumn = p.mapping.indexOf('phone');
      for await (const chunk of classifiedChunks(join(ctl.dir, 'upload.csv'), opts, CHUNK, phoneColumn)) {
        if (ctl.cancelled) throw new JobCancelled();
        // Prepare this chunk while the previous one is being written (Node and PocketBase on two cores).
        let plan = await this.plan(job, numberId, p, chunk);
        await pending;
        const commit = async () => {
          const t0 = performance.now();
          try {
            await this.commit(undo, plan);
          } catch (err) {
            if (!isUniqueViolation(err)) throw err;
            // Someone (a customer writing in) created one of these phones since the prefetch: plan again.
            plan = await this.plan(job, numberId, p, chunk);
            await this.commit(undo, plan);
          }
          this.ctx.log.debug('import chunk written', {
            jobId: job.id,
            rows: plan.rows,
            created: plan.created,
            updated: plan.updated,
            writeMs: Math.round(performance.now() - t0),
          });
          for (const line of plan.report) report.write(csvLine(line));
          for (const line of plan.report) {
            const [, , , outcome, reason, , warns] = line as [number, string, string, string, string, string, string];
            if (outcome === 'skipped') skipped[reason] = (skipped[reason] ?? 0) + 1;
            for (const w of warns ? warns.split('|') : []) warnings[w] = (warnings[w] ?? 0) + 1;
          }
          counts.rows += plan.rows;
          counts.created += plan.created;
          counts.updated += plan.updated + plan.unchanged;
          counts.unchanged += plan.unchanged;
          counts.skipped += plan.rows - plan.created - plan.updated - plan.unchanged;
          if (plan.renamed.length) await this.contacts.renameChats(plan.renamed);
          await ctl.progress(counts.rows, Math.max(total, counts.rows));
          chunks++;
          if (this.faults.crashAfterChunks !== undefined && chunks >= this.faults.crashAfterChunks)
            throw new SimulatedCrash('simulated crash');
          if (this.faults.failAfterChunks !== undefined && chunks >= this.faults.failAfterChunks)
            throw new Error('injected failure');
        };
        pending = commit();
        pending.catch(() => undefined);
      }
      await pending;
    } finally {
      await undo.close();
      await new Promise<void>((r) => report.end(r));
    }
    return { ...counts, skipped_by_reason: skipped, warnings_by_reason: warnings };
  }

  private async plan(job: JobRecord, numberId: string, p: ImportParams, chunk: ClassifiedRow[]): Promise<Plan> {
    const { pb } = this.ctx;
    const jobId = job.id;
    const phones = chunk.flatMap((r) => (r.result.ok ? [r.result.phone] : []));
    const existing = await existingByPhone(pb, numberId, phones);
    const plan: Plan = {
      writes: new BulkWrites(),
      undo: { c: [], u: [], x: [] },
      report: [],
      renamed: [],
      created: 0,
      updated: 0,
      unchanged: 0,
      rows: chunk.length,
    };
    const now = pbDate(Date.now());
    const marketing = p.opt_in ? p.opt_in.scope !== 'utility' : false;
    const by = job.created_by ?? '';
    /** a history row; those on contacts that existed before the import are undone one by one */
    const history = (collection: BulkCollection, row: Record<string, unknown>, existed: boolean) => {
      const id = newRecordId();
      plan.writes.create(collection, { id, ...row });
      if (existed) plan.undo.x.push([collection, id]);
    };
    const event = (contact: string, kind: string, data: Record<string, unknown>, existed: boolean) =>
      history(
        'contact_events',
        { contact, kind, data: { ...data, import_job: jobId }, by, actor: 'import', at: now },
        existed,
      );
    const optIn = (contact: string, existed: boolean) => {
      const o = p.opt_in!;
      history(
        'contact_consents',
        {
          contact,
          kind: 'opt_in',
          method: 'import',
          source: o.source,
          scope: o.scope,
          at: now,
          by,
          note: p.filename ? `CSV: ${p.filename.slice(0, 900)}` : '',
        },
        existed,
      );
      event(contact, 'consent_opt_in', { method: 'import', source: o.source, scope: o.scope }, existed);
    };
    for (const r of chunk) {
      const res = r.result;
      if (!res.ok) {
        plan.report.push([r.row, r.raw, res.phone ?? '', 'skipped', res.reason, '', '']);
        continue;
      }
      const ex = existing.get(res.phone);
      if (ex?.deleted_at) {
        plan.report.push([r.row, r.raw, res.phone, 'skipped', 'contact_deleted', ex.id, '']);
        continue;
      }
      const warns = [...res.warnings];
      const d = res.data;
      if (ex) {
        const before: Record<string, unknown> = {};
        for (const k of TOUCHED)
          before[k] =
            ex[k] ??
            (k === 'fields' ? null : k === 'lists' || k === 'tags' ? [] : typeof ex[k] === 'boolean' ? false : '');
        const first = d.first_name ?? ex.first_name;
        const last = d.last_name ?? ex.last_name;
        const derived = fullName(ex.first_name, ex.last_name);
        const next: Record<string, unknown> = { ...d, phone_valid: res.valid, country: res.country };
        let optedIn = false;
        if (d.name === undefined && (d.first_name || d.last_name) && (!ex.name || ex.name === derived))
          next.name = fullName(first, last);
        if (Object.keys(res.fields).length) next.fields = { ...(ex.fields ?? {}), ...res.fields };
        if (p.list && !ex.lists?.includes(p.list)) next.lists = [...(ex.lists ?? []), p.list];
        if (p.tag && !ex.tags?.includes(p.tag)) next.tags = [...(ex.tags ?? []), p.tag];
        if (p.opt_in) {
          // A recorded opt-out is the customer's own word: an imported opt-in does not override it.
          if (ex.opted_out_at && !ex.marketing_allowed) warns.push('opted_out_kept');
          else if (!ex.opted_in_at || (marketing && !ex.marketing_allowed)) {
            Object.assign(next, {
              opted_in_at: now,
              marketing_allowed: marketing || !!ex.marketing_allowed,
              consent_method: 'import',
              consent_source: p.opt_in.source,
            });
            optedIn = true;
          }
        }
        // Only what changes is written; a row that changes nothing costs no write at all.
        const data: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(next))
          if (
            canonical(v) !==
            canonical((ex as unknown as Record<string, unknown>)[k] ?? (typeof v === 'string' ? '' : null))
          )
            data[k] = v;
        if (!Object.keys(data).length) {
          plan.unchanged++;
          plan.report.push([r.row, r.raw, res.phone, 'updated', 'unchanged', ex.id, warns.join('|')]);
          continue;
        }
        // the timeline tells what this import changed (consent has its own entry)
        for (const e of diffEvents(ex, data as Partial<ContactRecord>)) event(ex.id, e.kind, e.data, true);
        if (optedIn) optIn(ex.id, true);
        data.import_job = jobId;
        plan.writes.update('contacts', ex.id, { set: data });
        plan.undo.u.push({ id: ex.id, before });
        plan.updated++;
        const merged = { ...ex, ...data } as ContactRecord;
        if (conversationTitle(merged) !== conversationTitle(ex)) plan.renamed.push(merged);
        plan.report.push([r.row, r.raw, res.phone, 'updated', '', ex.id, warns.join('|')]);
      } else {
        const id = newRecordId();
        const name = d.name ?? fullName(d.first_name, d.last_name);
        // empty values are left out: the columns' defaults apply, and the request stays small
        plan.writes.create('contacts', {
          id,
          wa_number: numberId,
          phone: res.phone,
          wa_id: res.phone.slice(1),
          phone_valid: res.valid,
          country: res.country,
          ...d,
          ...(name ? { name } : {}),
          ...(Object.keys(res.fields).length ? { fields: res.fields } : {}),
          ...(p.list ? { lists: [p.list] } : {}),
          ...(p.tag ? { tags: [p.tag] } : {}),
          import_job: jobId,
          ...(p.opt_in
            ? {
                opted_in_at: now,
                marketing_allowed: marketing,
                consent_method: 'import',
                consent_source: p.opt_in.source,
              }
            : {}),
        });
        if (p.opt_in) optIn(id, false);
        plan.undo.c.push(id);
        plan.created++;
        plan.report.push([r.row, r.raw, res.phone, 'created', '', id, warns.join('|')]);
      }
    }
    return plan;
  }

  private async commit(undo: Awaited<ReturnType<typeof open>>, plan: Plan): Promise<void> {
    if (!plan.writes.size) return;
    await undo.appendFile(`${JSON.stringify(plan.undo)}\n`);
    await undo.sync();
    await plan.writes.send(this.ctx.pb);
  }

  async compensate(job: JobRecord, dir: string): Promise<void> {
    const file = join(dir, 'undo.jsonl');
    if (!existsSync(file)) return;
    const { pb } = this.ctx;
    const created = new Set<string>();
    const before = new Map<string, Record<string, unknown>>();
    const extra: Array<[BulkCollection, string]> = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let e: Undo;
      try {
        e = JSON.parse(line) as Undo;
      } catch {
        continue; // a line cut by the crash: its batch never ran
      }
      for (const id of e.c) created.add(id);
      for (const u of e.u) if (!before.has(u.id)) before.set(u.id, u.before);
      extra.push(...(e.x ?? []));
    }
    for (const collection of ['contact_consents', 'contact_events'] as const) {
      await inSlicesOfPresent(
        pb,
        collection,
        extra.filter(([c]) => c === collection).map(([, id]) => id),
        async (present) => {
          const batch = pb.createBatch();
          for (const id of present) batch.collection(collection).delete(id);
          await batch.send();
        },
      );
    }
    const ids = [...created];
    await inSlicesOfPresent(pb, 'contacts', ids, async (present) => {
      // A customer may have written to a new contact meanwhile: deleting it would delete the chat too.
      const chats = new Set(
        (
          await pb
            .collection('conversations')
            .getFullList<{ contact: string }>({ filter: anyId(pb, present, 'contact'), fields: 'contact' })
        ).map((c) => c.contact),
      );
      const batch = pb.createBatch();
      for (const id of present) {
        if (chats.has(id)) batch.collection('contacts').update(id, { import_job: '' });
        else batch.collection('contacts').delete(id);
      }
      await batch.send();
    });
    await inSlicesOfPresent(pb, 'contacts', [...before.keys()], async (present) => {
      const batch = pb.createBatch();
      for (const id of present) batch.collection('contacts').update(id, before.get(id)!);
      await batch.send();
      // chat titles (and the inbox's cached contact) follow the restored names
      await this.contacts.renameChats(
        await pb.collection('contacts').getFullList<ContactRecord>({ filter: anyId(pb, present) }),
      );
    });
    this.ctx.log.info('import undone', {
      jobId: job.id,
      removed: ids.length,
      restored: before.size,
      history: extra.length,
    });
  }
}

const anyId = (pb: PocketBase, ids: string[], field = 'id') =>
  ids.map((id) => pb.filter(`${field} = {:id}`, { id })).join(' || ');

/** Calls fn with those of these ids that still exist, 100 at a time (PocketBase's filter size). */
async function inSlicesOfPresent(
  pb: PocketBase,
  collection: string,
  ids: string[],
  fn: (present: string[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) {
    const present = (
      await pb
        .collection(collection)
        .getFullList<{ id: string }>({ filter: anyId(pb, ids.slice(i, i + 100)), fields: 'id' })
    ).map((r) => r.id);
    if (present.length) await fn(present);
  }
}
