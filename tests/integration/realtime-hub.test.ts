/**
 * The realtime hub (realtime/src/hub): browsers' subscriptions through /pb/api/realtime are answered in
 * Node from one superuser subscription. Its access decisions must be PocketBase's own: every user, with
 * the PWA's subscriptions, through the hub and straight to PocketBase side by side, through a workload of
 * new chats, messages, reassignments, see-unassigned changes and a deactivation — the same events each
 * (on a server whose writer saves every record through PocketBase, so PocketBase broadcasts them all).
 * With the writer's plain-SQL creates and updates (the default), PocketBase tells only the hub about them: each user
 * still gets exactly their chats' changes.
 */
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

(globalThis as { EventSource?: unknown }).EventSource = EventSource;

let s: TestServer;
let admin: string;
/** every record saved through PocketBase's pipeline: its own realtime is complete, to compare with */
let full: TestServer;

function client(base: string, token: string): PocketBase {
  const pb = new PocketBase(base);
  pb.autoCancellation(false);
  pb.authStore.save(token, null);
  return pb;
}

async function chat(s: TestServer, phone: string): Promise<string> {
  await s.sandbox!.customerSend({ type: 'text', from: phone, name: `Cliente ${phone.slice(-3)}`, text: 'Salve' });
  const c = await until(
    async () =>
      (await s.ctx.pb.collection('conversations').getList(1, 1, { filter: `contact_phone = '+${phone}'` })).items[0],
  );
  await s.idle();
  return c.id;
}

const say = async (s: TestServer, phone: string, text: string) => {
  await s.sandbox!.customerSend({ type: 'text', from: phone, name: `Cliente ${phone.slice(-3)}`, text });
  await s.idle();
};

/** what one user's PWA-like subscriptions received: "<subscription>|<action>|<collection>:<record id>" */
async function watch(pb: PocketBase, openChat: string): Promise<string[]> {
  const seen: string[] = [];
  const note = (sub: string) => (e: { action: string; record: { id: string; collectionName: string } }) =>
    seen.push(`${sub}|${e.action}|${e.record.collectionName}:${e.record.id}`);
  await pb.collection('conversations').subscribe('*', note('conversations'));
  await pb.collection('conversations').subscribe(openChat, note('conversation'));
  await pb.collection('messages').subscribe('*', note('messages'));
  await pb
    .collection('messages')
    .subscribe('*', note('open chat'), { filter: pb.filter('conversation = {:id}', { id: openChat }) });
  return seen;
}

beforeAll(async () => {
  [s, full] = await Promise.all([startTestServer(), startTestServer({ env: { WRITER_PATCH: 'false' } })]);
  admin = await login(s);
});
afterAll(async () => {
  await Promise.all([s?.stop(), full?.stop()]);
});

describe('the realtime hub', () => {
  it('delivers to every role exactly what PocketBase itself would, through reassignments and user changes', async () => {
    const s = full;
    const admin = await login(s);
    const [phoneA, phoneB, phoneU] = ['393401230001', '393401230002', '393401230003'];
    const users = {
      manager: await createUser(s, 'manager'),
      viewer: await createUser(s, 'viewer'),
      opA: await createUser(s, 'operator'),
      opB: await createUser(s, 'operator'),
      opSees: await createUser(s, 'operator', { see_unassigned: true }),
      opLater: await createUser(s, 'operator'),
      opLeaves: await createUser(s, 'operator'),
    };
    const chatA = await chat(s, phoneA);
    const chatB = await chat(s, phoneB);
    const chatU = await chat(s, phoneU);
    expect(
      (await api(s, admin, 'POST', `/api/v1/conversations/${chatA}/assign`, { assignee: users.opA.id })).status,
    ).toBe(200);
    expect(
      (await api(s, admin, 'POST', `/api/v1/conversations/${chatB}/assign`, { assignee: users.opB.id })).status,
    ).toBe(200);
    expect(
      (await api(s, admin, 'POST', `/api/v1/conversations/${chatU}/assign`, { assignee: users.opLeaves.id })).status,
    ).toBe(200);
    await s.idle();

    const pbUrl = s.ctx.pb.baseURL;
    const seen: Record<string, { hub: string[]; store: string[] }> = {};
    const clients: PocketBase[] = [];
    for (const [name, u] of Object.entries(users)) {
      const hub = client(`${s.url}/pb`, u.token);
      const store = client(pbUrl, u.token);
      clients.push(hub, store);
      const open = name === 'opB' ? chatA : chatB;
      seen[name] = { hub: await watch(hub, open), store: await watch(store, open) };
    }

    await say(s, phoneA, 'uno');
    await say(s, phoneB, 'due');
    await say(s, phoneU, 'tre');
    // B moves to opA, U becomes unassigned, A goes to opLater
    for (const [id, assignee] of [
      [chatB, users.opA.id],
      [chatU, null],
      [chatA, users.opLater.id],
    ] as const)
      expect((await api(s, admin, 'POST', `/api/v1/conversations/${id}/assign`, { assignee })).status).toBe(200);
    await s.idle();
    await say(s, phoneA, 'quattro');
    await say(s, phoneB, 'cinque');
    await say(s, phoneU, 'sei');
    // opB may now see unassigned chats; opLeaves is deactivated
    expect((await api(s, admin, 'PATCH', `/api/v1/users/${users.opB.id}`, { see_unassigned: true })).status).toBe(200);
    expect((await api(s, admin, 'PATCH', `/api/v1/users/${users.opLeaves.id}`, { active: false })).status).toBe(200);
    await s.idle();
    await say(s, phoneU, 'sette');
    await say(s, phoneB, 'otto');
    const reply = await api(s, users.opLater.token, 'POST', '/api/v1/messages', {
      to: phoneA,
      type: 'text',
      text: { body: 'Risposta' },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
    await s.idle();
    await say(s, phoneA, 'fine');

    // the manager sees everything: once both of its streams have the last message, the rest have had time too
    const last = (
      await s.ctx.pb.collection('messages').getList(1, 1, { filter: `conversation = '${chatA}'`, sort: '-created,-id' })
    ).items[0]!.id;
    for (const side of ['hub', 'store'] as const)
      await until(async () => seen.manager![side].some((x) => x.startsWith('messages|create|') && x.endsWith(last)));
    await until(async () => Object.values(seen).every((v) => v.hub.length === v.store.length), 5_000).catch(
      () => undefined,
    );

    for (const [name, v] of Object.entries(seen)) {
      expect({ name, events: [...v.hub].sort() }).toEqual({ name, events: [...v.store].sort() });
    }
    // the hub answered them (PocketBase saw only its one subscription to the hot collections)
    expect(s.hub!.stats.clients).toBeGreaterThanOrEqual(Object.keys(users).length);
    expect(s.hub!.stats.sent).toBeGreaterThanOrEqual(Object.values(seen).reduce((n, v) => n + v.hub.length, 0));
    // and the workload did separate them
    const count = (name: string) => seen[name]!.hub.filter((x) => x.startsWith('messages|')).length;
    expect(count('manager')).toBe(count('viewer'));
    expect(count('opA')).toBeGreaterThan(0);
    expect(count('opA')).toBeLessThan(count('manager'));
    expect(count('opSees')).toBeGreaterThan(0);
    expect(count('opLeaves')).toBeGreaterThan(0);
    expect(seen.opLeaves!.hub.filter((x) => x.startsWith('messages|')).length).toBeLessThan(count('opSees') + 3);
    for (const pb of clients) pb.realtime.unsubscribe();
  });

  it('with the writer updating by plain SQL, each user still gets exactly their chats’ status and chat changes', async () => {
    const opA = await createUser(s, 'operator');
    const opB = await createUser(s, 'operator');
    const [phoneA, phoneB] = ['393401230011', '393401230012'];
    const chatA = await chat(s, phoneA);
    const chatB = await chat(s, phoneB);
    await api(s, admin, 'POST', `/api/v1/conversations/${chatA}/assign`, { assignee: opA.id });
    await api(s, admin, 'POST', `/api/v1/conversations/${chatB}/assign`, { assignee: opB.id });
    await s.idle();
    type Ev = { action: string; record: { id: string; conversation?: string; status?: string } };
    const streams = {
      a: client(`${s.url}/pb`, opA.token),
      b: client(`${s.url}/pb`, opB.token),
      lead: client(`${s.url}/pb`, admin),
      aStore: client(s.ctx.pb.baseURL, opA.token),
    };
    const got: Record<string, Array<{ sub: string } & Ev>> = { a: [], b: [], lead: [], aStore: [] };
    for (const [k, pb] of Object.entries(streams)) {
      await pb.collection('messages').subscribe('*', (e: Ev) => got[k]!.push({ sub: 'messages', ...e }));
      await pb.collection('conversations').subscribe('*', (e: Ev) => got[k]!.push({ sub: 'conversations', ...e }));
    }
    const reply = await api(s, opA.token, 'POST', '/api/v1/messages', {
      to: phoneA,
      type: 'text',
      text: { body: 'Eccomi' },
    });
    expect(reply.status).toBeLessThan(300);
    await say(s, phoneB, 'per B');
    const sent = (
      await s.ctx.pb
        .collection('messages')
        .getList(1, 1, { filter: `conversation = '${chatA}' && direction = 'out'`, sort: '-created' })
    ).items[0]!;
    const statusOf = (k: string) =>
      got[k]!.filter((e) => e.sub === 'messages' && e.record.id === sent.id && e.action === 'update').map(
        (e) => e.record.status,
      );
    // the sandbox phone receives it: sent, then delivered reach the operator through the hub
    await until(async () => statusOf('a').includes('delivered'));
    await until(async () => statusOf('lead').includes('delivered'));
    await until(async () => got.b!.some((e) => e.record.id === chatB || e.record.conversation === chatB));
    await s.idle();
    const aboutA = (e: Ev) => e.record.id === chatA || e.record.conversation === chatA;
    const aboutB = (e: Ev) => e.record.id === chatB || e.record.conversation === chatB;
    expect(got.a!.some((e) => e.sub === 'conversations' && e.action === 'update' && aboutA(e))).toBe(true);
    expect(got.a!.filter(aboutB)).toEqual([]);
    expect(got.b!.filter(aboutA)).toEqual([]);
    // the reply's create came through the hub too (written by plain SQL like the updates)
    expect(got.a!.some((e) => e.sub === 'messages' && e.record.id === sent.id && e.action === 'create')).toBe(true);
    // PocketBase itself sent the writer's creates and updates to the hub alone: a direct subscriber saw none
    expect(got.aStore!.filter((e) => e.record.id === sent.id)).toEqual([]);
    for (const pb of Object.values(streams)) pb.realtime.unsubscribe();
  });

  it('makes browsers reconnect (and so resync) when its own link to the store broke', async () => {
    const pb = client(`${s.url}/pb`, admin);
    // one id per stream (the SDK may call a PB_CONNECT listener twice for one)
    const streams = new Set<string>();
    await pb.realtime.subscribe('PB_CONNECT', () => {
      streams.add(pb.realtime.clientId);
    });
    const got: string[] = [];
    await pb.collection('messages').subscribe('*', (e) => got.push(e.record.id));
    await until(async () => streams.size === 1);
    const down = new Promise((r) => s.ctx.pbProcess.once('down', r));
    s.ctx.pbProcess.kill('SIGKILL');
    await down;
    await new Promise((r) => s.ctx.pbProcess.once('up', r));
    await until(async () => streams.size === 2, 20_000);
    await until(
      async () => {
        await say(s, '393401230009', 'dopo il riavvio');
        return got.length > 0;
      },
      20_000,
      500,
    );
    pb.realtime.unsubscribe();
  });

  it('keeps its own subscription busy, so PocketBase never ends it as idle (which would reconnect every browser)', async () => {
    const before = s.hub!.stats.pings;
    const r = await s.ctx.pb.send<{ sent: number }>('/api/spunta/realtime-ping', { method: 'POST' });
    expect(r.sent).toBeGreaterThanOrEqual(1);
    await until(async () => s.hub!.stats.pings > before);
    // never reachable from a browser
    expect((await fetch(`${s.url}/pb/api/spunta/realtime-ping`, { method: 'POST' })).status).toBe(404);
  });

  it('refuses a stream unknown to it, a bad body and a change of user on one stream', async () => {
    const op = await createUser(s, 'operator');
    const r1 = await fetch(`${s.url}/pb/api/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: admin },
      body: JSON.stringify({ clientId: 'nope', subscriptions: ['messages/*'] }),
    });
    expect(r1.status).toBe(404);
    const r2 = await fetch(`${s.url}/pb/api/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: admin },
      body: JSON.stringify({ clientId: 'x', subscriptions: 'messages/*' }),
    });
    expect(r2.status).toBe(400);
    const pb = client(`${s.url}/pb`, op.token);
    await pb.collection('messages').subscribe('*', () => undefined);
    const r3 = await fetch(`${s.url}/pb/api/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: admin },
      body: JSON.stringify({ clientId: pb.realtime.clientId, subscriptions: ['messages/*'] }),
    });
    expect(r3.status).toBe(403);
    pb.realtime.unsubscribe();
  });
});
