/**
 * Authentication on the internet: password guessing throttled per account and per client address on
 * both sign-in paths (/api and PocketBase's own through /pb), signed-out tokens dead everywhere,
 * "sign out everywhere", and a deactivated member's devices stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';
import { PushService } from '../setup/push-service.ts';

let s: TestServer;
let ps: PushService;
let admin: string;
let ip = 10;

/** A sign-in from a given client address (the server trusts one proxy: TRUST_PROXY=1). */
const apiLogin = (email: string, password: string, from: string) =>
  fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ email, password }),
  });
const pbLogin = (identity: string, password: string, from: string) =>
  fetch(`${s.url}/pb/api/collections/users/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ identity, password }),
  });
const nextIp = () => `203.0.113.${ip++}`;

beforeAll(async () => {
  ps = await new PushService().start();
  s = await startTestServer({
    env: {
      TRUST_PROXY: '1',
      LOGIN_MAX_FAILURES: '5',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '12',
      LOGIN_LOCK_MINUTES: '15',
      PUSH_SERVICE_ORIGINS: ps.url,
    },
  });
  admin = await login(s);
});
afterAll(async () => {
  await s?.stop();
  await ps?.close();
});

describe('login throttling', () => {
  it('locks an account after 5 wrong passwords, with 429 and Retry-After — even for the right password, from anywhere', async () => {
    const u = await createUser(s, 'operator');
    for (let i = 0; i < 5; i++) expect((await apiLogin(u.email, 'wrong-password', nextIp())).status).toBe(401);
    const locked = await apiLogin(u.email, u.password, nextIp());
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect((await locked.json()).error.code).toBe('rate_limited');
    // the same lock holds on PocketBase's own sign-in through /pb
    const viaPb = await pbLogin(u.email, u.password, nextIp());
    expect(viaPb.status).toBe(429);
    expect(viaPb.headers.get('retry-after')).toBeTruthy();
    // other accounts are not affected
    const other = await createUser(s, 'operator');
    expect((await apiLogin(other.email, other.password, nextIp())).status).toBe(200);
  });

  it('counts wrong passwords through /pb too', async () => {
    const u = await createUser(s, 'viewer');
    const from = nextIp();
    for (let i = 0; i < 5; i++) expect((await pbLogin(u.email, 'nope-nope-nope', from)).status).toBe(400);
    expect((await apiLogin(u.email, u.password, nextIp())).status).toBe(429);
    // and cannot be dodged with a form body the throttle would not read
    const form = await fetch(`${s.url}/pb/api/collections/users/auth-with-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextIp() },
      body: `identity=${encodeURIComponent(u.email)}&password=${encodeURIComponent(u.password)}`,
    });
    expect(form.status).toBe(415);
  });

  it('locks a client address that tries many accounts, without locking the accounts for others', async () => {
    const from = nextIp();
    for (let i = 0; i < 12; i++) await apiLogin(`nobody-${i}@test.local`, 'guess-guess', from);
    const u = await createUser(s, 'operator');
    const blocked = await apiLogin(u.email, u.password, from);
    expect(blocked.status).toBe(429);
    expect((await pbLogin(u.email, u.password, from)).status).toBe(429);
    expect((await apiLogin(u.email, u.password, nextIp())).status).toBe(200);
  });

  it('a successful sign-in clears the account count', async () => {
    const u = await createUser(s, 'operator');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect((await apiLogin(u.email, 'wrong-password', nextIp())).status).toBe(401);
      expect((await apiLogin(u.email, u.password, nextIp())).status).toBe(200);
    }
  });
});

const pbGet = (token: string, path: string) => fetch(`${s.url}/pb${path}`, { headers: { authorization: token } });
/** What PocketBase lets this token see of the team (a void token is a guest there: nothing). */
const teamSeenViaPb = async (token: string) =>
  ((await (await pbGet(token, '/api/collections/users/records')).json()) as { items?: unknown[] }).items?.length ?? 0;

describe('signing out', () => {
  it("revokes that device's token on /api and /pb (no refresh either), leaving the user's other devices signed in", async () => {
    const u = await createUser(s, 'operator');
    const phone = u.token;
    // PocketBase tokens carry no id: two sign-ins in the same second get the same token; the laptop's is later
    const laptop = await until(async () => {
      const t = await login(s, u.email, u.password);
      return t !== phone && t;
    });
    expect((await api(s, phone, 'GET', '/api/auth/me')).status).toBe(200);
    expect(await teamSeenViaPb(phone)).toBeGreaterThan(0);
    expect((await api(s, phone, 'POST', '/api/auth/logout', {})).status).toBe(200);

    expect((await api(s, phone, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await api(s, phone, 'POST', '/api/auth/refresh')).status).toBe(401);
    expect((await api(s, phone, 'GET', '/api/v1/conversations')).status).toBe(401);
    expect((await pbGet(phone, '/api/collections/users/records')).status).toBe(401);
    const pbRefresh = await fetch(`${s.url}/pb/api/collections/users/auth-refresh`, {
      method: 'POST',
      headers: { authorization: phone },
    });
    expect(pbRefresh.status).toBe(401);
    const fileToken = await fetch(`${s.url}/pb/api/files/token`, { method: 'POST', headers: { authorization: phone } });
    expect(fileToken.status).toBe(401);

    expect((await api(s, laptop, 'GET', '/api/auth/me')).status).toBe(200);
  });

  it('a revocation is stored durably (the hash only, never the token) and reloaded at start', async () => {
    const u = await createUser(s, 'viewer');
    expect((await api(s, u.token, 'POST', '/api/auth/logout')).status).toBe(200);
    const rows = await s.ctx.pb
      .collection('revoked_tokens')
      .getFullList({ filter: s.ctx.pb.filter('user = {:u}', { u: u.id }) });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain(u.token.split('.')[2]);
  });

  it('"sign out everywhere" kills every token of the user, on /api and directly on /pb', async () => {
    const u = await createUser(s, 'operator');
    const other = await login(s, u.email, u.password);
    expect((await api(s, other, 'GET', '/api/v1/conversations')).status).toBe(200); // cached as valid
    expect((await api(s, u.token, 'POST', '/api/auth/logout-everywhere')).status).toBe(200);
    for (const t of [u.token, other]) {
      expect((await api(s, t, 'GET', '/api/v1/conversations')).status).toBe(401);
      expect(await teamSeenViaPb(t)).toBe(0); // PocketBase itself no longer accepts it: a guest sees nobody
      expect(
        (
          await fetch(`${s.url}/pb/api/collections/users/auth-refresh`, {
            method: 'POST',
            headers: { authorization: t },
          })
        ).status,
      ).toBe(401);
    }
    // and signing in again works
    expect((await api(s, await login(s, u.email, u.password), 'GET', '/api/auth/me')).status).toBe(200);
  });
});

describe('deactivating a member', () => {
  it('removes their push subscriptions and voids their tokens', async () => {
    const op = await createUser(s, 'operator');
    const dev = ps.device();
    expect((await api(s, op.token, 'POST', '/api/v1/push/subscriptions', dev.subscription)).status).toBe(201);
    const subs = () =>
      s.ctx.pb.collection('push_subscriptions').getFullList({ filter: s.ctx.pb.filter('user = {:u}', { u: op.id }) });
    expect(await subs()).toHaveLength(1);
    expect((await api(s, admin, 'PATCH', `/api/v1/users/${op.id}`, { active: false })).status).toBe(200);
    expect(await subs()).toHaveLength(0);
    expect(await teamSeenViaPb(op.token)).toBe(0);
    expect((await api(s, op.token, 'GET', '/api/auth/me')).status).toBe(401);
  });
});
