/**
 * Web push end to end on the server side: an inbound sandbox message produces a real Web Push request
 * (aes128gcm-encrypted, VAPID-signed) to a local push service, which decrypts and checks it; every
 * notification rule has its case.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';
import { PushService, type Device } from '../setup/push-service.ts';

let s: TestServer;
let ps: PushService;
let admin: string;
let n = 0;

async function subscribe(token: string): Promise<Device> {
  const d = ps.device();
  const r = await api(s, token, 'POST', '/api/v1/push/subscriptions', { ...d.subscription, device: 'test phone' });
  expect(r.status).toBe(201);
  return d;
}

async function customerWrites(phone: string, text: string, name = 'Giulia Rossi') {
  await s.sandbox!.customerSend({ type: 'text', from: phone, name, text });
  const conv = await until(
    async () =>
      (await s.ctx.pb.collection('conversations').getList(1, 1, { filter: `contact_phone = '+${phone}'` })).items[0],
  );
  await s.ctx.writer.idle();
  return conv;
}

/** Lets presence reach the fan-out (an SSE hop), then everything settle: writer, events, pushes sent. */
async function settle() {
  await new Promise((r) => setTimeout(r, 150));
  await s.idle();
}

const phone = () => `39348${String(100000 + n++).padStart(6, '0')}`;

beforeAll(async () => {
  ps = await new PushService().start();
  s = await startTestServer({ env: { PUSH_SERVICE_ORIGINS: ps.url } }); // the local push service is allowed explicitly, never by default
  admin = await login(s);
});
afterAll(async () => {
  await s?.stop();
  await ps?.close();
});
beforeEach(async () => {
  // Start each case with only the devices it registers.
  for (const r of await s.ctx.pb.collection('push_subscriptions').getFullList())
    await s.ctx.pb.collection('push_subscriptions').delete(r.id);
});

describe('the push request', () => {
  it('is encrypted for the device, VAPID-signed, and carries only what the notification shows', async () => {
    const dev = await subscribe(admin);
    const p = phone();
    const conv = await customerWrites(p, 'Buongiorno, il divano è disponibile?');
    await ps.waitFor(() => ps.for(dev.id).length > 0);
    const got = ps.for(dev.id)[0]!;
    expect(got.vapid.valid).toBe(true);
    expect(got.vapid.aud).toBe(ps.url);
    expect(got.vapid.publicKey).toBe(s.ctx.config.vapid.publicKey);
    expect(got.vapid.exp! * 1000).toBeGreaterThan(Date.now());
    expect(got.vapid.exp! * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600 * 1000);
    expect(got.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(got.headers.ttl)).toBeGreaterThan(0);
    expect(got.headers.topic).toBe(conv.id);
    expect(got.payload).toEqual({
      title: '🆕 Giulia Rossi',
      body: 'Buongiorno, il divano è disponibile?',
      conversationId: conv.id,
      tag: `conv-${conv.id}`,
      url: `/#/c/${conv.id}`,
    });
  });

  it('returns the public key the browser needs to subscribe', async () => {
    const r = await api(s, admin, 'GET', '/api/v1/push/vapid-public-key');
    expect(r.body.publicKey).toBe(s.ctx.config.vapid.publicKey);
  });
});

describe('who is notified', () => {
  it('a new chat notifies everyone allowed to see unassigned chats (not viewers, not other operators)', async () => {
    const mgr = await createUser(s, 'manager');
    const opAllowed = await createUser(s, 'operator', { see_unassigned: true });
    const opOther = await createUser(s, 'operator');
    const viewer = await createUser(s, 'viewer');
    const devs = {
      admin: await subscribe(admin),
      mgr: await subscribe(mgr.token),
      opAllowed: await subscribe(opAllowed.token),
      opOther: await subscribe(opOther.token),
      viewer: await subscribe(viewer.token),
    };
    await customerWrites(phone(), 'Ciao');
    await ps.waitFor(
      () => ps.for(devs.admin.id).length > 0 && ps.for(devs.mgr.id).length > 0 && ps.for(devs.opAllowed.id).length > 0,
    );
    await settle();
    expect(ps.for(devs.opOther.id)).toHaveLength(0);
    expect(ps.for(devs.viewer.id)).toHaveLength(0);
  });

  it('a message in an assigned chat notifies only its assignee, on every device', async () => {
    const op = await createUser(s, 'operator');
    const p = phone();
    const conv = await customerWrites(p, 'primo');
    await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/assign`, { assignee: op.id });
    const phoneDev = await subscribe(op.token);
    const laptopDev = await subscribe(op.token);
    const adminDev = await subscribe(admin);
    await customerWrites(p, 'secondo messaggio');
    await ps.waitFor(
      () => ps.for(phoneDev.id).some((r) => r.payload.body === 'secondo messaggio') && ps.for(laptopDev.id).length > 0,
    );
    await settle();
    expect(ps.for(adminDev.id)).toHaveLength(0);
  });

  it('reassignment notifies the new assignee; taking a chat yourself does not', async () => {
    const op1 = await createUser(s, 'operator', { see_unassigned: true });
    const op2 = await createUser(s, 'operator', { language: 'it' });
    const conv = await customerWrites(phone(), 'aiuto');
    await settle();
    const d1 = await subscribe(op1.token);
    const d2 = await subscribe(op2.token);
    await api(s, op1.token, 'POST', `/api/v1/conversations/${conv.id}/assign`, { assignee: op1.id });
    await settle();
    expect(ps.for(d1.id)).toHaveLength(0);
    await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/assign`, { assignee: op2.id });
    await ps.waitFor(() => ps.for(d2.id).length === 1);
    // in the assignee's own language
    expect(ps.for(d2.id)[0]!.payload.body).toBe('↪ Chat assegnata a te');
    await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/assign`, { assignee: op1.id });
    await ps.waitFor(() => ps.for(d1.id).length === 1);
    expect(ps.for(d1.id)[0]!.payload.body).toBe('↪ Chat assigned to you');
  });

  it('nothing for the chat the user has open and focused', async () => {
    const op = await createUser(s, 'operator');
    const p = phone();
    const conv = await customerWrites(p, 'uno');
    await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/assign`, { assignee: op.id });
    // the "assigned to you" push is handled (by the events consumer) before this device exists
    await settle();
    const dev = await subscribe(op.token);
    await api(s, op.token, 'POST', `/api/v1/conversations/${conv.id}/presence`, { state: 'viewing' });
    await customerWrites(p, 'due (visto)');
    await settle();
    expect(ps.for(dev.id)).toHaveLength(0);
    await api(s, op.token, 'POST', `/api/v1/conversations/${conv.id}/presence`, { state: 'idle' });
    await customerWrites(p, 'tre (non visto)');
    await ps.waitFor(() => ps.for(dev.id).length === 1);
  });

  it('nothing when muted or in do-not-disturb hours; mentions reach the mentioned, not the author', async () => {
    const op = await createUser(s, 'operator');
    const p = phone();
    const conv = await customerWrites(p, 'x');
    await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/assign`, { assignee: op.id });
    // the "assigned to you" push is handled (by the events consumer) before this device exists
    await settle();
    const dev = await subscribe(op.token);
    expect((await api(s, op.token, 'PUT', '/api/v1/push/preferences', { muted: true })).body.muted).toBe(true);
    await customerWrites(p, 'muted');
    await settle();
    expect(ps.for(dev.id)).toHaveLength(0);
    // do-not-disturb around the clock for this test: 00:00–23:59 in UTC
    await api(s, op.token, 'PUT', '/api/v1/push/preferences', {
      muted: false,
      dnd_from: '00:00',
      dnd_to: '23:59',
      timezone: 'UTC',
    });
    await customerWrites(p, 'dnd');
    await settle();
    const now = new Date();
    if (!(now.getUTCHours() === 23 && now.getUTCMinutes() === 59)) expect(ps.for(dev.id)).toHaveLength(0);
    await api(s, op.token, 'PUT', '/api/v1/push/preferences', { dnd_from: '', dnd_to: '' });
    const adminDev = await subscribe(admin);
    const me = (await api(s, admin, 'GET', '/api/auth/me')).body;
    await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/notes`, {
      text: '@op guarda tu',
      mentions: [op.id, me.id],
    });
    await ps.waitFor(() => ps.for(dev.id).some((r) => String(r.payload.title).startsWith('📝')));
    await settle();
    expect(ps.for(adminDev.id)).toHaveLength(0);
    expect((await api(s, op.token, 'PUT', '/api/v1/push/preferences', { timezone: 'Mars/Olympus' })).status).toBe(422);
  });

  it('nothing for one’s own outgoing messages', async () => {
    const p = phone();
    const conv = await customerWrites(p, 'ciao');
    await api(s, admin, 'POST', `/api/v1/conversations/${conv.id}/assign`, {
      assignee: (await api(s, admin, 'GET', '/api/auth/me')).body.id,
    });
    const dev = await subscribe(admin);
    await api(s, admin, 'POST', '/api/v1/messages', { to: p, type: 'text', text: { body: 'risposta' } });
    await until(
      async () =>
        (await s.ctx.pb.collection('messages').getList(1, 1, { filter: "preview = 'risposta' && status = 'read'" }))
          .totalItems > 0,
    );
    await settle();
    expect(ps.for(dev.id)).toHaveLength(0);
  });
});

describe('subscription lifecycle', () => {
  it('a subscription the push service reports gone (410) is removed', async () => {
    const dev = await subscribe(admin);
    ps.answer(dev.id, 410);
    await customerWrites(phone(), 'hello');
    await until(
      async () =>
        (
          await s.ctx.pb
            .collection('push_subscriptions')
            .getFullList({ filter: `endpoint = '${dev.subscription.endpoint}'` })
        ).length === 0,
    );
  });

  it('signing out with the device endpoint removes it; users only see their own devices', async () => {
    const op = await createUser(s, 'operator');
    const dev = await subscribe(op.token);
    await subscribe(admin);
    const mine = await fetch(`${s.url}/pb/api/collections/push_subscriptions/records`, {
      headers: { authorization: op.token },
    });
    const items = (await mine.json()).items as Array<Record<string, unknown>>;
    expect(items).toHaveLength(1);
    expect(items[0]).not.toHaveProperty('auth');
    const r = await api(s, op.token, 'POST', '/api/auth/logout', { pushEndpoint: dev.subscription.endpoint });
    expect(r.status).toBe(200);
    expect(
      await s.ctx.pb
        .collection('push_subscriptions')
        .getFullList({ filter: `endpoint = '${dev.subscription.endpoint}'` }),
    ).toHaveLength(0);
  });
});
