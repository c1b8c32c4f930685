/**
 * Automations in the store: definitions (cached, with every version a run may still be on), runs and
 * the step log. Ids of runs and log rows are derived from what caused them (an event, a run and a step),
 * so doing the same thing twice — a replayed event, a step retried after a crash — writes nothing twice.
 */
import { createHash } from 'node:crypto';
import type { PocketBase } from '../../lib/pb.ts';
import type { DefinitionT } from './automation.schema.ts';
import { updateRecord } from '../../lib/record-update.ts';

export interface AutomationRecord {
  id: string;
  name: string;
  state: 'draft' | 'active' | 'paused';
  trigger_type: string;
  phrase: string;
  definition: DefinitionT;
  version: number;
  paused_reason: string;
  created_by: string;
  created: string;
  updated: string;
}

export type RunState = 'running' | 'waiting' | 'held' | 'completed' | 'exited';

export interface RunRecord {
  id: string;
  automation: string;
  version: number;
  contact: string;
  conversation: string;
  state: RunState;
  open_key: string;
  step: string;
  step_at: number;
  trigger: Record<string, unknown> | null;
  message: string;
  /** "the customer's next message fills this field": messages after the outbox event `since` (a seq) */
  capture: { field: string; since: number } | null;
  exit_reason: string;
  started_at: number;
  ended_at: number;
}

export interface LogRow {
  id: string;
  automation: string;
  run: string;
  contact: string;
  version: number;
  step: string;
  action: string;
  outcome: 'done' | 'skipped' | 'failed' | 'branch' | 'wait';
  detail: string;
  message: string;
  replied_at: number;
  at: number;
}

/** A 15-character record id derived from its parts (PocketBase ids are [a-z0-9]{15}). */
export function derivedId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 15; i++) out += alphabet[h[i]! % 36];
  return out;
}

export const isUnique = (err: unknown): boolean => {
  const e = err as { status?: number; response?: { data?: Record<string, { code?: string }> } };
  if (e.status !== 400 && e.status !== 409) return false;
  const data = e.response?.data ?? {};
  return Object.values(data).some((v) => v?.code === 'validation_not_unique');
};

const CACHE_MS = 2_000;

/** What ending a run writes: it frees the contact's place in the automation. */
export function endPatch(state: 'completed' | 'exited', at: number, reason = ''): Partial<RunRecord> {
  // a completed run still waiting to put the customer's next message in a field keeps waiting
  return { state, open_key: '', ended_at: at, exit_reason: reason, ...(state === 'exited' ? { capture: null } : {}) };
}

export class AutomationStore {
  private active: { at: number; rows: Promise<AutomationRecord[]> } | undefined;
  private readonly versions = new Map<string, Promise<DefinitionT | undefined>>();

  constructor(private readonly pb: PocketBase) {}

  /** Active automations (cached briefly; the service drops the cache on every change it makes). */
  activeAutomations(): Promise<AutomationRecord[]> {
    if (!this.active || Date.now() - this.active.at > CACHE_MS) {
      const rows = this.pb
        .collection('automations')
        .getFullList<AutomationRecord>({ filter: "state = 'active'", sort: 'created', requestKey: null });
      this.active = { at: Date.now(), rows };
      rows.catch(() => {
        this.active = undefined;
      });
    }
    return this.active.rows;
  }

  changed(): void {
    this.active = undefined;
    this.any = undefined;
    this.recent.clear();
  }

  private readonly recent = new Map<string, { at: number; row: Promise<AutomationRecord | undefined> }>();

  /**
   * An automation as the runner sees it: read at most every couple of seconds (every step of a list's
   * 10,000 runs asks). The service drops these on each change it makes, so a pause holds the next step.
   */
  cached(id: string): Promise<AutomationRecord | undefined> {
    const hit = this.recent.get(id);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.row;
    const row = this.get(id);
    row.catch(() => this.recent.delete(id));
    if (this.recent.size > 500) this.recent.clear();
    this.recent.set(id, { at: Date.now(), row });
    return row;
  }

  private any: { at: number; yes: Promise<boolean> } | undefined;

  /** Whether any automation exists (cached briefly): without one, inbound messages cost automations nothing. */
  anyAutomation(): Promise<boolean> {
    if (!this.any || Date.now() - this.any.at > CACHE_MS) {
      const yes = this.pb
        .collection('automations')
        .getList(1, 1, { fields: 'id', skipTotal: true, requestKey: null })
        .then((r) => r.items.length > 0);
      this.any = { at: Date.now(), yes };
      yes.catch(() => {
        this.any = undefined;
      });
    }
    return this.any.yes;
  }

  get(id: string): Promise<AutomationRecord | undefined> {
    return this.pb
      .collection('automations')
      .getOne<AutomationRecord>(id, { requestKey: null })
      .catch((err) => {
        if ((err as { status?: number }).status === 404) return undefined;
        throw err;
      });
  }

  /** The definition a run is on (versions never change once written). */
  version(automation: string, version: number): Promise<DefinitionT | undefined> {
    const key = `${automation}:${version}`;
    let p = this.versions.get(key);
    if (!p) {
      p = this.pb
        .collection('automation_versions')
        .getList<{ definition: DefinitionT }>(1, 1, {
          filter: this.pb.filter('automation = {:a} && version = {:v}', { a: automation, v: version }),
          requestKey: null,
        })
        .then((r) => r.items[0]?.definition);
      p.catch(() => this.versions.delete(key));
      this.versions.set(key, p);
    }
    return p;
  }

  run(id: string): Promise<RunRecord | undefined> {
    return this.pb
      .collection('automation_runs')
      .getOne<RunRecord>(id, { requestKey: null })
      .catch((err) => {
        if ((err as { status?: number }).status === 404) return undefined;
        throw err;
      });
  }

  updateRun(id: string, patch: Partial<RunRecord>): Promise<RunRecord> {
    return updateRecord<RunRecord>(this.pb, 'automation_runs', id, patch, { requestKey: null });
  }

  /** Ends a run: it frees the contact's place in the automation. */
  endRun(id: string, state: 'completed' | 'exited', at: number, reason = ''): Promise<RunRecord> {
    return this.updateRun(id, endPatch(state, at, reason));
  }

  /** A contact's open runs and those that ended lately (a field may still wait for their next message). */
  recentRuns(contact: string, since: number): Promise<RunRecord[]> {
    return this.pb.collection('automation_runs').getFullList<RunRecord>({
      filter: this.pb.filter("contact = {:c} && (open_key != '' || ended_at >= {:s})", { c: contact, s: since }),
      requestKey: null,
    });
  }

  /** Open runs of a contact (all automations, or one). */
  openRuns(contact: string, automation?: string): Promise<RunRecord[]> {
    return this.pb.collection('automation_runs').getFullList<RunRecord>({
      filter: this.pb.filter(
        `contact = {:c} && open_key != ''${automation ? ' && automation = {:a}' : ''}`,
        automation ? { c: contact, a: automation } : { c: contact },
      ),
      requestKey: null,
    });
  }

  logExists(id: string): Promise<boolean> {
    return this.pb
      .collection('automation_logs')
      .getOne(id, { fields: 'id', requestKey: null })
      .then(() => true)
      .catch((err) => {
        if ((err as { status?: number }).status === 404) return false;
        throw err;
      });
  }

  /** Writes a log row once (its id is derived; a second write of the same row is a no-op). */
  async log(row: LogRow): Promise<void> {
    try {
      await this.pb.collection('automation_logs').create(row, { requestKey: null });
    } catch (err) {
      if (!isUnique(err)) throw err;
    }
  }
}
