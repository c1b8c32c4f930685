/**
 * The one send path. Every message Spunta sends — an operator's reply in the UI, the API, a consent
 * confirmation, an out-of-hours reply, an automation step, a campaign — goes through `enqueue`: the
 * principal's permission, the target resolved to a chat (opened if the business writes first), the
 * send checks (checks/index.ts), one batched write of the queued message and the chat's preview, then
 * the outbound queue (throughput, retries, reconciliation by biz_opaque_callback_data).
 *
 * Store cost: the reads below run outside the inbox writer's queue (which inbound webhooks share) and,
 * where independent, at the same time; inside it a send costs one save-batch to store and, later, one
 * update when the request leaves and one read + one save-batch when Meta accepts it
 * (tests/integration/send-roundtrips.test.ts measures it).
 */
import type { AppContext } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { coalescedRowsBy, type RowsBy } from '../../lib/coalesced-reads.ts';
import { isNotFound } from '../../lib/pb.ts';
import type {
  ContactRecord,
  ConversationRecord,
  MessageRecord,
  TemplateRecord,
  WaNumberRecord,
} from '../../lib/records.ts';
import { systemActor, userActor, type ActorRef } from '../events/domain-events.ts';
import { replyAddress } from '../../modules/channels/whatsapp/recipient.ts';
import { bodyFromRecord } from '../../modules/messages/outbound-queue.ts';
import { assertMay, chatResource, may, type Principal } from '../policy/policy.ts';
import { defaultChecks, releaseAll, runChecks } from './checks/index.ts';
import { outboundPreview } from './preview.ts';
import { prepareTemplateSend } from '../../modules/templates/template-send.ts';
import type { StudioTemplate } from '../../modules/templates/template-model.ts';
import {
  isBulk,
  type EnqueueInput,
  type Purpose,
  type SendBody,
  type SendCheck,
  type SendFacts,
  type SendHold,
  type SendTarget,
} from './send.types.ts';

type Ctx = AppContext;

export interface OutboundServiceOptions {
  /** the send checks, in order (default: checks/index.ts) */
  checks?: SendCheck[];
  /** links an uploaded file to the message that sends it (the sender's own view of it) */
  attachMedia?: (messageId: string, mediaId: string) => Promise<void>;
  now?: () => number;
}

interface Resolved {
  /** undefined when the business writes first: the chat is opened by the same write as the message */
  conversation: ConversationRecord | undefined;
  newChat?: { number: WaNumberRecord; waId: string };
  number: WaNumberRecord;
  contact: ContactRecord | null;
  /** a user who only sees their own chats owns the chat they start */
  assignTo?: string;
}

/** Who a principal is in the domain events (automations ignore their own writes by it). */
export function actorOf(p: Principal): ActorRef {
  if (p.kind === 'user') return userActor(p.user.id);
  if (p.kind === 'apiKey') return `apikey:${p.id}`;
  return systemActor(p.name);
}

export class OutboundService {
  private readonly checks: SendCheck[];
  private readonly now: () => number;
  /** the store reads of sends made at the same moment (a campaign's page) are one query each (lib/coalesced-reads.ts) */
  private readonly contactsById: RowsBy<ContactRecord>;
  private readonly chatsByContact: RowsBy<ConversationRecord>;
  private readonly templatesByWaba = new Map<string, RowsBy<StudioTemplate>>();

  constructor(
    private readonly ctx: Ctx,
    private readonly opts: OutboundServiceOptions = {},
  ) {
    this.checks = opts.checks ?? defaultChecks();
    this.now = opts.now ?? Date.now;
    this.contactsById = coalescedRowsBy(ctx.pb, 'contacts', 'id');
    this.chatsByContact = coalescedRowsBy(ctx.pb, 'conversations', 'contact');
  }

  /** A template's rows (one per language) by name, on this WhatsApp Business Account. */
  private templateRows(wabaId: string, name: string): Promise<StudioTemplate[]> {
    let read = this.templatesByWaba.get(wabaId);
    if (!read) {
      read = coalescedRowsBy<StudioTemplate>(this.ctx.pb, 'templates', 'name', {
        extra: this.ctx.pb.filter('waba_id = {:w} && status != "DELETED"', { w: wabaId }),
      });
      this.templatesByWaba.set(wabaId, read);
    }
    return read(name);
  }

  async enqueue(input: EnqueueInput): Promise<{ message: MessageRecord; created: boolean }> {
    const { principal, purpose } = input;
    assertMay(principal, 'message.send');
    const body = normalized(input.body);
    const part = (body[body.type] ?? {}) as Record<string, unknown>;
    const target = await this.resolve(principal, input.to);
    const facts = await this.facts(principal, purpose, body.type, part, target);
    const verdict = await runChecks(this.checks, facts);
    if (!verdict.ok) throw verdict.error;

    const replyTo = body.context?.message_id;
    const holds = verdict.holds;
    let res: { message: MessageRecord; created: boolean };
    try {
      res = await this.store(target, body, part, input, holds, replyTo);
    } catch (err) {
      releaseAll(holds);
      throw err;
    }
    // the same client id again: the first send holds whatever it needed
    if (!res.created) releaseAll(holds);
    else for (const h of holds) h.commit(res.message.id);
    if (!res.created) return res;
    const mediaId = typeof part.id === 'string' ? part.id : undefined;
    if (mediaId && this.opts.attachMedia) {
      await this.opts
        .attachMedia(res.message.id, mediaId)
        .catch((err) => this.ctx.log.warn('could not attach sent media', { err: String(err) }));
    }
    const conv =
      this.ctx.writer.cache.conversationsById.get(res.message.conversation) ??
      (await this.ctx.writer.conversation(res.message.conversation));
    this.ctx.outbound.enqueue({
      messageId: res.message.id,
      phoneNumberId: target.number.phone_number_id,
      body: bodyFromRecord(res.message, replyAddress(conv)),
      bulk: isBulk(purpose),
    });
    return res;
  }

  private store(
    target: Resolved,
    body: SendBody,
    part: Record<string, unknown>,
    input: EnqueueInput,
    holds: readonly SendHold[],
    replyTo: string | undefined,
  ): Promise<{ message: MessageRecord; created: boolean }> {
    const { principal, purpose } = input;
    const extra = Object.assign({}, ...holds.map((h) => h.fields)) as Record<string, unknown>;
    return this.ctx.writer.createOutbound({
      ...(target.conversation ? { conversationId: target.conversation.id } : { newChat: target.newChat! }),
      type: body.type,
      payload: part,
      preview: outboundPreview(body),
      clientId: input.clientId ?? '',
      senderId: principal.kind === 'user' ? principal.user.id : '',
      purpose,
      ...(input.campaign ? { campaign: input.campaign } : {}),
      actor: actorOf(principal),
      ...(replyTo ? { replyTo } : {}),
      ...(target.assignTo ? { assignTo: target.assignTo } : {}),
      ...(Object.keys(extra).length ? { extra } : {}),
    });
  }

  /** A failed message sent again: the same checks as a first send (the window may have closed, the template been paused). */
  async retry(principal: Principal, m: MessageRecord, notRetryable: (code: number) => boolean): Promise<MessageRecord> {
    assertMay(principal, 'message.retry');
    if (m.direction !== 'out' || m.type === 'note' || m.status !== 'failed')
      throw new AppError('not_retryable', 422, 'Only failed outgoing messages can be sent again');
    const conv = await this.ctx.writer.conversation(m.conversation);
    const [number, contact] = await Promise.all([this.number(conv.wa_number), this.contact(conv.contact)]);
    const purpose = (m.purpose || (m.type === 'template' ? 'template' : 'reply')) as Purpose;
    const facts = await this.facts(principal, purpose, m.type, m.payload ?? {}, {
      conversation: conv,
      number,
      contact,
    });
    const verdict = await runChecks(this.checks, facts);
    if (!verdict.ok) {
      if (verdict.error.code === 'template_required')
        throw new AppError(
          'template_required',
          422,
          'The 24-hour window is closed: send an approved template instead.',
        );
      throw verdict.error;
    }
    if (notRetryable(m.error_code)) {
      releaseAll(verdict.holds);
      throw new AppError(
        'not_retryable',
        422,
        `Sending again will fail the same way: ${m.error_title || `error ${m.error_code}`}`,
      );
    }
    let requeued: MessageRecord;
    try {
      requeued = await this.ctx.writer.requeue(m.id);
    } catch (err) {
      releaseAll(verdict.holds);
      throw err;
    }
    for (const h of verdict.holds) h.commit(m.id);
    this.ctx.outbound.enqueue({
      messageId: m.id,
      phoneNumberId: number.phone_number_id,
      body: bodyFromRecord(requeued, replyAddress(conv)),
      attempt: requeued.attempts,
      bulk: isBulk(purpose),
    });
    return requeued;
  }

  // ---- the facts the checks judge -------------------------------------------------------------

  private async facts(
    principal: Principal,
    purpose: Purpose,
    type: string,
    part: Record<string, unknown>,
    t: Omit<Resolved, 'assignTo'>,
  ): Promise<SendFacts> {
    // a chat not opened yet has no window: the customer never wrote
    const conversation = t.conversation ?? { last_inbound_at: '' };
    const f: SendFacts = {
      principal,
      purpose,
      type,
      conversation,
      contact: t.contact,
      number: t.number,
      recipient: recipientKey(t),
      now: this.now(),
    };
    if (type === 'template') {
      // the templates studio completes the send for this recipient (language left out → resolved from the
      // contact; components left out → filled through the mapping) and refuses a paused or disabled template
      // with Meta's reason; the template check then judges the row it chose
      const template = await prepareTemplateSend(this.ctx, t.number, t.contact ?? undefined, part, (name) =>
        this.templateRows(t.number.waba_id, name),
      );
      f.templateRef = { name: template.name, language: template.language };
      f.template = template as unknown as TemplateRecord;
    }
    return f;
  }

  // ---- whom: a chat, a contact, or a customer on a number ----------------------------------------

  private async resolve(p: Principal, to: SendTarget): Promise<Resolved> {
    if ('conversationId' in to) return this.inChat(p, to.conversationId, to.recipient);
    if ('contactId' in to) {
      const contact = await this.contact(to.contactId);
      if (!contact) throw notFound('Contact');
      return this.toCustomer(p, await this.number(contact.wa_number), contact.wa_id, contact.user_id, contact);
    }
    return this.toCustomer(p, await this.number(to.numberId), to.waId ?? '', to.bsuid);
  }

  private async inChat(p: Principal, id: string, recipient?: { waId?: string; bsuid?: string }): Promise<Resolved> {
    let conversation: ConversationRecord;
    try {
      conversation = await this.ctx.writer.conversation(id);
    } catch (err) {
      if (isNotFound(err)) throw new AppError('not_found', 404, 'Conversation not found');
      throw err;
    }
    // a chat the caller cannot see does not exist for them (as PocketBase's rules answer it)
    if (!may(p, 'conversation.read', chatResource(conversation)))
      throw new AppError('not_found', 404, 'Conversation not found');
    if (recipient) {
      const waId = recipient.waId ?? '';
      const isCustomer =
        (waId !== '' && conversation.contact_phone.replace(/\D/g, '') === waId) ||
        (!!recipient.bsuid && conversation.contact_user_id === recipient.bsuid);
      if (!isCustomer)
        throw new AppError('validation_failed', 422, 'to: is not the customer of conversation_id', [
          { path: 'to', message: 'not the customer of this chat' },
        ]);
    }
    assertMay(p, 'conversation.reply', chatResource(conversation), 'This chat is assigned to someone else');
    const [number, contact] = await Promise.all([
      this.number(conversation.wa_number),
      this.contact(conversation.contact),
    ]);
    return { conversation, number, contact };
  }

  /** The chat with this customer, checked against the principal; opened if the business writes first. */
  private async toCustomer(
    p: Principal,
    number: WaNumberRecord,
    waId: string,
    bsuid?: string,
    known?: ContactRecord,
  ): Promise<Resolved> {
    const { pb, writer } = this.ctx;
    // Meta: `to` (phone) wins over `recipient` (BSUID) when both are given.
    const contact =
      known ??
      (
        await pb.collection('contacts').getList<ContactRecord>(1, 1, {
          filter: waId
            ? pb.filter('wa_number = {:n} && wa_id = {:w}', { n: number.id, w: waId })
            : pb.filter('wa_number = {:n} && user_id = {:u}', { n: number.id, u: bsuid ?? '' }),
          skipTotal: true,
          requestKey: null,
        })
      ).items[0] ??
      null;
    const existing = contact
      ? (writer.cache.conversationsByContact.get(contact.id) ?? (await this.chatsByContact(contact.id))[0])
      : undefined;
    if (existing) {
      const conversation = await writer.conversation(existing.id);
      assertMay(p, 'conversation.reply', chatResource(conversation), 'This chat is assigned to someone else');
      return { conversation, number, contact };
    }
    // A BSUID is only ever learnt from the customer's own message, so a chat with it already exists.
    if (!waId)
      throw new AppError(
        'unknown_recipient',
        422,
        `No customer with business-scoped user id ${bsuid ?? ''} on this number`,
      );
    // Someone who sees only their own chats (an operator) owns the chat they start, or could not see their message.
    const seesOthers = may(p, 'conversation.read', chatResource({ assignee: '\u0000someone else' }));
    return {
      conversation: undefined,
      newChat: { number, waId },
      number,
      contact,
      ...(p.kind === 'user' && !seesOthers ? { assignTo: p.user.id } : {}),
    };
  }

  private async number(id: string): Promise<WaNumberRecord> {
    const cached = this.ctx.writer.cache.numbersById.get(id);
    if (cached) return cached;
    const n = await this.ctx.pb.collection('wa_numbers').getOne<WaNumberRecord>(id, { requestKey: null });
    this.ctx.writer.cache.putNumber(n);
    return n;
  }

  /** Read fresh: blocked and consent change in the CRM, outside the writer's cache. */
  private async contact(id: string): Promise<ContactRecord | null> {
    if (!id) return null;
    return (await this.contactsById(id))[0] ?? null;
  }
}

/** The customer as Meta counts them for the messaging limit: phone digits, else the business-scoped user id. */
function recipientKey(t: Omit<Resolved, 'assignTo'>): string {
  if (t.newChat) return t.newChat.waId.replace(/\D/g, '');
  const c = t.conversation;
  const phone = (c?.contact_phone ?? '').replace(/\D/g, '') || (t.contact?.wa_id ?? '');
  return phone || c?.contact_user_id || t.contact?.user_id || '';
}

/** Meta accepts a template language as a string too; it is stored (and sent) as `{ code }`. */
function normalized(body: SendBody): SendBody {
  if (body.type !== 'template') return body;
  const part = { ...(body.template as Record<string, unknown>) };
  if (typeof part.language === 'string') part.language = { code: part.language };
  return { ...body, template: part };
}
