import { describe, expect, it } from 'vitest';
import { type HotEvent, receives } from './hub-access.ts';
import { type HotTopic, parseTopic } from './hub-topics.ts';

const opts = (o: unknown) => `options=${encodeURIComponent(JSON.stringify(o))}`;

describe('parseTopic', () => {
  it.each([
    ['conversations/*', { collection: 'conversations', record: '*' }],
    ['messages/*', { collection: 'messages', record: '*' }],
    ['conversations/abc123', { collection: 'conversations', record: 'abc123' }],
    [`messages/*?${opts({ query: { filter: "conversation = 'abc123'" } })}`, { record: '*', conversation: 'abc123' }],
    [`messages/*?${opts({ query: { filter: 'conversation="abc123"' }, headers: {} })}`, { conversation: 'abc123' }],
    [`conversations/*?${opts({ query: {} })}`, { collection: 'conversations', record: '*' }],
  ])('serves %s in memory', (raw, want) => {
    const t = parseTopic(raw);
    expect(t).toMatchObject({ kind: 'hot', raw, ...want });
  });

  it.each([
    'user_notices/*',
    'wa_numbers/*',
    'PB_CONNECT',
    'messages',
    'messages/ABC',
    'messages/a/b',
    `messages/*?${opts({ query: { filter: "conversation = 'a' || id != ''" } })}`,
    `messages/*?${opts({ query: { filter: "conversation.assignee = 'a'" } })}`,
    `messages/*?${opts({ query: { expand: 'conversation' } })}`,
    `messages/*?${opts({ query: { fields: 'id' } })}`,
    `messages/*?${opts({ query: {}, headers: { authorization: 'x' } })}`,
    `conversations/*?${opts({ query: { filter: "assignee = ''" } })}`,
    'messages/*?options=%7Bnot json',
    `messages/*?${opts({ query: {} })}&x=1`,
  ])('passes %s to PocketBase', (raw) => {
    expect(parseTopic(raw)).toEqual({ kind: 'pass', raw });
  });
});

describe('receives', () => {
  const admin = { id: 'a', role: 'admin' as const, active: true };
  const viewer = { id: 'v', role: 'viewer' as const, active: true };
  const op = { id: 'o', role: 'operator' as const, active: true };
  const opUnassigned = { ...op, id: 'u', see_unassigned: true };
  const all = parseTopic('messages/*') as HotTopic;
  const chat1 = parseTopic(`messages/*?${opts({ query: { filter: "conversation = 'c1'" } })}`) as HotTopic;
  const msg = (conversation: string, assignee: string): HotEvent => ({
    collection: 'messages',
    action: 'create',
    record: { id: 'm', conversation },
    assignee,
  });

  it('follows the chat rule: everything for leads and viewers, own (and unassigned when allowed) for operators', () => {
    expect(receives(admin, all, msg('c1', 'x'))).toBe(true);
    expect(receives(viewer, all, msg('c1', 'x'))).toBe(true);
    expect(receives(op, all, msg('c1', 'o'))).toBe(true);
    expect(receives(op, all, msg('c1', 'x'))).toBe(false);
    expect(receives(op, all, msg('c1', ''))).toBe(false);
    expect(receives(opUnassigned, all, msg('c1', ''))).toBe(true);
    expect(receives(opUnassigned, all, msg('c1', 'x'))).toBe(false);
  });

  it('gives nothing to a guest or a deactivated user', () => {
    expect(receives(undefined, all, msg('c1', ''))).toBe(false);
    expect(receives({ ...admin, active: false }, all, msg('c1', 'a'))).toBe(false);
  });

  it('keeps to the subscription: its collection, its record, its chat', () => {
    expect(receives(admin, chat1, msg('c1', ''))).toBe(true);
    expect(receives(admin, chat1, msg('c2', ''))).toBe(false);
    const one = parseTopic('conversations/c1') as HotTopic;
    const conv = (id: string): HotEvent => ({
      collection: 'conversations',
      action: 'update',
      record: { id },
      assignee: '',
    });
    expect(receives(admin, one, conv('c1'))).toBe(true);
    expect(receives(admin, one, conv('c2'))).toBe(false);
    expect(receives(admin, all, conv('c1'))).toBe(false);
  });
});
