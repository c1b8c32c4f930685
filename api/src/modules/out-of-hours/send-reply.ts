/**
 * How a system reply leaves: stored as an outbound message with its purpose and system actor, then
 * queued for sending — the same path an operator's message takes. The client id makes it idempotent
 * (a job run twice stores and sends it once). Kept in this one function so the coming OutboundService
 * can replace it in one place.
 */
import type { AppContext } from '../../lib/context.ts';
import type { MessageRecord, WaNumberRecord } from '../../lib/records.ts';
import type { ActorRef } from '../../engine/events/domain-events.ts';
import { bodyFromRecord } from '../messages/outbound-queue.ts';
import { replyAddress } from '../channels/whatsapp/recipient.ts';

export async function sendSystemText(
  ctx: AppContext, input: { conversationId: string; text: string; clientId: string; purpose: string; actor: ActorRef },
): Promise<{ messageId: string; created: boolean }> {
  const { writer, pb, outbound } = ctx;
  const conv = await writer.conversation(input.conversationId);
  const number = await pb.collection('wa_numbers').getOne<WaNumberRecord>(conv.wa_number);
  const res = await writer.createOutbound({
    conversationId: conv.id, type: 'text', payload: { body: input.text }, preview: input.text.slice(0, 200), clientId: input.clientId,
    senderId: '', purpose: input.purpose, actor: input.actor,
  });
  // a message stored by an earlier attempt is already queued (the queue recovers queued rows at start)
  if (res.created) outbound.enqueue({ messageId: res.message.id, phoneNumberId: number.phone_number_id, body: bodyFromRecord(res.message as MessageRecord, replyAddress(conv)) });
  return { messageId: res.message.id, created: res.created };
}
