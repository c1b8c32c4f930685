/**
 * Edits that arrive before their original (Meta does not promise order: the same delivery, or an earlier
 * one). Such an edit is first stored as a row of its own (`edit_of` = the original's wamid, ingest-changes.ts
 * asStandalone). When the original comes, the pending edits are applied to it — the original's content goes
 * into the edit history, exactly as if the edits had come after it — and the standalone rows go. The merge
 * happens in the same write plan as the original (one transaction), so a redelivery finds either the
 * standalone state or the merged one, never half; a redelivered edit is then a duplicate (its wamid is in
 * `edits[].by`).
 */
import type { WebhookUpdate } from '../channels/channel.types.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { rowsWhereAnyOf } from '../../lib/pb-any-of.ts';
import { parsePbDate, type MessageVersion } from '../../lib/records.ts';

export interface EarlyEdit {
  id: string;
  wamid: string;
  edit_of: string;
  conversation: string;
  type: string;
  payload: Record<string, unknown>;
  preview: string;
  timestamp: string;
  /** set when the edit was stored by the plan in progress: its after-commit work is skipped once merged */
  handle?: { merged: boolean };
}

export interface Merged {
  type: string;
  payload: Record<string, unknown>;
  preview: string;
  edited_at: string;
  edits: MessageVersion[];
}

/** The original with its pending edits applied in time order; every replaced version joins the history. */
export function mergeEarlyEdits(
  original: { type: string; payload: Record<string, unknown>; preview: string; timestamp: string },
  edits: readonly EarlyEdit[],
): Merged {
  const sorted = [...edits].sort(
    (a, b) => parsePbDate(a.timestamp) - parsePbDate(b.timestamp) || a.wamid.localeCompare(b.wamid),
  );
  let cur = { type: original.type, payload: original.payload, preview: original.preview, at: original.timestamp };
  const history: MessageVersion[] = [];
  for (const e of sorted) {
    history.push({ at: cur.at, by: e.wamid, type: cur.type, payload: cur.payload, preview: cur.preview });
    // as applyChange: an edit's type only replaces the original's when it says something more specific
    const type = e.type === cur.type || e.type === 'unsupported' ? cur.type : e.type;
    cur = { type, payload: e.payload, preview: e.preview, at: e.timestamp };
  }
  return { type: cur.type, payload: cur.payload, preview: cur.preview, edited_at: cur.at, edits: history };
}

/** Pending edits of the originals in one chunk: those stored earlier (loaded) and those this plan stores. */
export class EarlyEdits {
  private byOriginal = new Map<string, EarlyEdit[]>();

  /** Loads the standalone edits of every message this chunk brings (indexed queries, as few as PocketBase's filter limits allow). */
  async prefetch(pb: PocketBase, updates: WebhookUpdate[]): Promise<void> {
    this.byOriginal = new Map();
    const wamids = [
      ...new Set(
        updates
          .filter((u) => u.kind === 'message' && u.type !== 'edit' && u.type !== 'revoke' && u.type !== 'reaction')
          .map((u) => (u as { wamid: string }).wamid),
      ),
    ];
    const rows = await rowsWhereAnyOf<EarlyEdit>(pb, 'messages', 'edit_of', wamids, {
      fields: 'id,wamid,edit_of,conversation,type,payload,preview,timestamp',
    });
    for (const r of rows) this.remember(r);
  }

  remember(e: EarlyEdit): void {
    this.byOriginal.set(e.edit_of, [...(this.byOriginal.get(e.edit_of) ?? []), e]);
  }

  /** The pending edits of this original, handed over once. */
  take(originalWamid: string): EarlyEdit[] {
    const list = this.byOriginal.get(originalWamid) ?? [];
    this.byOriginal.delete(originalWamid);
    return list;
  }
}
