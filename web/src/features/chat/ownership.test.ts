import { beforeAll, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/index.ts';
import { $team } from '../../stores/team.ts';
import { assignmentText, ownerLabel, readOnlyReason, type AssignmentPayload } from './ownership.ts';

const ME = 'me0000000000000';
const MARA = 'ma0000000000000';
const OSCAR = 'os0000000000000';
const ev = (actor: string, assignee: string, extra: Partial<AssignmentPayload> = {}): AssignmentPayload => ({
  event: 'assignment',
  actor,
  assignee,
  ...extra,
});

beforeAll(async () => {
  await setLocale('en');
  $team.set([
    { id: MARA, name: 'Mara', email: '', role: 'manager', active: true, see_unassigned: true },
    { id: OSCAR, name: 'Oscar', email: '', role: 'operator', active: true, see_unassigned: true },
  ] as never);
});

describe('assignment wording', () => {
  it.each([
    [ev(MARA, MARA), 'Mara assigned this chat to themselves'],
    [ev(MARA, OSCAR), 'Mara assigned this chat to Oscar'],
    [ev(MARA, ME), 'Mara assigned this chat to you'],
    [ev(MARA, ''), 'Mara unassigned this chat'],
    [ev(ME, ME), 'You assigned this chat to yourself'],
    [ev(ME, OSCAR), 'You assigned this chat to Oscar'],
    [ev(ME, ''), 'You unassigned this chat'],
    // a member no longer in the team: the name stored with the event, else "a teammate"
    [ev('gone00000000000', OSCAR, { actor_name: 'Gianni' }), 'Gianni assigned this chat to Oscar'],
    [ev('gone00000000000', ''), 'A teammate unassigned this chat'],
  ])('%o → %s', (p, text) => expect(assignmentText(p, ME)).toBe(text));

  it('names the owner in the header', () => {
    expect(ownerLabel('', ME)).toBe('Unassigned');
    expect(ownerLabel(ME, ME)).toBe('Assigned to you');
    expect(ownerLabel(MARA, ME)).toBe('Assigned to Mara');
  });
});

describe('who may write', () => {
  const op = { id: ME, role: 'operator' as const };
  const manager = { id: ME, role: 'manager' as const };
  it('an operator reads but cannot write in a chat someone else owns, or one taken away from them', () => {
    expect(readOnlyReason(op, { assignee: ME }, null)).toBeNull();
    expect(readOnlyReason(op, { assignee: '' }, null)).toBeNull();
    expect(readOnlyReason(op, { assignee: MARA }, null)).toBe('Assigned to Mara — ask to take over');
    expect(readOnlyReason(op, { assignee: '' }, { assignee: '', actor: MARA })).toBe(
      'This chat is no longer assigned to you — ask to take over',
    );
    expect(readOnlyReason(op, { assignee: MARA }, { assignee: MARA, actor: MARA })).toBe(
      'Assigned to Mara — ask to take over',
    );
  });
  it('managers and admins may always step in; viewers have their own notice', () => {
    expect(readOnlyReason(manager, { assignee: OSCAR }, null)).toBeNull();
    expect(readOnlyReason({ id: ME, role: 'viewer' }, { assignee: OSCAR }, null)).toBeNull();
  });
});
