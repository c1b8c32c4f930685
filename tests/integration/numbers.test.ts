/**
 * Several WhatsApp numbers: connecting one from the app (checked against the sandbox as Meta), secrets
 * that never leave the server, webhooks of a second app routed and verified with that app's secret,
 * replies from the chat's own number, the environment's number read-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_TEST_NUMBER } from '../../api/src/config.ts';
import type { ConversationRecord, MessageRecord } from '../../api/src/lib/records.ts';
import { signPayload } from '../../api/src/modules/channels/whatsapp/signature.ts';
import { api, createUser, login, postWebhook, startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let token: string;
const VERIFY = 'my-verify-token-2';
const second = () => s.ctx.config.sandboxTestNumbers[0]!;
const connectBody = (extra: Record<string, unknown> = {}) => ({
  phone_number_id: second().phoneNumberId,
  waba_id: second().wabaId,
  access_token: second().accessToken,
  app_secret: second().appSecret,
  verify_token: VERIFY,
  mode: 'sandbox',
  ...extra,
});
const numbers = async () => (await api(s, token, 'GET', '/api/v1/wa-numbers')).body.items as Array<Record<string, any>>;

beforeAll(async () => {
  s = await startTestServer();
  token = await login(s);
});
afterAll(async () => {
  await s?.stop();
});

describe("the admin's getting-started checklist", () => {
  const done = async (t = token) =>
    Object.fromEntries(
      ((await api(s, t, 'GET', '/api/v1/setup/checklist')).body.steps as Array<{ key: string; done: boolean }>).map(
        (x) => [x.key, x.done],
      ),
    );

  it('reads each step from real data, and remembers a dismissal per admin', async () => {
    expect(await done()).toEqual({
      whatsapp: false,
      team: false,
      contacts: false,
      template: false,
      notifications: false,
    });
    const operator = await createUser(s, 'operator');
    await s.sandbox!.customerSend({ type: 'text', from: '393471230000', name: 'Primo', text: 'ciao' });
    await until(async () => (await done()).contacts);
    // the sandbox's demo templates and numbers are not the team's: still to do
    expect(await done()).toEqual({
      whatsapp: false,
      team: true,
      contacts: true,
      template: false,
      notifications: false,
    });
    expect((await api(s, operator.token, 'GET', '/api/v1/setup/checklist')).status).toBe(403);
    expect((await api(s, token, 'PUT', '/api/v1/setup/checklist', { dismissed: true })).body.dismissed).toBe(true);
    expect((await api(s, token, 'GET', '/api/v1/setup/checklist')).body.dismissed).toBe(true);
    expect((await api(s, token, 'PUT', '/api/v1/setup/checklist', { dismissed: 'yes' })).status).toBe(422);
    expect((await api(s, token, 'PUT', '/api/v1/setup/checklist', { dismissed: false })).body.dismissed).toBe(false);
  });
});

describe('connecting a number from the app', () => {
  it("refuses a bad token with Meta's reason, and saves nothing", async () => {
    const r = await api(s, token, 'POST', '/api/v1/wa-numbers', connectBody({ access_token: 'EAAGbogus' }));
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_token');
    expect(r.body.error.message).toContain('Invalid OAuth access token - Cannot parse access token');
    expect(r.body.error.details).toMatchObject({ meta_code: 190 });
    expect(await numbers()).toHaveLength(1);
  });

  it('refuses a token of another app (no access to the number) and a wrong app secret', async () => {
    const shared = await api(
      s,
      token,
      'POST',
      '/api/v1/wa-numbers',
      connectBody({ access_token: s.ctx.config.whatsapp.accessToken, app_secret: s.ctx.config.whatsapp.appSecret }),
    );
    expect(shared.status).toBe(422);
    expect(shared.body.error.code).toBe('number_not_found');
    const secret = await api(s, token, 'POST', '/api/v1/wa-numbers', connectBody({ app_secret: 'a'.repeat(48) }));
    expect(secret.status).toBe(422);
    expect(secret.body.error.code).toBe('invalid_app_secret');
    const waba = await api(
      s,
      token,
      'POST',
      '/api/v1/wa-numbers',
      connectBody({ waba_id: s.ctx.config.whatsapp.wabaId }),
    );
    expect(waba.status).toBe(422);
    expect(waba.body.error.code).toBe('waba_mismatch');
    const bad = await api(s, token, 'POST', '/api/v1/wa-numbers', {
      ...connectBody(),
      phone_number_id: '12ab',
      access_token: 'with space',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(await numbers()).toHaveLength(1);
  });

  it('only admins connect numbers', async () => {
    const manager = await createUser(s, 'manager');
    const r = await api(s, manager.token, 'POST', '/api/v1/wa-numbers', connectBody());
    expect(r.status).toBe(403);
    const list = await api(s, manager.token, 'GET', '/api/v1/wa-numbers');
    expect(list.body.items[0].secrets).toBeUndefined();
  });

  it('connects with valid credentials: Meta\'s name and number are stored, secrets shown only as "set"', async () => {
    const r = await api(s, token, 'POST', '/api/v1/wa-numbers', connectBody());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      phone_number_id: SANDBOX_TEST_NUMBER.phoneNumberId,
      display_phone_number: SANDBOX_TEST_NUMBER.displayPhoneNumber,
      verified_name: SANDBOX_TEST_NUMBER.verifiedName,
      quality_rating: 'GREEN',
      mode: 'sandbox',
      origin: 'app',
      read_only: false,
      secrets: { access_token: 'set', app_secret: 'set', verify_token: 'set' },
    });
    const again = await api(s, token, 'POST', '/api/v1/wa-numbers', connectBody());
    expect(again.status).toBe(409);
    // its templates are synced with its own token
    await until(
      async () =>
        (
          await s.ctx.pb
            .collection('templates')
            .getList(1, 1, { filter: s.ctx.pb.filter('waba_id = {:w}', { w: second().wabaId }) })
        ).totalItems > 0,
    );
  });

  it('never returns a secret: not from the API, not from PocketBase read as an admin', async () => {
    const secrets = [
      second().accessToken,
      second().appSecret,
      VERIFY,
      s.ctx.config.whatsapp.accessToken,
      s.ctx.config.whatsapp.appSecret,
      s.ctx.config.whatsapp.verifyToken,
    ];
    const bodies = [
      JSON.stringify(await numbers()),
      JSON.stringify((await api(s, token, 'GET', '/api/v1/wa-numbers/webhook')).body),
      JSON.stringify((await api(s, token, 'GET', '/pb/api/collections/wa_numbers/records?fields=*')).body),
      JSON.stringify((await api(s, token, 'GET', '/pb/api/collections/wa_numbers/records')).body),
    ];
    const id = (await numbers()).find((n) => n.origin === 'app')!.id;
    bodies.push(
      JSON.stringify(
        (
          await api(
            s,
            token,
            'GET',
            `/pb/api/collections/wa_numbers/records/${id}?fields=access_token,app_secret,verify_token`,
          )
        ).body,
      ),
    );
    expect(bodies[2]).toContain(second().phoneNumberId);
    for (const b of bodies) for (const secret of secrets) expect(b).not.toContain(secret);
  });

  it("gives the webhook URL to paste into Meta, and answers Meta's handshake with the new verify token", async () => {
    const w = await api(s, token, 'GET', '/api/v1/wa-numbers/webhook');
    expect(w.body).toMatchObject({ url: `${s.url}/webhooks/whatsapp`, from_public_url: false, sandbox: true });
    expect(w.body.fields).toContain('messages');
    const ok = await fetch(
      `${s.url}/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1234&hub.verify_token=${VERIFY}`,
    );
    expect([ok.status, await ok.text()]).toEqual([200, '1234']);
    const envToken = await fetch(
      `${s.url}/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=55&hub.verify_token=${s.ctx.config.whatsapp.verifyToken}`,
    );
    expect(envToken.status).toBe(200);
    const bad = await fetch(`${s.url}/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope`);
    expect(bad.status).toBe(403);
  });
});

describe('two numbers side by side', () => {
  const phone = `39347${String(Date.now() % 100000).padStart(5, '0')}9`;
  const conversationOn = async (pnid: string) => {
    const n = (await numbers()).find((x) => x.phone_number_id === pnid)!;
    return until(
      async () =>
        (
          await s.ctx.pb.collection('conversations').getList<ConversationRecord>(1, 1, {
            filter: s.ctx.pb.filter('wa_number = {:n} && contact_phone = {:p}', { n: n.id, p: `+${phone}` }),
          })
        ).items[0],
    );
  };

  it('the second number receives its own webhooks (signed by its app); the same customer is a separate contact per number', async () => {
    await s.sandbox!.customerSend({
      type: 'text',
      from: phone,
      name: 'Marta',
      text: 'to number two',
      phoneNumberId: second().phoneNumberId,
    });
    await s.sandbox!.customerSend({ type: 'text', from: phone, name: 'Marta', text: 'to number one' });
    const two = await conversationOn(second().phoneNumberId);
    const one = await conversationOn(s.ctx.config.whatsapp.phoneNumberId);
    expect(two.id).not.toBe(one.id);
    expect(two.contact).not.toBe(one.contact);
    await until(
      async () =>
        (await s.ctx.pb.collection('conversations').getOne<ConversationRecord>(two.id)).last_message_preview ===
        'to number two',
    );
    const filtered = await api(s, token, 'GET', `/api/v1/conversations?number=${two.wa_number}&q=${phone}`);
    expect(filtered.body.items.map((c: ConversationRecord) => c.id)).toEqual([two.id]);
  });

  it("a reply in the second number's chat goes out from the second number", async () => {
    const two = await conversationOn(second().phoneNumberId);
    const r = await api(s, token, 'POST', '/api/v1/messages', {
      to: `+${phone}`,
      type: 'text',
      text: { body: 'from two' },
      conversation_id: two.id,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.message.conversation).toBe(two.id);
    const out = await until(async () =>
      s
        .sandbox!.history(phone)
        .find(
          (i) => i.kind === 'message' && i.direction === 'outbound' && (i.message as any)?.text?.body === 'from two',
        ),
    );
    expect(out.phoneNumberId).toBe(second().phoneNumberId);
    await until(
      async () => (await s.ctx.pb.collection('messages').getOne<MessageRecord>(r.body.message.id)).status === 'read',
    );
    const mismatch = await api(s, token, 'POST', '/api/v1/messages', {
      to: '+393330000001',
      type: 'text',
      text: { body: 'x' },
      conversation_id: two.id,
    });
    expect(mismatch.status).toBe(422);
  });

  it("a webhook about the second number signed with the first app's secret is refused; its own app's is accepted", async () => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: second().wabaId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: second().displayPhoneNumber,
                  phone_number_id: second().phoneNumberId,
                },
                contacts: [{ profile: { name: 'Forged' }, wa_id: '393330009999' }],
                messages: [
                  {
                    from: '393330009999',
                    id: `wamid.forged${Date.now()}`,
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    type: 'text',
                    text: { body: 'hi' },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect((await postWebhook(s, body, signPayload(body, s.ctx.config.whatsapp.appSecret))).status).toBe(401);
    expect((await postWebhook(s, body, signPayload(body, second().appSecret))).status).toBe(200);
  });

  it("sends a test message (Meta's hello_world) from the chosen number", async () => {
    const two = (await numbers()).find((n) => n.origin === 'app')!;
    const to = '393330001122';
    const r = await api(s, token, 'POST', `/api/v1/wa-numbers/${two.id}/test-message`, { to: `+${to}` });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const out = await until(async () =>
      s.sandbox!.history(to).find((i) => i.kind === 'message' && i.direction === 'outbound'),
    );
    expect(out.phoneNumberId).toBe(second().phoneNumberId);
    expect((out.message as any).template.name).toBe('hello_world');
    const bad = await api(s, token, 'POST', `/api/v1/wa-numbers/${two.id}/test-message`, { to: 'abc' });
    expect(bad.status).toBe(422);
  });

  it('rotating a secret is checked with Meta first; a number with chats cannot be removed', async () => {
    const two = (await numbers()).find((n) => n.origin === 'app')!;
    const wrong = await api(s, token, 'PATCH', `/api/v1/wa-numbers/${two.id}`, { access_token: 'EAAwrong' });
    expect(wrong.body.error.code).toBe('invalid_token');
    const ok = await api(s, token, 'PATCH', `/api/v1/wa-numbers/${two.id}`, { verify_token: 'rotated-verify' });
    expect(ok.status).toBe(200);
    expect(
      (await fetch(`${s.url}/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=9&hub.verify_token=rotated-verify`))
        .status,
    ).toBe(200);
    expect(
      (await fetch(`${s.url}/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=9&hub.verify_token=${VERIFY}`)).status,
    ).toBe(403);
    expect((await api(s, token, 'DELETE', `/api/v1/wa-numbers/${two.id}`)).body.error.code).toBe('number_in_use');
  });

  it('the configured (sandbox) number is read-only here', async () => {
    const one = (await numbers()).find((n) => n.origin === 'sandbox')!;
    expect(one).toMatchObject({
      read_only: true,
      secrets: { access_token: 'set', app_secret: 'set', verify_token: 'set' },
    });
    expect((await api(s, token, 'PATCH', `/api/v1/wa-numbers/${one.id}`, { verify_token: 'x' })).body.error.code).toBe(
      'read_only',
    );
    expect((await api(s, token, 'DELETE', `/api/v1/wa-numbers/${one.id}`)).body.error.code).toBe('read_only');
  });
});

describe('numbers from the environment', () => {
  it('are shown "from environment", read-only, and win over a stored row with the same id', async () => {
    const env = {
      WA_ACCESS_TOKEN: 'EAAenvtoken',
      WA_PHONE_NUMBER_ID: '1234567890',
      WA_WABA_ID: '999000111',
      WA_APP_SECRET: 'envsecret',
      WA_VERIFY_TOKEN: 'envverify',
      WA_GRAPH_URL: 'http://127.0.0.1:9/v23.0',
      TEMPLATE_SYNC_MINUTES: '1000',
    };
    const m = await startTestServer({ env });
    try {
      const t = await login(m);
      const list = (await api(m, t, 'GET', '/api/v1/wa-numbers')).body.items;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        phone_number_id: '1234567890',
        origin: 'env',
        read_only: true,
        mode: 'meta',
        default: true,
      });
      const c = await api(m, t, 'POST', '/api/v1/wa-numbers', {
        phone_number_id: '1234567890',
        waba_id: '999000111',
        access_token: 'x',
        app_secret: 'y',
        verify_token: 'z',
      });
      expect([c.status, c.body.error.code]).toEqual([409, 'read_only']);
      // no sandbox here: sandbox test numbers cannot be connected
      const sb = await api(m, t, 'POST', '/api/v1/wa-numbers', {
        phone_number_id: '555',
        waba_id: '666',
        access_token: 'x',
        app_secret: 'y',
        verify_token: 'z',
        mode: 'sandbox',
      });
      expect(sb.status).toBe(422);
      expect((await api(m, t, 'GET', '/api/v1/wa-numbers/webhook')).body.sandbox).toBe(false);
      // env behaviour unchanged: one app, its own secret
      const raw = '{"object":"whatsapp_business_account","entry":[]}';
      expect((await postWebhook(m, raw, signPayload(raw, 'envsecret'))).status).toBe(200);
      expect((await postWebhook(m, raw, signPayload(raw, 'other'))).status).toBe(401);
    } finally {
      await m.stop();
    }
  });
});
