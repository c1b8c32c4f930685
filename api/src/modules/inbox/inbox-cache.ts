/**
 * In-memory views of the rows the inbox writer owns. The writer is the only process writing
 * conversations and messages, so these stay consistent with PocketBase; they are bounded and a miss
 * simply falls back to a query.
 */
import type { ContactRecord, ConversationRecord, MessageStatus, WaNumberRecord } from '../../lib/records.ts';

export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly cap: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (this.has(key)) this.delete(key);
    super.set(key, value);
    if (this.size > this.cap) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return this;
  }
}

export interface MessageRef {
  id: string;
  conversation: string;
  status: MessageStatus;
  direction: 'in' | 'out';
  reactions: Array<{ by: 'customer' | 'business'; emoji: string; at: string; userId?: string }>;
  /** status_details as stored (conversation, recipient ids), merged by later statuses */
  details?: Record<string, unknown> | null;
}

export class InboxCache {
  readonly numbersByPnid = new Map<string, WaNumberRecord>();
  readonly numbersById = new Map<string, WaNumberRecord>();
  /** `${numberId}:${waId}` → contact */
  readonly contacts = new BoundedMap<string, ContactRecord>(50_000);
  /** contact id → conversation */
  readonly conversationsByContact = new BoundedMap<string, ConversationRecord>(50_000);
  readonly conversationsById = new BoundedMap<string, ConversationRecord>(50_000);
  /** wamid → message (both directions: outbound for statuses, inbound for dedupe and reactions) */
  readonly messagesByWamid = new BoundedMap<string, MessageRef>(200_000);

  putNumber(n: WaNumberRecord): void {
    this.numbersByPnid.set(n.phone_number_id, n);
    this.numbersById.set(n.id, n);
  }

  putConversation(c: ConversationRecord): void {
    this.conversationsByContact.set(c.contact, c);
    this.conversationsById.set(c.id, c);
  }

  forgetConversation(c: { id: string; contact: string }): void {
    this.conversationsByContact.delete(c.contact);
    this.conversationsById.delete(c.id);
  }
}
