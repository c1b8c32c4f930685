/** The one send path's vocabulary: who sends what to whom, why, and the facts the checks judge. */
import type { AppError } from '../../lib/errors.ts';
import type { ContactRecord, ConversationRecord, TemplateRecord, WaNumberRecord } from '../../lib/records.ts';
import type { Principal } from '../policy/permissions.ts';

/**
 * Why a message is sent. Interactive purposes (a person answering, the system confirming something the
 * customer just did) go before bulk ones (campaigns, automations) in the queue, and the consent rules
 * differ: bulk sends respect an opt-out whatever they send, an operator's utility template does not.
 */
export const PURPOSES = ['reply', 'template', 'system', 'consent', 'out_of_hours', 'automation', 'campaign'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const isBulk = (p: Purpose | string | undefined): boolean => p === 'campaign' || p === 'automation';

/** A chat; a contact (its chat, or a new one); or a customer on a number (by phone/wa_id or BSUID). */
export type SendTarget =
  | {
      conversationId: string /** when the caller names the customer too, it must be this chat's */;
      recipient?: { waId?: string; bsuid?: string };
    }
  | { contactId: string }
  | { numberId: string; waId?: string; bsuid?: string };

/** Meta's message body without the addressing: `{ type, [type]: {...}, context? }`. */
export interface SendBody {
  type: string;
  context?: { message_id?: string } | undefined;
  [part: string]: unknown;
}

export interface EnqueueInput {
  principal: Principal;
  to: SendTarget;
  body: SendBody;
  /** idempotency: the same client id never creates a second message */
  clientId?: string | undefined;
  purpose: Purpose;
}

/** Everything a check may look at, loaded once before the checks run. */
export interface SendFacts {
  principal: Principal;
  purpose: Purpose;
  type: string;
  /** for templates: the name and language asked for, and the stored template (null when there is none) */
  templateRef?: { name: string; language: string };
  template?: TemplateRecord | null;
  conversation: Pick<ConversationRecord, 'last_inbound_at'>;
  contact: Pick<ContactRecord, 'blocked' | 'opted_out_at' | 'marketing_allowed'> | null;
  number: Pick<WaNumberRecord, 'id' | 'phone_number_id' | 'waba_id'>;
  /** who receives it, as Meta counts customers: the wa_id (phone digits), else the business-scoped user id */
  recipient?: string;
  now: number;
}

/**
 * Something a check set aside for this send (a messaging-limit place): written on the message row with
 * `fields`, tied to the stored message by `commit`, given back by `release` when the send is not stored.
 */
export interface SendHold {
  fields: Record<string, unknown>;
  commit(messageId: string): void;
  release(): void;
}

export type CheckResult = { ok: true; hold?: SendHold } | { ok: false; error: AppError };
export const OK: CheckResult = { ok: true };

/** One rule a send must pass. Pure over the facts (a budget may ask its own store). */
export interface SendCheck {
  name: string;
  run(f: SendFacts): CheckResult | Promise<CheckResult>;
}
