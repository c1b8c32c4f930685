/**
 * What Meta's refusals of a send say about the customer, kept on the contact so later sends (campaigns
 * above all) do not hammer them:
 * - 131049 (per-user marketing limit: "not delivered to maintain healthy ecosystem engagement") →
 *   `contacts.marketing_refused_at`; Meta asks for 24 h before the next marketing template.
 * - 131026 (undeliverable: not on WhatsApp, old client, terms not accepted) → `contacts.undeliverable_at`.
 * (131050, the customer stopped marketing messages, is a consent change: modules/contacts/consent.ts
 * records the opt-out with its consent.changed event.)
 *
 * A consumer of `message.status`, so the refusal counts whether Meta answered the send request with it or
 * a `failed` status webhook brought it later, and a crash in between loses nothing. Idempotent: a mark
 * already at that time is not written again. Each write commits its `contact.updated` event.
 */
import type { AppContext } from '../../lib/context.ts';
import { isNotFound } from '../../lib/pb.ts';
import { parsePbDate, pbDate, type ContactRecord } from '../../lib/records.ts';
import type { Consumer } from '../events/consumers.ts';
import { addToBatch, newEvent, systemActor, type StoredEvent } from '../events/domain-events.ts';

export const META_MARKETING_REFUSED = 131049;
export const META_UNDELIVERABLE = 131026;

const FIELD_BY_CODE: Record<number, 'marketing_refused_at' | 'undeliverable_at'> = {
  [META_MARKETING_REFUSED]: 'marketing_refused_at',
  [META_UNDELIVERABLE]: 'undeliverable_at',
};

export class MetaRefusals implements Consumer {
  readonly name = 'meta_refusals';
  readonly names = ['message.status'] as const;

  constructor(private readonly ctx: Pick<AppContext, 'pb' | 'writer' | 'log'>) {}

  async handle(e: StoredEvent): Promise<void> {
    const d = e.data as StoredEvent<'message.status'>['data'];
    const field = d.status === 'failed' && d.errorCode ? FIELD_BY_CODE[d.errorCode] : undefined;
    if (!field || !e.conversation) return;
    const conv = await this.ctx.writer.conversation(e.conversation);
    if (!conv.contact) return;
    const { pb } = this.ctx;
    let contact: Pick<ContactRecord, 'id' | 'marketing_refused_at' | 'undeliverable_at'>;
    try {
      contact = await pb.collection('contacts').getOne(conv.contact, {
        fields: 'id,marketing_refused_at,undeliverable_at',
        requestKey: null,
      });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    // a later refusal already recorded (events are handled in order; a replay must not move it back)
    if (parsePbDate(contact[field] ?? '') >= e.at) return;
    const batch = pb.createBatch();
    batch.collection('contacts').update(contact.id, { [field]: pbDate(e.at) });
    addToBatch(
      batch,
      newEvent(
        'contact.updated',
        systemActor('whatsapp'),
        { contact: contact.id, conversation: e.conversation, message: e.message },
        { fields: [field] },
      ),
    );
    await batch.send();
    this.ctx.log.info('Meta refused a send: contact marked', {
      contact: contact.id,
      field,
      code: d.errorCode,
      message: e.message,
    });
  }
}
