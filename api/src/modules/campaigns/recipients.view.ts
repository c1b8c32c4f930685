/** The per-recipient results: a filtered page (JSON) or every row as CSV, read a page at a time. */
import type { PocketBase } from '../../lib/pb.ts';
import { csvLine, phoneDigits } from '../contacts/csv-out.ts';
import type { RecipientRow } from './recipient-store.ts';
import { iso } from './campaign.record.ts';

export const RECIPIENT_COLUMNS = [
  'contact_id',
  'name',
  'phone',
  'language',
  'state',
  'excluded_reason',
  'error_code',
  'error_text',
  'sent_at',
  'delivered_at',
  'read_at',
  'replied_at',
  'button',
] as const;

export function recipientView(r: RecipientRow) {
  return {
    contact_id: r.contact,
    name: r.name ?? '',
    phone: r.phone ?? '',
    language: r.language ?? '',
    state: r.state,
    excluded_reason: r.excluded_reason ?? '',
    error_code: r.error_code ?? 0,
    error_text: r.error_text ?? '',
    sent_at: iso(r.sent_at),
    delivered_at: iso(r.delivered_at),
    read_at: iso(r.read_at),
    replied_at: iso(r.replied_at),
    button: r.button ?? '',
  };
}

export interface RecipientQuery {
  state?: string | undefined;
  q?: string | undefined;
}

export function recipientFilter(pb: PocketBase, campaign: string, occurrence: number, q: RecipientQuery): string {
  let f = pb.filter('campaign = {:c} && occurrence = {:o}', { c: campaign, o: occurrence });
  if (q.state) f += pb.filter(' && state = {:s}', { s: q.state });
  if (q.q?.trim()) f += pb.filter(' && (name ~ {:q} || phone ~ {:q})', { q: q.q.trim() });
  return f;
}

export async function recipientPage(
  pb: PocketBase,
  campaign: string,
  occurrence: number,
  q: RecipientQuery & { page: number; perPage: number },
) {
  const res = await pb.collection('campaign_recipients').getList<RecipientRow>(q.page, q.perPage, {
    filter: recipientFilter(pb, campaign, occurrence, q),
    sort: 'id',
    requestKey: null,
  });
  return { items: res.items.map(recipientView), page: res.page, perPage: res.perPage, total: res.totalItems };
}

/** CSV, streamed: a keyset page of 1,000 rows at a time. */
export function recipientsCsv(pb: PocketBase, campaign: string, occurrence: number, q: RecipientQuery): ReadableStream {
  const base = recipientFilter(pb, campaign, occurrence, q);
  let after = '';
  let started = false;
  const enc = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(enc.encode(csvLine([...RECIPIENT_COLUMNS])));
      }
      const page = await pb.collection('campaign_recipients').getList<RecipientRow>(1, 1000, {
        filter: `${base}${pb.filter(' && id > {:a}', { a: after })}`,
        sort: 'id',
        skipTotal: true,
        requestKey: null,
      });
      let chunk = '';
      for (const r of page.items) {
        const v = recipientView(r);
        chunk += csvLine(RECIPIENT_COLUMNS.map((k) => (k === 'phone' ? phoneDigits(v.phone) : v[k])));
      }
      if (chunk) controller.enqueue(enc.encode(chunk));
      if (page.items.length < 1000) controller.close();
      else after = page.items[page.items.length - 1]!.id;
    },
  });
}
