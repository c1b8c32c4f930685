import { describe, expect, it } from 'vitest';
import { inDoNotDisturb, recipients, type PushUser } from './push-policy.ts';

const u = (id: string, role: PushUser['role'], extra: Partial<PushUser> = {}): PushUser => ({
  id,
  role,
  active: true,
  see_unassigned: false,
  ...extra,
});
const team = [
  u('admin', 'admin'),
  u('mgr', 'manager'),
  u('op1', 'operator'),
  u('op2', 'operator', { see_unassigned: true }),
  u('view', 'viewer'),
];
const ctx = (extra: Partial<Parameters<typeof recipients>[1]> = {}) => ({
  users: team,
  focused: new Set<string>(),
  now: new Date('2026-11-21T10:00:00Z'),
  defaultTimezone: 'Europe/Rome',
  ...extra,
});

describe('recipients', () => {
  it('an unassigned chat notifies everyone who may see and act on unassigned chats', () => {
    expect(recipients({ kind: 'inbound', conversationId: 'c', assignee: '' }, ctx()).sort()).toEqual([
      'admin',
      'mgr',
      'op2',
    ]);
  });
  it('an assigned chat notifies only its assignee', () => {
    expect(recipients({ kind: 'inbound', conversationId: 'c', assignee: 'op1' }, ctx())).toEqual(['op1']);
  });
  it('reassignment notifies the new assignee, not someone taking it for themselves', () => {
    expect(recipients({ kind: 'assigned', conversationId: 'c', assignee: 'op1', assignedBy: 'mgr' }, ctx())).toEqual([
      'op1',
    ]);
    expect(recipients({ kind: 'assigned', conversationId: 'c', assignee: 'op1', assignedBy: 'op1' }, ctx())).toEqual(
      [],
    );
  });
  it('mentions notify the mentioned, never the author', () => {
    expect(
      recipients({ kind: 'mention', conversationId: 'c', mentioned: ['op1', 'mgr'], author: 'mgr' }, ctx()),
    ).toEqual(['op1']);
  });
  it('skips the user who has the chat open and focused', () => {
    expect(
      recipients({ kind: 'inbound', conversationId: 'c', assignee: 'op1' }, ctx({ focused: new Set(['op1']) })),
    ).toEqual([]);
  });
  it('skips muted and deactivated users', () => {
    const users = [u('op1', 'operator', { notify_muted: true }), u('op2', 'operator', { active: false })];
    expect(recipients({ kind: 'inbound', conversationId: 'c', assignee: 'op1' }, ctx({ users }))).toEqual([]);
    expect(recipients({ kind: 'inbound', conversationId: 'c', assignee: 'op2' }, ctx({ users }))).toEqual([]);
  });
});

describe('do-not-disturb', () => {
  it('respects the user time zone and wraps midnight', () => {
    const night = u('x', 'operator', { dnd_from: '22:00', dnd_to: '07:00', timezone: 'Europe/Rome' });
    expect(inDoNotDisturb(night, new Date('2026-11-21T22:30:00Z'), 'UTC')).toBe(true); // 23:30 in Rome
    expect(inDoNotDisturb(night, new Date('2026-11-21T05:30:00Z'), 'UTC')).toBe(true); // 06:30
    expect(inDoNotDisturb(night, new Date('2026-11-21T06:30:00Z'), 'UTC')).toBe(false); // 07:30
    const lunch = u('y', 'operator', { dnd_from: '13:00', dnd_to: '14:00' });
    expect(inDoNotDisturb(lunch, new Date('2026-07-01T11:30:00Z'), 'Europe/Rome')).toBe(true); // 13:30 CEST
    expect(inDoNotDisturb(u('z', 'operator'), new Date(), 'UTC')).toBe(false);
  });
});
