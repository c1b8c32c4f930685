/**
 * Many rows of contacts, their consent history and their timeline in one PocketBase transaction,
 * through the superuser-only route in pb_hooks/bulk_write.pb.js (multi-row INSERTs and plain
 * UPDATEs). Used where the volume is large and every value has already been validated here: the
 * CSV import and bulk actions. PocketBase's per-record pipeline (/api/batch) costs about twice as
 * much per row.
 *
 * What the store cannot check for us is checked here: the ids are fresh, relations point at rows
 * the caller has just read, and values have the stored shape (dates as PocketBase dates, JSON as
 * objects, relation lists as arrays).
 */
import type { PocketBase } from '../../lib/pb.ts';

export type BulkCollection = 'contacts' | 'contact_consents' | 'contact_events';
type Row = Record<string, unknown> & { id: string };

interface Step {
  collection: BulkCollection;
  create: Row[];
  update: Array<Change & { id: string }>;
}

/** Columns to set, and one value to add to / remove from a JSON array column (tags, lists) atomically. */
export interface Change {
  set?: Record<string, unknown>;
  add?: Record<string, string>;
  remove?: Record<string, string>;
}

export class BulkWrites {
  private readonly steps = new Map<BulkCollection, Step>();

  /** Collections are written in the order they are first used (contacts before the rows that point at them). */
  private step(collection: BulkCollection): Step {
    let s = this.steps.get(collection);
    if (!s) this.steps.set(collection, (s = { collection, create: [], update: [] }));
    return s;
  }

  create(collection: BulkCollection, row: Row): void {
    this.step(collection).create.push(row);
  }

  update(collection: BulkCollection, id: string, change: Change): void {
    this.step(collection).update.push({ id, ...change });
  }

  get size(): number {
    let n = 0;
    for (const s of this.steps.values()) n += s.create.length + s.update.length;
    return n;
  }

  /** All or nothing. A unique index refusing a row rejects with a 409 that isUniqueViolation() recognises. */
  async send(pb: PocketBase): Promise<{ created: number; updated: number }> {
    if (!this.size) return { created: 0, updated: 0 };
    return pb.send('/api/spunta/bulk-write', {
      method: 'POST',
      body: { steps: [...this.steps.values()] },
      requestKey: null,
    });
  }
}
