/**
 * The scheduler's rows, through the superuser-only routes of pb_hooks/work_items.pb.js: one request (one
 * transaction) per batch of schedules, per claim and per batch of outcomes. Nothing here decides
 * anything; the Scheduler does.
 */
import type { PocketBase } from '../../lib/pb.ts';
import type { Recurrence } from './recurrence.ts';

export interface NewRow {
  id: string;
  kind: string;
  run_at: number;
  dedupe_key: string;
  payload: unknown;
  max_attempts: number;
  recurring: Recurrence | null;
  principal: string;
}

export interface ClaimedRow {
  id: string;
  kind: string;
  run_at: number;
  attempts: number;
  max_attempts: number;
  dedupe_key: string;
  /** JSON text */
  payload: string;
  /** JSON text */
  recurring: string;
  principal: string;
  last_error: string;
}

/** `a` is the attempt that held the lease: the store finishes a row only for that attempt and owner. */
export interface Outcomes {
  done: Array<{ id: string; a: number }>;
  again: Array<{ id: string; kind?: string; a: number; run_at: number; error?: string; reset?: boolean }>;
  dead: Array<{ id: string; a: number; error: string }>;
}

export interface ClaimResult {
  items: ClaimedRow[];
  /** the earliest of the asked kinds' next pending rows and of the running rows' leases (0: none) */
  next_at: number;
  /** per asked kind, its next pending row's run_at (0: none) */
  next: Record<string, number>;
}

export class WorkStore {
  constructor(private readonly pb: PocketBase) {}

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.pb.send<T>(`/api/spunta/work/${path}`, { method: 'POST', body, requestKey: null });
  }

  /** Returns the dedupe keys that were new (or, with upsert, written). */
  async schedule(items: NewRow[], upsert = false): Promise<string[]> {
    if (!items.length) return [];
    return (await this.post<{ created: string[] }>('schedule', { items, upsert })).created;
  }

  claim(
    owner: string,
    now: number,
    kinds: Record<string, { limit: number; lease_ms: number; yield_to?: string[] }>,
  ): Promise<ClaimResult> {
    return this.post('claim', { owner, now, kinds });
  }

  finish(owner: string, now: number, o: Outcomes): Promise<{ done: number; again: number; dead: number }> {
    return this.post('finish', { owner, now, ...o });
  }

  async cancel(dedupeKeys: string[]): Promise<number> {
    if (!dedupeKeys.length) return 0;
    return (await this.post<{ cancelled: number }>('cancel', { dedupe_keys: dedupeKeys })).cancelled;
  }

  /** who holds leases on running rows */
  async leaseOwners(): Promise<string[]> {
    return (await this.post<{ owners: string[] }>('owners', {})).owners;
  }

  /** the running rows of these owners are due at the next claim, as if their leases had expired */
  async release(owners: string[]): Promise<number> {
    if (!owners.length) return 0;
    return (await this.post<{ released: number }>('release', { owners })).released;
  }

  async purge(doneBefore: number, deadBefore: number, limit = 5000): Promise<number> {
    return (await this.post<{ deleted: number }>('purge', { done_before: doneBefore, dead_before: deadBefore, limit }))
      .deleted;
  }
}
