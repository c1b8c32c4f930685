/**
 * SSRF through push subscriptions: no role can make the server POST to an address of its own network.
 * The server here has the default allow-list (real push services only); a local "victim" service
 * counts every request that reaches it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let victim: Server;
let victimUrl = '';
let hits = 0;
const keys = {
  p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
  auth: 'tBHItJI5svbpez7KI4CCXg',
};

beforeAll(async () => {
  victim = createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(201).end();
  });
  await new Promise<void>((r) => victim.listen(0, '127.0.0.1', () => r()));
  victimUrl = `http://127.0.0.1:${(victim.address() as AddressInfo).port}`;
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
  await new Promise<void>((r) => victim.close(() => r()));
});

describe('push subscription endpoints', () => {
  it('no role can register a loopback, private or non-push-service endpoint', async () => {
    const viewer = await createUser(s, 'viewer');
    for (const endpoint of [
      `${victimUrl}/api/v1/contacts`,
      'http://127.0.0.1/x',
      'https://127.0.0.1/x',
      'https://10.0.0.5/push',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/x',
      'https://localhost/x',
      'https://internal.example.com/push',
      'https://fcm.googleapis.com.attacker.example/x',
    ]) {
      const r = await api(s, viewer.token, 'POST', '/api/v1/push/subscriptions', { endpoint, keys });
      expect(r.status, endpoint).toBe(422);
      expect(r.body.error.code).toBe('validation_failed');
      expect(r.body.error.message).toMatch(/^endpoint: /);
    }
    const ok = await api(s, viewer.token, 'POST', '/api/v1/push/subscriptions', {
      endpoint: 'https://fcm.googleapis.com/fcm/send/fake-device-token',
      keys,
    });
    expect(ok.status).toBe(201);
    expect(hits).toBe(0);
  });

  it('a stored endpoint that is not allowed is never contacted and is removed', async () => {
    const op = await createUser(s, 'operator');
    // e.g. registered before endpoints were checked
    const row = await s.ctx.pb
      .collection('push_subscriptions')
      .create({ user: op.id, endpoint: `${victimUrl}/push/legacy`, p256dh: keys.p256dh, auth: keys.auth, failures: 0 });
    await until(
      async () =>
        (await api(s, op.token, 'POST', '/api/v1/push/test')).status === 202 &&
        (
          await s.ctx.pb
            .collection('push_subscriptions')
            .getList(1, 1, { filter: s.ctx.pb.filter('id = {:id}', { id: row.id }) })
        ).totalItems === 0,
    );
    expect(hits).toBe(0);
  });
});
