/**
 * Every role × every action, written out by hand (not derived from RULES), so a change to the table
 * must be a deliberate change here too. Letters: a = admin, m = manager, o = operator,
 * u = operator allowed to see unassigned chats, v = viewer, k = API key (scopes below), s = system.
 */
import { describe, expect, it } from 'vitest';
import { ACTIONS, may, userMay, type Action, type Principal, type Resource } from './permissions.ts';

const admin = { id: 'admin0000000001', role: 'admin' as const };
const manager = { id: 'manager00000001', role: 'manager' as const };
const operator = { id: 'operator0000001', role: 'operator' as const, see_unassigned: false };
const operatorU = { id: 'operator0000002', role: 'operator' as const, see_unassigned: true };
const viewer = { id: 'viewer000000001', role: 'viewer' as const };
const KEY_SCOPES = [
  'message.*',
  'conversation.read',
  'contact.read',
  'contact.write',
  'template.read',
  'backups.*',
  'users.manage',
  'quick_reply.write',
];

const P: Record<string, Principal> = {
  a: { kind: 'user', user: admin },
  m: { kind: 'user', user: manager },
  o: { kind: 'user', user: operator },
  u: { kind: 'user', user: operatorU },
  v: { kind: 'user', user: viewer },
  k: { kind: 'apiKey', id: 'key1', scopes: KEY_SCOPES },
  s: { kind: 'system', name: 'out_of_hours' },
};

/** who may do each action with no resource at hand (role level) */
const EXPECTED: Record<Action, string> = {
  'conversation.read': 'amouvks',
  'conversation.reply': 'amous',
  'conversation.note': 'amous',
  'conversation.close': 'amous',
  'conversation.assign': 'amous',
  'conversation.assign_others': 'ams',
  'conversation.mark_read': 'amous',
  'conversation.be_assigned': 'amous',
  'message.send': 'amouks',
  'message.retry': 'amouks',
  'media.upload': 'amous',
  'presence.typing': 'amous',
  'contact.read': 'amouvks',
  'contact.create': 'ams',
  'contact.write': 'amouks',
  'contact.delete': 'amous',
  'contact.consent': 'amous',
  'contact.bulk': 'amous',
  'contact.bulk_large': 'ams',
  'contact.bulk_delete': 'ams',
  'contact.import': 'ams',
  'contact.export': 'ams',
  'contact.taxonomy': 'ams',
  'contact.fields': 'ams',
  'contact_view.share': 'ams',
  'contact_view.write': 'amouvs',
  'contact_view.write_any': 'as',
  'jobs.cancel': 'amous',
  'template.read': 'amouvks',
  'template.write': 'ams',
  'quick_reply.write': 'amouks',
  'quick_reply.write_any': 'ams',
  'settings.read': 'ams',
  'settings.write': 'as',
  'business_hours.read': 'amouvs',
  'business_hours.write': 'as',
  'users.read': 'amouvs',
  'users.manage': 'as',
  'numbers.read': 'amouvs',
  'numbers.write': 'as',
  'numbers.throughput': 'as',
  'numbers.setup': 'as',
  'backups.read': 'as',
  'backups.write': 'as',
  'campaign.read': 'ams',
  'campaign.write': 'ams',
  'campaign.rates': 'as',
  'automation.read': 'ams',
  'automation.write': 'ams',
  'analytics.read': 'ams',
  'analytics.own': 'amous',
  'alerts.read': 'ams',
  'numbers.refresh': 'ams',
  'dead_letters.read': 'as',
  'dead_letters.write': 'as',
};

describe('role × action', () => {
  it('the table names every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });
  for (const action of ACTIONS) {
    it(action, () => {
      const got = Object.entries(P)
        .filter(([, p]) => may(p, action))
        .map(([k]) => k)
        .join('');
      expect(got).toBe(EXPECTED[action]);
    });
  }
  it('nobody signed in may do nothing', () => {
    for (const a of ACTIONS) expect(may(undefined, a)).toBe(false);
  });
});

const chat = (assignee: string, target?: string | null): Resource => ({
  kind: 'conversation',
  assignee,
  ...(target !== undefined ? { target } : {}),
});

describe('chats: an operator’s own, others’, unassigned', () => {
  // [action, resource, who may]
  const cases: Array<[Action, Resource, string, string]> = [
    ['conversation.read', chat(operator.id), 'own chat (o)', 'amovks'],
    ['conversation.read', chat(operatorU.id), 'own chat (u)', 'amuvks'],
    ['conversation.read', chat(manager.id), 'someone else’s', 'amvks'],
    ['conversation.read', chat(''), 'unassigned', 'amuvks'],
    ['conversation.reply', chat(operator.id), 'own chat (o)', 'amos'],
    ['conversation.reply', chat(manager.id), 'someone else’s', 'ams'],
    ['conversation.reply', chat(''), 'unassigned', 'amus'],
    ['conversation.note', chat(''), 'unassigned', 'amus'],
    ['conversation.close', chat(manager.id), 'someone else’s', 'ams'],
    // taking a chat: operators only for themselves, only chats they can see
    ['conversation.assign', chat('', operatorU.id), 'unassigned → self (u)', 'amus'],
    ['conversation.assign', chat('', operator.id), 'unassigned → self (o, cannot see it)', 'ams'],
    ['conversation.assign', chat('', manager.id), 'unassigned → someone else', 'ams'],
    ['conversation.assign', chat(operator.id, ''), 'hand back own (o)', 'amos'],
    ['conversation.assign', chat(operator.id, manager.id), 'own → someone else', 'ams'],
    ['conversation.assign', chat(manager.id, operatorU.id), 'someone else’s → self', 'ams'],
  ];
  for (const [action, res, label, expected] of cases) {
    it(`${action}: ${label}`, () => {
      const got = Object.entries(P)
        .filter(([, p]) => may(p, action, res))
        .map(([k]) => k)
        .join('');
      expect(got).toBe(expected);
    });
  }
});

describe('owned things: quick replies and views', () => {
  const cases: Array<[Action, string, string]> = [
    ['quick_reply.write', operator.id, 'amos'],
    ['quick_reply.write', admin.id, 'ams'],
    ['quick_reply.write', viewer.id, 'ams'],
    ['contact_view.write', viewer.id, 'avs'],
    ['contact_view.write', operator.id, 'aos'],
    ['contact_view.write', manager.id, 'ams'],
  ];
  for (const [action, owner, expected] of cases) {
    it(`${action} owned by ${owner}`, () => {
      const got = Object.entries(P)
        .filter(([, p]) => may(p, action, { kind: 'owned', owner }))
        .map(([k]) => k)
        .join('');
      expect(got).toBe(expected);
    });
  }
});

describe('API keys', () => {
  it('scopes grant exact actions, a domain with .*, or everything with *', () => {
    const key = (scopes: string[]): Principal => ({ kind: 'apiKey', id: 'k', scopes });
    expect(may(key(['message.send']), 'message.send')).toBe(true);
    expect(may(key(['message.send']), 'message.retry')).toBe(false);
    expect(may(key(['contact.*']), 'contact.export')).toBe(true);
    expect(may(key(['contact.*']), 'contact_view.share')).toBe(false);
    expect(may(key(['*']), 'numbers.write')).toBe(true);
  });
  it('never administer people or backups, nor pretend to type, whatever the scopes', () => {
    const all: Principal = { kind: 'apiKey', id: 'k', scopes: ['*'] };
    for (const a of ['users.manage', 'backups.read', 'backups.write', 'presence.typing'] as Action[])
      expect(may(all, a)).toBe(false);
  });
  it('see every chat their scope covers (they are not one operator)', () => {
    expect(may(P.k, 'conversation.read', chat(operator.id))).toBe(true);
  });
});

it('userMay is the web’s shorthand, false for nobody', () => {
  expect(userMay(viewer, 'message.send')).toBe(false);
  expect(userMay(operator, 'message.send')).toBe(true);
  expect(userMay(null, 'conversation.read')).toBe(false);
});
