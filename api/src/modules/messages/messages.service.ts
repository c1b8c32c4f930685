/**
 * Sending a message: find or open the chat, check the role and the 24-hour window before anything
 * reaches Meta, store the message as queued (the UI shows it at once), and hand it to the queue.
 */
import { userActor } from '../../engine/events/domain-events.ts';
import type { AppContext } from '../../lib/context.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import { createUserClient, isNotFound } from '../../lib/pb.ts';
import { parsePbDate, type ContactRecord, type ConversationRecord, type MessageRecord, type UserRecord, type WaNumberRecord } from '../../lib/records.ts';
import { isFreeForm, type OutboundMessage } from '../channels/whatsapp/outbound.schema.ts';
import { windowState } from '../inbox/status-rules.ts';
import { bodyFromRecord } from './outbound-queue.ts';
import { prepareTemplateSend } from '../templates/template-send.ts';
import type { MediaService } from './media.service.ts';
import { isBsuid, replyAddress } from '../channels/whatsapp/recipient.ts';

const MEDIA_LABEL: Record<string, string> = { image: '📷 Photo', video: '🎥 Video', audio: '🎵 Audio', sticker: 'Sticker', document: '📄 Document' };

export function outboundPreview(msg: OutboundMessage): string {
  const part = (msg as Record<string, unknown>)[msg.type] as Record<string, any> | undefined;
  let text = '';
  switch (msg.type) {
    case 'text': text = String(part?.body ?? ''); break;
    case 'template': text = `📋 ${String(part?.name ?? 'Template')}`; break;
    case 'interactive': text = String(part?.body?.text ?? 'Interactive message'); break;
    case 'reaction': text = part?.emoji ? `Reacted ${String(part.emoji)}` : 'Removed a reaction'; break;
    case 'location': text = `📍 ${String(part?.name ?? 'Location')}`; break;
    case 'contacts': text = '👤 Contact'; break;
    default: text = String(part?.caption || (msg.type === 'document' && part?.filename) || MEDIA_LABEL[msg.type] || msg.type);
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** Errors where sending the same thing again cannot help (the customer or the template must change first). */
const NOT_RETRYABLE = new Set([131026, 131047, 131050, 131051, 131052, 131053, 131031, 130497, 368, 132000, 132001, 132005, 132007, 132012, 132015, 132016, 132018, 190]);

export class MessagesService {
  constructor(private readonly ctx: AppContext, private readonly media?: MediaService) {}

  /** The given number, else the first real (Meta) number, else the first one (the sandbox's). */
  async defaultNumber(phoneNumberId?: string): Promise<WaNumberRecord> {
    const { pb } = this.ctx;
    const list = await pb.collection('wa_numbers').getList<WaNumberRecord>(1, 50, {
      filter: phoneNumberId ? pb.filter('phone_number_id = {:p}', { p: phoneNumberId }) : '',
      sort: 'created',
    });
    const n = list.items.find((x) => x.mode !== 'sandbox') ?? list.items[0];
    if (!n) throw new AppError('unknown_number', 422, phoneNumberId ? `No WhatsApp number with id ${phoneNumberId}` : 'No WhatsApp number is configured');
    return n;
  }

  /** The chat with this customer, checked against the caller's visibility; created if the business writes first. */
  private async conversationFor(user: UserRecord, token: string, number: WaNumberRecord, waId: string, userId = ''): Promise<ConversationRecord> {
    const { pb, writer } = this.ctx;
    // Meta: `to` (phone) wins over `recipient` (BSUID) when both are given.
    const contact = await pb.collection('contacts').getList<ContactRecord>(1, 1, {
      filter: waId ? pb.filter('wa_number = {:n} && wa_id = {:w}', { n: number.id, w: waId }) : pb.filter('wa_number = {:n} && user_id = {:u}', { n: number.id, u: userId }),
    });
    const existing = contact.items[0]
      ? (await pb.collection('conversations').getList<ConversationRecord>(1, 1, { filter: pb.filter('contact = {:c}', { c: contact.items[0].id }) })).items[0]
      : undefined;
    if (existing) {
      try {
        await createUserClient(this.ctx.pbProcess.url, token).collection('conversations').getOne(existing.id, { fields: 'id' });
      } catch (err) {
        if (isNotFound(err)) throw forbidden('This chat is assigned to someone else');
        throw err;
      }
      return writer.conversation(existing.id);
    }
    // A BSUID is only ever learnt from the customer's own message, so a chat with it already exists.
    if (!waId) throw new AppError('unknown_recipient', 422, `No customer with business-scoped user id ${userId} on this number`);
    const conv = await writer.ensureConversation(number, waId, userActor(user.id));
    // An operator starting a chat owns it, otherwise they could not see their own message.
    return user.role === 'operator' ? writer.updateConversation(conv.id, { assignee: user.id, assigned_by: user.id }, userActor(user.id)) : conv;
  }

  /** A reply inside a chat goes out from that chat's number, whatever the default is. */
  private async numberOfChat(token: string, conversationId: string, waId: string, bsuid?: string): Promise<WaNumberRecord> {
    let conv: ConversationRecord;
    try {
      conv = await createUserClient(this.ctx.pbProcess.url, token).collection('conversations').getOne<ConversationRecord>(conversationId);
    } catch (err) {
      if (isNotFound(err)) throw new AppError('not_found', 404, 'Conversation not found');
      throw err;
    }
    const isCustomer = (waId !== '' && conv.contact_phone.replace(/\D/g, '') === waId) || (!!bsuid && conv.contact_user_id === bsuid);
    if (!isCustomer) throw new AppError('validation_failed', 422, 'to: is not the customer of conversation_id', [{ path: 'to', message: 'not the customer of this chat' }]);
    return this.ctx.pb.collection('wa_numbers').getOne<WaNumberRecord>(conv.wa_number);
  }

  async send(user: UserRecord, token: string, msg: OutboundMessage, opts: { clientId?: string | undefined; phoneNumberId?: string | undefined }): Promise<{ message: MessageRecord; created: boolean }> {
    if (user.role === 'viewer') throw forbidden('Viewers cannot send messages');
    const to = msg.to?.trim() ?? '';
    const toIsBsuid = isBsuid(to);
    const waId = toIsBsuid ? '' : to.replace(/[^\d]/g, '');
    const bsuid = toIsBsuid ? to : msg.recipient?.trim();
    const number = msg.conversation_id ? await this.numberOfChat(token, msg.conversation_id, waId, bsuid) : await this.defaultNumber(opts.phoneNumberId);
    const conv = await this.conversationFor(user, token, number, waId, bsuid);
    const part = (msg as Record<string, unknown>)[msg.type] as Record<string, unknown>;

    if (isFreeForm(msg)) {
      const w = windowState(parsePbDate(conv.last_inbound_at));
      if (!w.open) {
        throw new AppError('template_required', 422, 'The 24-hour window is closed: the customer has not written in the last 24 hours, so only an approved template can be sent.', {
          last_inbound_at: conv.last_inbound_at || null,
        });
      }
    } else {
      // language per recipient, paused/disabled refused with Meta's reason, components from the mapping
      const contact = conv.contact ? await this.ctx.pb.collection('contacts').getOne<ContactRecord>(conv.contact).catch(() => undefined) : undefined;
      await prepareTemplateSend(this.ctx, number, contact, part);
    }

    const replyTo = (msg.context as { message_id?: string } | undefined)?.message_id;
    const res = await this.ctx.writer.createOutbound({
      conversationId: conv.id, type: msg.type, payload: part, preview: outboundPreview(msg), clientId: opts.clientId ?? '',
      senderId: user.id, ...(replyTo ? { replyTo } : {}),
    });
    const mediaId = typeof part.id === 'string' ? part.id : undefined;
    if (res.created && mediaId) await this.media?.attachTo(res.message.id, mediaId).catch((err) => this.ctx.log.warn('could not attach sent media', { err: String(err) }));
    if (res.created) {
      this.ctx.outbound.enqueue({ messageId: res.message.id, phoneNumberId: number.phone_number_id, body: bodyFromRecord(res.message, replyAddress(conv)) });
    }
    return res;
  }

  async retry(user: UserRecord, m: MessageRecord): Promise<MessageRecord> {
    if (user.role === 'viewer') throw forbidden('Viewers cannot send messages');
    if (m.direction !== 'out' || m.type === 'note' || m.status !== 'failed') throw new AppError('not_retryable', 422, 'Only failed outgoing messages can be sent again');
    const conv = await this.ctx.writer.conversation(m.conversation);
    if (m.type !== 'template' && !windowState(parsePbDate(conv.last_inbound_at)).open) {
      throw new AppError('template_required', 422, 'The 24-hour window is closed: send an approved template instead.');
    }
    if (NOT_RETRYABLE.has(m.error_code)) throw new AppError('not_retryable', 422, `Sending again will fail the same way: ${m.error_title || `error ${m.error_code}`}`);
    const number = await this.ctx.pb.collection('wa_numbers').getOne<WaNumberRecord>(conv.wa_number);
    const requeued = await this.ctx.writer.requeue(m.id);
    this.ctx.outbound.enqueue({ messageId: m.id, phoneNumberId: number.phone_number_id, body: bodyFromRecord(requeued, replyAddress(conv)), attempt: requeued.attempts });
    return requeued;
  }
}
