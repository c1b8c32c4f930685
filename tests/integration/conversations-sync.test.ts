/**
 * What the inbox relies on to never show wrong or missing data: history pages without gaps, "what
 * changed since" for resyncs, the counts behind the tabs and badge, and the trail an assignment
 * leaves (a timeline entry for everyone who sees the chat, a notice for whoever lost sight of it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let admin: string;

async function chat(phone: string, name: string, text = 'Salve'): Promise<string> {
  await s.sandbox!.customerSend({ type: 'text', from: phone, name, text });
  const c = await until(
    async () =>
      (await s.ctx.pb.collection('conversations').getList(1, 1, { filter: `contact_phone = '+${phone}'` })).items[0],
  );
  return c.id;
}

const messagesOf = (id: string) =>
  s.ctx.pb
    .collection('messages')
    .getFullList<{ id: string; type: string; preview: string; payload: Record<string, unknown> }>({
      filter: `conversation = '${id}'`,
    });

beforeAll(async () => {
  s = await startTestServer();
  admin = await login(s);
});
afterAll(async () => {
  await s?.stop();
});

describe('history paging', () => {
  it('pages by arrival (created, id): a burst within one second starts with its latest and is never skipped', async () => {
    const phone = '393401230001';
    const second = Math.floor(Date.now() / 1000) - 60;
    const id = await chat(phone, 'Burst', 'm00');
    for (let i = 1; i <= 11; i++)
      await s.sandbox!.customerSend({
        type: 'text',
        from: phone,
        name: 'Burst',
        text: `m${String(i).padStart(2, '0')}`,
        timestamp: second,
      });
    await until(async () => (await messagesOf(id)).length === 12);
    const seen = new Set<string>();
    let page = (await api(s, admin, 'GET', `/api/v1/conversations/${id}/messages?limit=5`)).body;
    // the first page is the five that arrived last, in arrival order (all share one WhatsApp second)
    expect(page.items.map((m: { preview: string }) => m.preview)).toEqual(['m07', 'm08', 'm09', 'm10', 'm11']);
    for (const m of page.items) seen.add(m.preview);
    while (page.has_more) {
      const oldest = page.items[0];
      page = (
        await api(
          s,
          admin,
          'GET',
          `/api/v1/conversations/${id}/messages?limit=5&before_created=${encodeURIComponent(oldest.created)}&before_id=${oldest.id}`,
        )
      ).body;
      for (const m of page.items) seen.add(m.preview);
    }
    expect(seen.size).toBe(12);
  });
});

describe('resync: what changed since', () => {
  it('lists only chats (and messages) changed at or after updated_since, with the server time of the read', async () => {
    const before = await api(s, admin, 'GET', '/api/v1/conversations?perPage=1');
    const syncedAt: string = before.body.synced_at;
    expect(syncedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const id = await chat('393401230002', 'Dopo la lettura');
    const changed = await api(
      s,
      admin,
      'GET',
      `/api/v1/conversations?updated_since=${encodeURIComponent(syncedAt)}&perPage=200`,
    );
    expect(changed.status).toBe(200);
    expect(changed.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(changed.body.items.every((c: { updated: string }) => c.updated >= syncedAt)).toBe(true);

    const msgs = await api(
      s,
      admin,
      'GET',
      `/api/v1/conversations/${id}/messages?updated_since=${encodeURIComponent(syncedAt)}`,
    );
    expect(msgs.body.items.map((m: { preview: string }) => m.preview)).toEqual(['Salve']);
    expect(typeof msgs.body.synced_at).toBe('string');
    const later = await api(
      s,
      admin,
      'GET',
      `/api/v1/conversations/${id}/messages?updated_since=${encodeURIComponent(msgs.body.synced_at)}`,
    );
    expect(later.body.items).toEqual([]);
  });

  it('respects who may see what, and refuses a malformed time', async () => {
    const op = await createUser(s, 'operator');
    const since = new Date(Date.now() - 3600_000).toISOString();
    const r = await api(s, op.token, 'GET', `/api/v1/conversations?updated_since=${encodeURIComponent(since)}`);
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([]); // nothing assigned to them, no unassigned pool
    const bad = await api(s, admin, 'GET', '/api/v1/conversations?updated_since=yesterday');
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBeTruthy();
  });
});

describe('counts', () => {
  it('counts open chats per role: mine, unassigned, unread', async () => {
    const pool = await createUser(s, 'operator', { see_unassigned: true });
    const own = await createUser(s, 'operator', { see_unassigned: false });
    const a = await chat('393401230010', 'Conta A');
    await chat('393401230011', 'Conta B');
    expect((await api(s, admin, 'POST', `/api/v1/conversations/${a}/assign`, { assignee: own.id })).status).toBe(200);

    const all = await s.ctx.pb
      .collection('conversations')
      .getFullList<{ assignee: string; unread_count: number; status: string }>({ filter: "status = 'open'" });
    const forAdmin = (await api(s, admin, 'GET', '/api/v1/conversations/counts')).body;
    expect(forAdmin).toEqual({
      mine: 0,
      unassigned: all.filter((c) => !c.assignee).length,
      unread: all.filter((c) => c.unread_count > 0).length,
    });

    const forOwn = (await api(s, own.token, 'GET', '/api/v1/conversations/counts')).body;
    expect(forOwn).toEqual({ mine: 1, unassigned: 0, unread: 1 });
    const forPool = (await api(s, pool.token, 'GET', '/api/v1/conversations/counts')).body;
    expect(forPool.mine).toBe(0);
    expect(forPool.unassigned).toBe(all.filter((c) => !c.assignee).length);
    expect(forPool.unread).toBe(all.filter((c) => !c.assignee && c.unread_count > 0).length);
  });
});

describe('assignment trail', () => {
  it('writes a system timeline entry per change, never sent, not the preview, not unread', async () => {
    const mara = await createUser(s, 'manager', { name: 'Mara Manager' });
    const oscar = await createUser(s, 'operator', { name: 'Oscar Operator', see_unassigned: true });
    const phone = '393401230020';
    const id = await chat(phone, 'Traccia');
    const convBefore = await s.ctx.pb
      .collection('conversations')
      .getOne<{ last_message_preview: string; unread_count: number }>(id);

    expect(
      (await api(s, oscar.token, 'POST', `/api/v1/conversations/${id}/assign`, { assignee: oscar.id })).status,
    ).toBe(200);
    expect((await api(s, mara.token, 'POST', `/api/v1/conversations/${id}/assign`, { assignee: mara.id })).status).toBe(
      200,
    );
    expect((await api(s, mara.token, 'POST', `/api/v1/conversations/${id}/assign`, { assignee: mara.id })).status).toBe(
      200,
    ); // no change, no entry
    expect((await api(s, mara.token, 'POST', `/api/v1/conversations/${id}/assign`, { assignee: null })).status).toBe(
      200,
    );

    const events = (await messagesOf(id)).filter((m) => m.type === 'system');
    expect(
      events.map((e) => [e.payload.actor_name, e.payload.assignee_name, e.payload.previous === '' ? '' : 'x']),
    ).toEqual([
      ['Oscar Operator', 'Oscar Operator', ''],
      ['Mara Manager', 'Mara Manager', 'x'],
      ['Mara Manager', '', 'x'],
    ]);
    expect(events.every((e) => e.preview === '')).toBe(true);
    const convAfter = await s.ctx.pb
      .collection('conversations')
      .getOne<{ last_message_preview: string; unread_count: number }>(id);
    expect(convAfter.last_message_preview).toBe(convBefore.last_message_preview);
    expect(convAfter.unread_count).toBe(convBefore.unread_count);
    // the whole team reads it through the API, the customer never gets it
    const listed = await api(s, admin, 'GET', `/api/v1/conversations/${id}/messages`);
    expect(listed.body.items.filter((m: { type: string }) => m.type === 'system')).toHaveLength(3);
    const history = (await (await fetch(`${s.url}/sandbox/customer/${phone}/messages`)).json()) as {
      data: Array<{ direction: string }>;
    };
    expect(history.data.filter((i) => i.direction === 'outbound')).toEqual([]);
    // and searching the chat history does not find the entries
    const search = await api(s, admin, 'GET', `/api/v1/conversations?q=${encodeURIComponent('Mara Manager')}`);
    expect(search.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('tells each operator who lost sight of the chat where it went and who moved it', async () => {
    const mara = await createUser(s, 'manager', { name: 'Mara Two' });
    const pool = await createUser(s, 'operator', { see_unassigned: true });
    const owner = await createUser(s, 'operator', { see_unassigned: false });
    const id = await chat('393401230030', 'Presa in carico');
    const notices = (user: string) =>
      s.ctx.pb.collection('user_notices').getFullList<{ conversation: string; assignee: string; actor: string }>({
        filter: `user = '${user}' && conversation = '${id}'`,
      });

    // unassigned → someone: the unassigned pool loses it
    expect(
      (await api(s, mara.token, 'POST', `/api/v1/conversations/${id}/assign`, { assignee: owner.id })).status,
    ).toBe(200);
    expect(await notices(pool.id)).toMatchObject([{ assignee: owner.id, actor: mara.id }]);
    expect(await notices(owner.id)).toEqual([]);
    // someone → the manager: the previous owner loses it
    expect((await api(s, mara.token, 'POST', `/api/v1/conversations/${id}/assign`, { assignee: mara.id })).status).toBe(
      200,
    );
    expect(await notices(owner.id)).toMatchObject([{ assignee: mara.id, actor: mara.id }]);
    // and the operator reads their own notices only
    const own = await api(s, owner.token, 'GET', `/pb/api/collections/user_notices/records`);
    expect(own.body.items.every((n: { user: string }) => n.user === owner.id)).toBe(true);
  });
});
