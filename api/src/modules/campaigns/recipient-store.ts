/** The campaign_recipients rows, written and counted in bulk through pb_hooks/campaign_recipients.pb.js. */
import type { PocketBase } from '../../lib/pb.ts';
import type { RecipientState } from './campaign-rules.ts';

export interface RecipientRow {
  id: string;
  campaign: string;
  occurrence: number;
  contact: string;
  name: string;
  phone: string;
  country: string;
  language: string;
  state: RecipientState;
  excluded_reason: string;
  message: string;
  error_code: number;
  error_text: string;
  retry_at: string;
  sent_at: string;
  delivered_at: string;
  read_at: string;
  failed_at: string;
  replied_at: string;
  button: string;
}

export interface StatusItem {
  message: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: string;
  error_code?: number;
  error_text?: string;
}

export interface RawStats {
  states: Array<{ state: string; reason: string; n: number }>;
  replied: number;
  buttons: Array<{ button: string; n: number }>;
  /** recipients not yet handed to the send path (queued or waiting for the limit) */
  unsent: number;
}

export class RecipientStore {
  constructor(private readonly pb: PocketBase) {}

  private call<T>(op: string, body: unknown): Promise<T> {
    return this.pb.send(`/api/spunta/campaign-recipients/${op}`, { method: 'POST', body, requestKey: null });
  }

  /** Insert-or-ignore: a recipient already written (a page read again after a crash) stays as it is. */
  async insert(
    rows: Array<Partial<RecipientRow> & { id: string; campaign: string; contact: string }>,
  ): Promise<number> {
    if (!rows.length) return 0;
    return (await this.call<{ created: number }>('insert', { rows })).created;
  }

  async update(rows: Array<{ id: string; set: Partial<RecipientRow> }>): Promise<number> {
    if (!rows.length) return 0;
    return (await this.call<{ updated: number }>('update', { rows })).updated;
  }

  /** Moves recipients forward by their message's status; answers the campaigns touched. */
  async status(items: StatusItem[]): Promise<string[]> {
    if (!items.length) return [];
    return (await this.call<{ campaigns: string[] }>('status', { items })).campaigns;
  }

  async replied(
    items: Array<{ contact: string; at: string; since: string; until: string; button: string }>,
  ): Promise<string[]> {
    if (!items.length) return [];
    return (await this.call<{ campaigns: string[] }>('replied', { items })).campaigns;
  }

  /** The messaging limit is reached: every recipient not handed over yet waits until `retryAt`. */
  async wait(campaign: string, occurrence: number, retryAt: string): Promise<number> {
    return (await this.call<{ waiting: number }>('wait', { campaign, occurrence, retry_at: retryAt })).waiting;
  }

  /** The campaign is cancelled: who was not handed over yet is `cancelled` (never sent, counted apart). */
  async cancel(campaign: string, occurrence: number): Promise<number> {
    return (await this.call<{ cancelled: number }>('cancel', { campaign, occurrence })).cancelled;
  }

  stats(campaign: string, occurrence: number): Promise<RawStats> {
    return this.call('stats', { campaign, occurrence });
  }

  async purge(campaign: string): Promise<number> {
    return (await this.call<{ deleted: number }>('purge', { campaign })).deleted;
  }

  /** A page of recipients still to hand to the send path, in id order after `after` (one index walk, no sort). */
  async unsent(
    campaign: string,
    occurrence: number,
    now: string,
    after: string,
    size: number,
  ): Promise<RecipientRow[]> {
    return (await this.call<{ items: RecipientRow[] }>('unsent', { campaign, occurrence, now, after, size })).items;
  }
}
