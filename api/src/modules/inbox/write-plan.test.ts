import { describe, expect, it } from 'vitest';
import type { ConversationRecord } from '../../lib/records.ts';
import { WritePlan } from './write-plan.ts';

const stored: ConversationRecord = {
  id: 'c00000000000001',
  wa_number: 'n00000000000001',
  contact: 'k00000000000001',
  assignee: 'u00000000000001',
  status: 'open',
  unread_count: 2,
  contact_name: 'Giulia',
  contact_phone: '+393331112222',
  contact_user_id: '',
  contact_username: '',
  last_message_preview: 'Ciao',
  last_message_at: '2026-12-01 10:00:00.000Z',
  last_message_direction: 'out',
  last_message_status: 'sent',
  last_message_id: 'm00000000000001',
  last_inbound_at: '',
  created: '2026-12-01 09:00:00.000Z',
  updated: '2026-12-01 10:00:00.000Z',
};

describe('WritePlan: chat updates', () => {
  it('carry only what changed against the stored chat (a tick is one field, not the whole chat)', () => {
    const plan = new WritePlan();
    plan.conversations.set(stored.id, { draft: { ...stored, last_message_status: 'delivered' }, isNew: false });
    const ops = plan.orderedOps((id) => (id === stored.id ? stored : undefined));
    expect(ops).toEqual([
      { collection: 'conversations', action: 'update', id: stored.id, data: { last_message_status: 'delivered' } },
    ]);
  });

  it('leave out a chat that did not change, and write the whole draft when the stored chat is unknown', () => {
    const plan = new WritePlan();
    plan.conversations.set(stored.id, { draft: { ...stored }, isNew: false });
    expect(plan.orderedOps(() => stored)).toEqual([]);
    const full = plan.orderedOps(() => undefined);
    expect(full).toHaveLength(1);
    expect(full[0]!.data).toMatchObject({ assignee: stored.assignee, last_message_status: 'sent' });
    expect(full[0]!.data).not.toHaveProperty('created');
  });

  it('create a new chat whole, before the messages that refer to it', () => {
    const plan = new WritePlan();
    plan.create('messages', { id: 'm00000000000002', conversation: stored.id });
    plan.conversations.set(stored.id, { draft: { ...stored }, isNew: true });
    const ops = plan.orderedOps(() => undefined);
    expect(ops.map((o) => `${o.collection}:${o.action}`)).toEqual(['conversations:create', 'messages:create']);
    expect(ops[0]!.data).toMatchObject({ contact_name: 'Giulia', unread_count: 2 });
  });
});
