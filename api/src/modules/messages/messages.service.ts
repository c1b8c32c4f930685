/**
 * Sending from the API and the UI: a Meta-like body (`to`, `recipient`, `conversation_id`) turned into
 * a send on the one send path (engine/outbound), as the signed-in user. The checks, the write and the
 * queue live there; this file only knows the HTTP body's addressing.
 */
import { userActor } from '../../engine/events/domain-events.ts';
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import type { MessageRecord, WaNumberRecord } from '../../lib/records.ts';
import type { OutboundMessage } from '../channels/whatsapp/outbound.schema.ts';
import { isBsuid } from '../channels/whatsapp/recipient.ts';
import { assertMay, principalOf, type Actor } from '../../engine/policy/policy.ts';
import type { SendBody } from '../../engine/outbound/send.types.ts';

export { outboundPreview } from '../../engine/outbound/preview.ts';

/** Errors where sending the same thing again cannot help (the customer or the template must change first). */
const NOT_RETRYABLE = new Set([
  131026, 131047, 131050, 131051, 131052, 131053, 131031, 130497, 368, 132000, 132001, 132005, 132007, 132012, 132015,
  132016, 132018, 190,
]);

export class MessagesService {
  constructor(private readonly ctx: AppContext) {}

  /** The given number, else the first real (Meta) number, else the first one (the sandbox's). */
  async defaultNumber(phoneNumberId?: string): Promise<WaNumberRecord> {
    const { pb } = this.ctx;
    const list = await pb.collection('wa_numbers').getList<WaNumberRecord>(1, 50, {
      filter: phoneNumberId ? pb.filter('phone_number_id = {:p}', { p: phoneNumberId }) : '',
      sort: 'created',
    });
    const n = list.items.find((x) => x.mode !== 'sandbox') ?? list.items[0];
    if (!n)
      throw new AppError(
        'unknown_number',
        422,
        phoneNumberId ? `No WhatsApp number with id ${phoneNumberId}` : 'No WhatsApp number is configured',
      );
    return n;
  }

  /** `token` is no longer needed (the policy decides what the user may see, like PocketBase's rules); kept for callers. */
  /** `user`: the signed-in user, or any principal (an API key later). */
  async send(
    user: Actor,
    _token: string,
    msg: OutboundMessage,
    opts: { clientId?: string | undefined; phoneNumberId?: string | undefined },
  ): Promise<{ message: MessageRecord; created: boolean }> {
    const principal = principalOf(user);
    assertMay(principal, 'message.send');
    const to = msg.to?.trim() ?? '';
    const toIsBsuid = isBsuid(to);
    const waId = toIsBsuid ? '' : to.replace(/[^\d]/g, '');
    const bsuid = toIsBsuid ? to : msg.recipient?.trim();
    const {
      to: _to,
      recipient: _recipient,
      conversation_id: conversationId,
      ...body
    } = msg as OutboundMessage & { recipient?: string; conversation_id?: string };
    const target = conversationId
      ? { conversationId, recipient: { waId, ...(bsuid ? { bsuid } : {}) } }
      : { numberId: (await this.defaultNumber(opts.phoneNumberId)).id, waId, ...(bsuid ? { bsuid } : {}) };
    return this.ctx.send.enqueue({
      principal,
      to: target,
      body: body as SendBody,
      clientId: opts.clientId,
      purpose: msg.type === 'template' ? 'template' : 'reply',
    });
  }

  retry(user: Actor, m: MessageRecord): Promise<MessageRecord> {
    return this.ctx.send.retry(principalOf(user), m, (code) => NOT_RETRYABLE.has(code));
  }
}
