/**
 * Role isolation enforced by the server for /api, /pb REST and realtime alike, and the /pb proxy's
 * allow-list (no dashboard, no superuser auth, no secrets).
 */
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

(globalThis as { EventSource?: unknown }).EventSource = EventSource;

let s: TestServer;
let admin: string;
let opA: Awaited<ReturnType<typeof createUser>>;
let opB: Awaited<ReturnType<typeof createUser>>;
let viewer: Awaited<ReturnType<typeof createUser>>;
let convA: string;
let convB: string;

async function chat(phone: string, name: string): Promise<string> {
  await s.sandbox!.customerSend({ type: 'text', from: phone, name, text: 'Salve' });
  const c = await until(
    async () =>
      (await s.ctx.pb.collection('conversations').getList(1, 1, { filter: `contact_phone = '+${phone}'` })).items[0],
  );
  return c.id;
}

function pbAs(token: string): PocketBase {
  const pb = new PocketBase(`${s.url}/pb`);
  pb.autoCancellation(false);
  pb.authStore.save(token, null);
  return pb;
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await login(s);
  opA = await createUser(s, 'operator');
  opB = await createUser(s, 'operator');
  viewer = await createUser(s, 'viewer');
  convA = await chat('393401110001', 'Cliente A');
  convB = await chat('393401110002', 'Cliente B');
  expect((await api(s, admin, 'POST', `/api/v1/conversations/${convA}/assign`, { assignee: opA.id })).status).toBe(200);
  expect((await api(s, admin, 'POST', `/api/v1/conversations/${convB}/assign`, { assignee: opB.id })).status).toBe(200);
});
afterAll(async () => {
  await s?.stop();
});

describe('through /api', () => {
  it('an operator lists only their own chats', async () => {
    const r = await api(s, opA.token, 'GET', '/api/v1/conversations');
    expect(r.status).toBe(200);
    expect(r.body.items.map((c: { id: string }) => c.id)).toEqual([convA]);
  });

  it('an operator cannot read, assign or write in another operator’s chat', async () => {
    expect((await api(s, opA.token, 'GET', `/api/v1/conversations/${convB}`)).status).toBe(404);
    expect((await api(s, opA.token, 'GET', `/api/v1/conversations/${convB}/messages`)).status).toBe(404);
    expect(
      (await api(s, opA.token, 'POST', `/api/v1/conversations/${convB}/assign`, { assignee: opA.id })).status,
    ).toBe(404);
    const send = await api(s, opA.token, 'POST', '/api/v1/messages', {
      to: '393401110002',
      type: 'text',
      text: { body: 'hi' },
    });
    expect(send.status).toBe(403);
  });

  it('managers and admins see all chats; viewers read but cannot send or assign', async () => {
    const mgr = await createUser(s, 'manager');
    const all = await api(s, mgr.token, 'GET', '/api/v1/conversations');
    expect(all.body.items.map((c: { id: string }) => c.id).sort()).toEqual([convA, convB].sort());
    expect((await api(s, viewer.token, 'GET', `/api/v1/conversations/${convB}/messages`)).status).toBe(200);
    expect(
      (
        await api(s, viewer.token, 'POST', '/api/v1/messages', {
          to: '393401110002',
          type: 'text',
          text: { body: 'x' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await api(s, viewer.token, 'POST', `/api/v1/conversations/${convB}/assign`, { assignee: null })).status,
    ).toBe(403);
  });

  it('an operator may take an unassigned chat only when allowed to see unassigned chats', async () => {
    const convC = await chat('393401110003', 'Cliente C');
    expect((await api(s, opA.token, 'GET', `/api/v1/conversations/${convC}`)).status).toBe(404);
    const opC = await createUser(s, 'operator', { see_unassigned: true });
    expect(
      (await api(s, opC.token, 'GET', `/api/v1/conversations?assignee=unassigned`)).body.items.map(
        (c: { id: string }) => c.id,
      ),
    ).toContain(convC);
    expect(
      (await api(s, opC.token, 'POST', `/api/v1/conversations/${convC}/assign`, { assignee: opA.id })).status,
    ).toBe(403);
    expect(
      (await api(s, opC.token, 'POST', `/api/v1/conversations/${convC}/assign`, { assignee: opC.id })).status,
    ).toBe(200);
  });

  it('requires a valid bearer token', async () => {
    expect((await fetch(`${s.url}/api/v1/conversations`)).status).toBe(401);
    const r = await api(s, 'not-a-token', 'GET', '/api/v1/conversations');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
  });
});

describe('through /pb REST', () => {
  it('applies the same rules to records read directly from PocketBase', async () => {
    const pb = pbAs(opA.token);
    const convs = await pb.collection('conversations').getFullList();
    expect(convs.map((c) => c.id)).toEqual([convA]);
    await expect(pb.collection('conversations').getOne(convB)).rejects.toMatchObject({ status: 404 });
    const msgs = await pb.collection('messages').getFullList();
    expect(msgs.every((m) => m.conversation === convA)).toBe(true);
    expect(msgs.length).toBeGreaterThan(0);
    await expect(
      pb.collection('messages').create({ conversation: convA, direction: 'out', type: 'text', status: 'queued' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(pb.collection('conversations').update(convB, { assignee: opA.id })).rejects.toMatchObject({
      status: 403,
    });
    expect((await s.ctx.pb.collection('conversations').getOne(convB)).assignee).toBe(opB.id);
  });

  it('never exposes secrets, superuser auth, settings or the dashboard', async () => {
    const numbers = await pbAs(admin).collection('wa_numbers').getFullList();
    expect(numbers.length).toBe(1);
    expect(numbers[0]).not.toHaveProperty('access_token');
    expect(JSON.stringify(numbers)).not.toContain(s.ctx.config.whatsapp.accessToken);
    for (const path of [
      '/pb/_/',
      '/pb/api/settings',
      '/pb/api/collections/_superusers/auth-with-password',
      '/pb/api/collections',
      '/pb/api/collections/webhook_events/records',
    ]) {
      const r = await fetch(`${s.url}${path}`, { headers: { authorization: admin } });
      expect([401, 403, 404]).toContain(r.status);
      if (r.status === 200) throw new Error(`${path} reachable`);
    }
    const events = await fetch(`${s.url}/pb/api/collections/webhook_events/records`, {
      headers: { authorization: admin },
    });
    expect(events.status === 403 || events.status === 404 || (await events.json()).items?.length === 0).toBe(true);
  });

  it('keeps the bulk-write route of pb_hooks to the server: not proxied, and superuser-only on PocketBase itself', async () => {
    const body = JSON.stringify({ steps: [{ collection: 'contacts', update: [{ id: 'x', set: { blocked: true } }] }] });
    const viaProxy = await fetch(`${s.url}/pb/api/spunta/bulk-write`, {
      method: 'POST',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body,
    });
    expect(viaProxy.status).toBe(404);
    const direct = await fetch(`${s.ctx.pbProcess.url}/api/spunta/bulk-write`, {
      method: 'POST',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body,
    });
    expect([401, 403]).toContain(direct.status);
    // and even the server cannot use it on other collections
    await expect(
      s.ctx.pb.send('/api/spunta/bulk-write', {
        method: 'POST',
        body: { steps: [{ collection: 'users', create: [{ id: 'abcdefghijklmno', email: 'x@y.z' }] }] },
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe('through realtime', () => {
  it('an operator subscribed to all messages receives only their own chats’ events', async () => {
    const a = pbAs(opA.token);
    const b = pbAs(opB.token);
    const seenA: string[] = [];
    const seenB: string[] = [];
    await a.collection('messages').subscribe('*', (e) => seenA.push(e.record.conversation as string));
    await b.collection('messages').subscribe('*', (e) => seenB.push(e.record.conversation as string));
    await a.collection('conversations').subscribe('*', (e) => seenA.push(e.record.id));
    await s.sandbox!.customerSend({ type: 'text', from: '393401110002', name: 'Cliente B', text: 'messaggio per B' });
    await s.sandbox!.customerSend({ type: 'text', from: '393401110001', name: 'Cliente A', text: 'messaggio per A' });
    await until(async () => seenB.includes(convB) && seenA.includes(convA));
    await new Promise((r) => setTimeout(r, 300));
    expect(seenA.every((id) => id === convA)).toBe(true);
    expect(seenB.every((id) => id === convB)).toBe(true);
    a.realtime.unsubscribe();
    b.realtime.unsubscribe();
  });
});

describe('reassignment away', () => {
  it('tells the previous assignee through a private notice (realtime no longer reaches them)', async () => {
    const op = await createUser(s, 'operator');
    const conv = await chat('393401110099', 'Cliente Z');
    await api(s, admin, 'POST', `/api/v1/conversations/${conv}/assign`, { assignee: op.id });
    const pb = pbAs(op.token);
    const notices: Array<{ kind: string; conversation: string }> = [];
    await pb
      .collection('user_notices')
      .subscribe('*', (e) => notices.push(e.record as unknown as { kind: string; conversation: string }));
    await api(s, admin, 'POST', `/api/v1/conversations/${conv}/assign`, { assignee: opA.id });
    await until(async () => notices.length > 0);
    expect(notices[0]).toMatchObject({ kind: 'unassigned', conversation: conv });
    // only for them
    expect((await pbAs(opB.token).collection('user_notices').getFullList()).length).toBe(0);
    pb.realtime.unsubscribe();
  });
});
