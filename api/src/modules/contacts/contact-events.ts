/** Timeline entries written alongside the change they describe (same PocketBase batch). */
import type { BatchService } from 'pocketbase';
import { pbDate, type ContactRecord } from '../../lib/records.ts';

export interface EventActor {
  userId?: string;
  /** 'user', 'keyword', 'whatsapp', 'import', 'bulk', … */
  kind: string;
}

export function addEvent(
  batch: BatchService,
  contact: string,
  kind: string,
  data: Record<string, unknown>,
  actor: EventActor,
  at = Date.now(),
): void {
  batch
    .collection('contact_events')
    .create({ contact, kind, data, by: actor.userId ?? '', actor: actor.kind, at: pbDate(at) });
}

const PLAIN = ['first_name', 'last_name', 'name', 'email', 'language', 'notes', 'owner'] as const;

/** Events for the difference between two versions of a contact. */
export function diffEvents(
  before: ContactRecord,
  after: Partial<ContactRecord>,
): Array<{ kind: string; data: Record<string, unknown> }> {
  const out: Array<{ kind: string; data: Record<string, unknown> }> = [];
  for (const [field, add, remove] of [
    ['tags', 'tag_added', 'tag_removed'],
    ['lists', 'list_added', 'list_removed'],
  ] as const) {
    const next = after[field];
    if (!next) continue;
    const prev = new Set(before[field] ?? []);
    const now = new Set(next);
    for (const id of now) if (!prev.has(id)) out.push({ kind: add, data: { [field === 'tags' ? 'tag' : 'list']: id } });
    for (const id of prev)
      if (!now.has(id)) out.push({ kind: remove, data: { [field === 'tags' ? 'tag' : 'list']: id } });
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const f of PLAIN) {
    const to = after[f];
    if (to !== undefined && to !== (before[f] ?? '')) changes[f] = { from: before[f] ?? '', to };
  }
  if (Object.keys(changes).length) out.push({ kind: 'updated', data: { changes } });
  if (after.fields) {
    const prev = before.fields ?? {};
    for (const key of new Set([...Object.keys(prev), ...Object.keys(after.fields)])) {
      const a = prev[key] ?? null;
      const b = after.fields[key] ?? null;
      if (a !== b) out.push({ kind: 'field_changed', data: { key, from: a, to: b } });
    }
  }
  return out;
}
