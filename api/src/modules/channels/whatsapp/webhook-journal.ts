/**
 * Durable record of raw webhook bodies with group commit: bodies arriving together are written in one
 * PocketBase batch (one transaction, one fsync), and each POST is acknowledged only after its row exists.
 */
import type { PocketBase } from '../../../lib/pb.ts';
import { newRecordId } from '../../../lib/records.ts';
import type { RawEvent } from '../../inbox/inbox-writer.ts';

interface Pending {
  event: RawEvent;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class WebhookJournal {
  private pending: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly pb: PocketBase,
    private readonly onRecorded: (events: RawEvent[]) => void,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once the body is stored; rejects if PocketBase could not store it (the caller answers 5xx so Meta retries). */
  append(raw: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event: { id: newRecordId(), raw }, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length) {
        const group = this.pending.splice(0, this.maxBatch);
        try {
          if (group.length === 1) {
            await this.pb.collection('webhook_events').create({ ...toRow(group[0]!.event) });
          } else {
            const batch = this.pb.createBatch();
            for (const p of group) batch.collection('webhook_events').create(toRow(p.event));
            await batch.send();
          }
        } catch (err) {
          for (const p of group) p.reject(err);
          continue;
        }
        for (const p of group) p.resolve();
        this.onRecorded(group.map((p) => p.event));
      }
    } finally {
      this.flushing = false;
    }
  }
}

function toRow(e: RawEvent): Record<string, unknown> {
  return { id: e.id, channel: 'whatsapp', raw: e.raw, state: 'pending', attempts: 0 };
}
