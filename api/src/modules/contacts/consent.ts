/**
 * Consent from the channel: STOP / START keywords in inbound messages (opt-out / opt-in with a
 * confirmation in the customer's language) and Meta's 131050 ("the user stopped marketing messages")
 * on a send. Also keeps last_contacted_at (and, for contacts the inbox just created, the phone's
 * country and validity) with a write-behind that costs at most one write per contact every 2 seconds
 * (a convenience field: what a crash loses there is at most those 2 seconds, never a consent).
 *
 * A consumer of the durable domain events (engine/events): it reads message.received / created /
 * status from its checkpoint, so an opt-out committed just before a crash is still applied after the
 * restart. Handling is idempotent: an opt-out already recorded is not recorded again, and the
 * confirmation's client id is derived from the inbound message.
 *
 * The confirmation goes through the one send path (engine/outbound) as the system principal
 * `consent`, with the same checks as every send (the window is open: the customer just wrote; a
 * blocked contact still gets it) — sender empty, client id derived from the inbound message so a
 * replayed webhook never sends the confirmation twice.
 */
import type { AppContext } from '../../lib/context.ts';
import type { Consumer } from '../../engine/events/consumers.ts';
import type { StoredEvent } from '../../engine/events/domain-events.ts';
import { pbDate, type ContactRecord } from '../../lib/records.ts';
import { systemPrincipal } from '../../engine/policy/permissions.ts';
import type { SettingsStore } from '../settings/settings.store.ts';
import {
  CONSENT_KEYWORDS_KEY,
  DEFAULT_KEYWORDS,
  matchKeyword,
  replyLanguage,
  type ConsentKeywords,
} from './consent-keywords.ts';
import type { ContactsService } from './contacts.service.ts';
import { parsePhone } from './phone.ts';
import { updateRecord } from '../../lib/record-update.ts';

const KEYWORD_TYPES = new Set(['text', 'button', 'interactive']);
/** Meta: "This message was not delivered to maintain healthy ecosystem engagement" / user stopped marketing. */
export const META_MARKETING_OPT_OUT = 131050;
const FLUSH_EVERY_MS = 2000;

export class ConsentAutomation implements Consumer {
  readonly name = 'consent';
  readonly names = ['message.received', 'message.created', 'message.status'] as const;
  private readonly touched = new Map<string, { at: number; phone?: { valid: boolean; country: string } }>();
  private lastFlush = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly contacts: ContactsService,
    private readonly settings: SettingsStore,
  ) {}

  keywords(): Promise<ConsentKeywords> {
    return this.settings.get(CONSENT_KEYWORDS_KEY, DEFAULT_KEYWORDS);
  }

  async handle(e: StoredEvent): Promise<void> {
    if (e.name === 'message.received') {
      const d = e.data as StoredEvent<'message.received'>['data'];
      const waId = e.actor.startsWith('customer:') ? e.actor.slice('customer:'.length) : '';
      const phone = d.newConversation && /^\d{6,15}$/.test(waId) ? parsePhone(`+${waId}`) : undefined;
      if (e.contact)
        this.touch(e.contact, Date.now(), phone?.ok ? { valid: phone.valid, country: phone.country } : undefined);
      if (KEYWORD_TYPES.has(d.type) && e.contact && e.conversation && e.message)
        await this.onInbound(e.contact, e.conversation, e.message, d.preview);
    } else if (e.name === 'message.created') {
      if (e.contact) this.touch(e.contact, Date.now());
    } else if (e.name === 'message.status') {
      const d = e.data as StoredEvent<'message.status'>['data'];
      if (d.status === 'failed' && d.errorCode === META_MARKETING_OPT_OUT && e.conversation && e.message)
        await this.onMarketingRefused(e.conversation, e.message);
    }
  }

  /** Before the checkpoint moves: the last_contacted write-behind, coalesced over 2 seconds under load. */
  async afterBatch(): Promise<void> {
    if (Date.now() - this.lastFlush >= FLUSH_EVERY_MS || this.touched.size >= 2000) await this.flush();
  }

  /** Writes what the write-behind holds (shutdown, tests through server.idle()). */
  async idle(): Promise<void> {
    await this.flush();
  }

  private touch(contactId: string, at: number, phone?: { valid: boolean; country: string }): void {
    const prev = this.touched.get(contactId);
    this.touched.set(contactId, {
      at: Math.max(at, prev?.at ?? 0),
      ...((phone ?? prev?.phone) ? { phone: phone ?? prev!.phone! } : {}),
    });
  }

  /**
   * One flush at a time, and a caller waits for the one in flight: idle() must not return while the
   * consumer's own flush still has the writes it took out of `touched` on their way to the store.
   */
  private flush(): Promise<void> {
    const run = async () => {
      this.lastFlush = Date.now();
      while (this.touched.size) await this.flushSome();
    };
    const next = this.flushing.then(run, run);
    this.flushing = next.catch(() => undefined);
    return next;
  }
  private flushing: Promise<void> = Promise.resolve();

  private async flushSome(): Promise<void> {
    const items = [...this.touched.entries()].slice(0, 500);
    for (const [id] of items) this.touched.delete(id);
    const batch = this.ctx.pb.createBatch();
    for (const [id, t] of items) {
      batch.collection('contacts').update(id, {
        last_contacted_at: pbDate(t.at),
        ...(t.phone ? { phone_valid: t.phone.valid, country: t.phone.country } : {}),
      });
    }
    try {
      await batch.send();
    } catch (err) {
      // one contact deleted meanwhile fails the batch: fall back to one by one
      for (const [id, t] of items) {
        await updateRecord(this.ctx.pb, 'contacts', id, { last_contacted_at: pbDate(t.at) }).catch(() => undefined);
      }
      this.ctx.log.debug('last_contacted batch fell back to single writes', { err: String(err) });
    }
  }

  private async onInbound(contactId: string, conversationId: string, messageId: string, text: string): Promise<void> {
    const k = await this.keywords();
    const m = matchKeyword(text, k);
    if (!m) return;
    const contact = await this.ctx.pb.collection('contacts').getOne<ContactRecord>(contactId);
    const optedOut = !!contact.opted_out_at && !contact.marketing_allowed;
    if (m.kind === 'stop' && !optedOut) {
      await this.contacts.consent(
        contactId,
        { kind: 'opt_out', method: 'keyword', source: text.trim().slice(0, 200), scope: 'all' },
        { kind: 'keyword' },
      );
    } else if (m.kind === 'start' && !contact.marketing_allowed) {
      await this.contacts.consent(
        contactId,
        { kind: 'opt_in', method: 'keyword', source: text.trim().slice(0, 200), scope: 'all' },
        { kind: 'keyword' },
      );
    }
    // a contact the inbox has just created has no country yet (the write-behind fills it in)
    const country =
      contact.country ||
      (() => {
        const p = parsePhone(contact.phone);
        return p.ok ? p.country : '';
      })();
    const lang = replyLanguage(m, k, { language: contact.language, country });
    const l = k.languages[lang]!;
    await this.reply(conversationId, messageId, m.kind === 'stop' ? l.stop_reply : l.start_reply);
  }

  private async reply(conversationId: string, inboundId: string, text: string): Promise<void> {
    if (!text.trim()) return;
    await this.ctx.send.enqueue({
      principal: systemPrincipal('consent'),
      to: { conversationId },
      body: { type: 'text', text: { body: text } },
      clientId: `consent:${inboundId}`,
      purpose: 'consent',
    });
  }

  private async onMarketingRefused(conversationId: string, messageId: string): Promise<void> {
    const conv = await this.ctx.writer.conversation(conversationId);
    const contact = await this.ctx.pb.collection('contacts').getOne<ContactRecord>(conv.contact);
    if (contact.opted_out_at && !contact.marketing_allowed && contact.consent_method === 'meta_131050') return;
    await this.contacts.consent(
      contact.id,
      { kind: 'opt_out', method: 'meta_131050', source: `message ${messageId}`, scope: 'marketing' },
      { kind: 'whatsapp' },
    );
  }
}
