/**
 * The public API beyond sending: auth, health, OpenAPI, listing and paging, team work (notes,
 * presence, users), contacts, media both ways, retry, templates and number quality.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  api,
  createUser,
  login,
  postWebhook,
  startTestServer,
  until,
  type TestServer,
} from '../setup/harness.ts';
import type { ConversationRecord, MessageRecord } from '../../api/src/lib/records.ts';

let s: TestServer;
let admin: string;
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
);

async function chat(phone: string, name: string, text = 'Buongiorno'): Promise<ConversationRecord> {
  await s.sandbox!.customerSend({ type: 'text', from: phone, name, text });
  return until(
    async () =>
      (
        await s.ctx.pb
          .collection('conversations')
          .getList<ConversationRecord>(1, 1, { filter: `contact_phone = '+${phone}'` })
      ).items[0],
  );
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await login(s);
});
afterAll(async () => {
  await s?.stop();
});

describe('auth and health', () => {
  it('logs in, refreshes and refuses bad credentials with the one error shape', async () => {
    const bad = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.email, password: 'wrong-password' }),
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
    const invalid = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":"x"}',
    });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.code).toBe('validation_failed');
    const r = await api(s, admin, 'POST', '/api/auth/refresh');
    expect(r.status).toBe(200);
    expect(r.body.user.role).toBe('admin');
    expect((await api(s, r.body.token, 'GET', '/api/auth/me')).body.email).toBe(ADMIN.email);
  });

  it('reports PocketBase and channel status', async () => {
    const r = await fetch(`${s.url}/api/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok', pocketbase: { ok: true }, channel: { mode: 'sandbox' } });
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const doc = await (await fetch(`${s.url}/api/openapi.json`)).json();
    for (const p of [
      '/v1/conversations',
      '/v1/conversations/{id}/messages',
      '/v1/conversations/{id}/assign',
      '/v1/messages',
      '/v1/media',
      '/v1/users',
      '/v1/contacts/{id}',
      '/v1/templates',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(JSON.stringify(doc.paths['/v1/messages'].post.requestBody)).toContain('interactive');
  });

  it('a deactivated user loses access', async () => {
    const op = await createUser(s, 'operator');
    expect((await api(s, admin, 'PATCH', `/api/v1/users/${op.id}`, { active: false })).status).toBe(200);
    expect((await api(s, op.token, 'GET', '/api/v1/conversations')).status).toBe(401);
    const relog = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: op.email, password: op.password }),
    });
    expect(relog.status).toBe(401);
  });
});

describe('conversations', () => {
  it('filters by unread and status, searches, and pages', async () => {
    const a = await chat('393402220001', 'Anna Verdi', 'Vorrei informazioni sul divano');
    await chat('393402220002', 'Bruno Neri', 'Orari di apertura?');
    await api(s, admin, 'POST', `/api/v1/conversations/${a.id}/read`);
    const unread = await api(s, admin, 'GET', '/api/v1/conversations?unread=true');
    expect(unread.body.items.map((c: ConversationRecord) => c.contact_name)).not.toContain('Anna Verdi');
    const search = await api(s, admin, 'GET', '/api/v1/conversations?q=divano');
    expect(search.body.items.map((c: ConversationRecord) => c.id)).toEqual([a.id]);
    const byPhone = await api(s, admin, 'GET', '/api/v1/conversations?q=2220002');
    expect(byPhone.body.items[0].contact_name).toBe('Bruno Neri');
    await api(s, admin, 'POST', `/api/v1/conversations/${a.id}/status`, { status: 'closed' });
    expect(
      (await api(s, admin, 'GET', '/api/v1/conversations?status=closed')).body.items.map(
        (c: ConversationRecord) => c.id,
      ),
    ).toEqual([a.id]);
    const page = await api(s, admin, 'GET', '/api/v1/conversations?perPage=1&page=2');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.totalItems).toBeGreaterThanOrEqual(2);
    expect(page.body.items[0].window_open).toBe(true);
  });

  it('pages back through history with `before`', async () => {
    const c = await chat('393402220003', 'Carla', 'm0');
    for (let i = 1; i < 5; i++)
      await s.sandbox!.customerSend({
        type: 'text',
        from: '393402220003',
        text: `m${i}`,
        timestamp: Math.floor(Date.now() / 1000) + i,
      });
    await until(
      async () => (await api(s, admin, 'GET', `/api/v1/conversations/${c.id}/messages`)).body.items.length === 5,
    );
    const last2 = await api(s, admin, 'GET', `/api/v1/conversations/${c.id}/messages?limit=2`);
    expect(last2.body.items.map((m: MessageRecord) => m.preview)).toEqual(['m3', 'm4']);
    expect(last2.body.has_more).toBe(true);
    const before = encodeURIComponent(last2.body.items[0].timestamp);
    const older = await api(s, admin, 'GET', `/api/v1/conversations/${c.id}/messages?limit=10&before=${before}`);
    expect(older.body.items.map((m: MessageRecord) => m.preview)).toEqual(['m0', 'm1', 'm2']);
    expect(older.body.has_more).toBe(false);
  });

  it('marks the customer messages read on WhatsApp when the chat is opened', async () => {
    const c = await chat('393402220004', 'Dario');
    const r = await api(s, admin, 'POST', `/api/v1/conversations/${c.id}/read`);
    expect(r.body.unread_count).toBe(0);
    await until(async () =>
      s.sandbox!.history('393402220004').some((i) => i.direction === 'inbound' && i.status === 'read'),
    );
  });
});

describe('team work', () => {
  it('notes are stored with the chat and never sent', async () => {
    const c = await chat('393402230001', 'Elena');
    const op = await createUser(s, 'operator');
    const r = await api(s, admin, 'POST', `/api/v1/conversations/${c.id}/notes`, {
      text: '@op cliente VIP, richiamare',
      mentions: [op.id],
    });
    expect(r.status).toBe(201);
    expect(r.body.message).toMatchObject({
      type: 'note',
      payload: { body: '@op cliente VIP, richiamare', mentions: [op.id] },
    });
    await new Promise((res) => setTimeout(res, 200));
    expect(s.sandbox!.history('393402230001').filter((i) => i.direction === 'outbound')).toHaveLength(0);
    const viewer = await createUser(s, 'viewer');
    expect((await api(s, viewer.token, 'POST', `/api/v1/conversations/${c.id}/notes`, { text: 'x' })).status).toBe(403);
  });

  it('records who is viewing or typing, visible to teammates who can see the chat', async () => {
    const c = await chat('393402230002', 'Fabio');
    expect((await api(s, admin, 'POST', `/api/v1/conversations/${c.id}/presence`, { state: 'typing' })).status).toBe(
      204,
    );
    const mgr = await createUser(s, 'manager');
    const list = await fetch(
      `${s.url}/pb/api/collections/presence/records?filter=${encodeURIComponent(`conversation='${c.id}'`)}`,
      { headers: { authorization: mgr.token } },
    );
    expect((await list.json()).items).toEqual([expect.objectContaining({ state: 'typing', user_name: 'Admin' })]);
    const op = await createUser(s, 'operator');
    const hidden = await fetch(`${s.url}/pb/api/collections/presence/records`, {
      headers: { authorization: op.token },
    });
    expect((await hidden.json()).items).toEqual([]);
    await api(s, admin, 'POST', `/api/v1/conversations/${c.id}/presence`, { state: 'idle' });
    expect(
      (
        await (
          await fetch(`${s.url}/pb/api/collections/presence/records`, { headers: { authorization: mgr.token } })
        ).json()
      ).items,
    ).toEqual([]);
  });

  it('admins manage users; others cannot; the last admin stays', async () => {
    const created = await api(s, admin, 'POST', '/api/v1/users', {
      email: 'sara@test.local',
      name: 'Sara',
      role: 'operator',
    });
    expect(created.status).toBe(201);
    expect(created.body.password.length).toBeGreaterThanOrEqual(10);
    expect(await login(s, 'sara@test.local', created.body.password)).toBeTruthy();
    expect(
      (await api(s, admin, 'POST', '/api/v1/users', { email: 'sara@test.local', name: 'Dup', role: 'viewer' })).status,
    ).toBe(409);
    const op = await createUser(s, 'operator');
    expect(
      (await api(s, op.token, 'POST', '/api/v1/users', { email: 'x@test.local', name: 'X', role: 'admin' })).status,
    ).toBe(403);
    expect((await api(s, op.token, 'PATCH', `/api/v1/users/${op.id}`, { role: 'admin' })).status).toBe(403);
    const me = (await api(s, admin, 'GET', '/api/auth/me')).body;
    const last = await api(s, admin, 'PATCH', `/api/v1/users/${me.id}`, { role: 'operator' });
    expect(last.status).toBe(422);
    expect(last.body.error.code).toBe('last_admin');
    const team = await api(s, op.token, 'GET', '/api/v1/users');
    expect(team.body.items.find((u: { id: string }) => u.id === me.id).email).toBe('');
  });
});

describe('contacts', () => {
  it('renaming a contact renames the chat; viewers cannot edit', async () => {
    const c = await chat('393402240001', 'gio');
    const r = await api(s, admin, 'PATCH', `/api/v1/contacts/${c.contact}`, {
      name: 'Giovanni Esposito',
      language: 'it',
      notes: 'Preferisce essere chiamato la mattina',
    });
    expect(r.status).toBe(200);
    expect((await s.ctx.pb.collection('conversations').getOne<ConversationRecord>(c.id)).contact_name).toBe(
      'Giovanni Esposito',
    );
    await s.sandbox!.customerSend({ type: 'text', from: '393402240001', name: 'gio', text: 'ancora io' });
    await s.ctx.writer.idle();
    await new Promise((res) => setTimeout(res, 100));
    await s.ctx.writer.idle();
    expect((await s.ctx.pb.collection('conversations').getOne<ConversationRecord>(c.id)).contact_name).toBe(
      'Giovanni Esposito',
    );
    const viewer = await createUser(s, 'viewer');
    expect((await api(s, viewer.token, 'PATCH', `/api/v1/contacts/${c.contact}`, { name: 'x' })).status).toBe(403);
    expect((await api(s, admin, 'PATCH', `/api/v1/contacts/${c.contact}`, { tags: ['aaaaaaaaaaaaaaa'] })).status).toBe(
      422,
    );
  });
});

describe('media', () => {
  it('downloads inbound media within its URL validity and stores it as a file', async () => {
    await s.sandbox!.customerSend({
      type: 'image',
      from: '393402250001',
      name: 'Foto',
      media: { data: PNG, mimeType: 'image/png' },
      caption: 'il divano',
    });
    const m = await until(
      async () =>
        (
          await s.ctx.pb
            .collection('messages')
            .getList<MessageRecord>(1, 1, { filter: "type = 'image' && media_status = 'ready'" })
        ).items[0],
    );
    // media are protected: fetched with a short-lived file token (tests/integration/media-access.test.ts)
    const { token } = (await (
      await fetch(`${s.url}/pb/api/files/token`, { method: 'POST', headers: { authorization: admin } })
    ).json()) as { token: string };
    const file = await fetch(`${s.url}/pb/api/files/messages/${m.id}/${m.media}?token=${token}`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
    expect(m.preview).toContain('il divano');
  });

  it('refuses inbound media of a type WhatsApp does not allow for it', async () => {
    await s.sandbox!.customerSend({
      type: 'sticker',
      from: '393402250002',
      name: 'Sticker',
      media: { data: PNG, mimeType: 'image/png' },
    });
    await until(
      async () =>
        (await s.ctx.pb.collection('messages').getList(1, 1, { filter: "type = 'sticker' && media_status = 'failed'" }))
          .totalItems > 0,
    );
  });

  it('uploads an image, sends it and shows it in the sent bubble', async () => {
    await chat('393402250003', 'Invio foto');
    const form = new FormData();
    form.set('file', new Blob([PNG], { type: 'image/png' }), 'catalogo.png');
    const up = await fetch(`${s.url}/api/v1/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: form,
    });
    expect(up.status).toBe(201);
    const { id } = await up.json();
    const sent = await api(s, admin, 'POST', '/api/v1/messages', {
      to: '393402250003',
      type: 'image',
      image: { id, caption: 'Ecco il catalogo' },
    });
    expect(sent.status).toBe(202);
    const m = await until(async () => {
      const x = await s.ctx.pb.collection('messages').getOne<MessageRecord>(sent.body.message.id);
      return x.status === 'read' && x.media ? x : undefined;
    });
    expect(m.preview).toBe('Ecco il catalogo');
    const big = new FormData();
    big.set('file', new Blob([new Uint8Array(6 * 1024 * 1024)], { type: 'image/jpeg' }), 'huge.jpg');
    const tooBig = await fetch(`${s.url}/api/v1/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: big,
    });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.message).toMatch(/5 MB/);
  });
});

describe('retry', () => {
  it('re-sends a message that failed for a transient reason, refuses a permanent one', async () => {
    await chat('393402260001', 'Retry');
    s.sandbox!.faults.failNextSends(6, { code: 131000, httpStatus: 500 });
    s.ctx.outbound['opts'].retryHorizonMs = 1; // give up at the first transient error
    const r = await api(s, admin, 'POST', '/api/v1/messages', {
      to: '393402260001',
      type: 'text',
      text: { body: 'riprova' },
    });
    await until(
      async () => (await s.ctx.pb.collection('messages').getOne<MessageRecord>(r.body.message.id)).status === 'failed',
    );
    s.sandbox!.faults.reset();
    s.ctx.outbound['opts'].retryHorizonMs = 15 * 60_000;
    const again = await api(s, admin, 'POST', `/api/v1/messages/${r.body.message.id}/retry`);
    expect(again.status).toBe(202);
    await until(
      async () => (await s.ctx.pb.collection('messages').getOne<MessageRecord>(r.body.message.id)).status === 'read',
    );

    s.sandbox!.faults.failNextSends(1, { code: 131026 });
    const p = await api(s, admin, 'POST', '/api/v1/messages', {
      to: '393402260001',
      type: 'text',
      text: { body: 'no' },
    });
    await until(
      async () => (await s.ctx.pb.collection('messages').getOne<MessageRecord>(p.body.message.id)).status === 'failed',
    );
    const refused = await api(s, admin, 'POST', `/api/v1/messages/${p.body.message.id}/retry`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('not_retryable');
  });
});

describe('templates and number health', () => {
  it('syncs the sandbox templates (Italian and English) at start', async () => {
    const r = await api(s, admin, 'GET', '/api/v1/templates?status=APPROVED');
    const langs = new Set(r.body.items.map((t: { language: string }) => t.language.slice(0, 2)));
    expect(langs.has('it') && langs.has('en')).toBe(true);
  });

  it('records a template status webhook and resyncs', async () => {
    const t = (await api(s, admin, 'GET', '/api/v1/templates?status=APPROVED')).body.items[0];
    await (
      s.sandbox as unknown as { setTemplateStatus(n: string, st: string, l?: string, r?: string): Promise<number> }
    ).setTemplateStatus(t.name, 'PAUSED', t.language, 'LOW_QUALITY');
    await until(
      async () =>
        (await api(s, admin, 'GET', '/api/v1/templates')).body.items.find((x: { id: string }) => x.id === t.id)
          ?.status === 'PAUSED',
    );
  });

  it('records template quality updates, even while the resync of the previous webhook is in flight', async () => {
    // the status test above left a resync running: its older snapshot must not overwrite this news
    const t = (await api(s, admin, 'GET', '/api/v1/templates')).body.items[0];
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: s.ctx.config.whatsapp.wabaId,
          time: 1,
          changes: [
            {
              field: 'message_template_quality_update',
              value: {
                previous_quality_score: 'GREEN',
                new_quality_score: 'YELLOW',
                message_template_id: Number(t.meta_id),
                message_template_name: t.name,
                message_template_language: t.language,
              },
            },
          ],
        },
      ],
    });
    expect((await postWebhook(s, raw)).status).toBe(200);
    await until(
      async () =>
        (await api(s, admin, 'GET', '/api/v1/templates')).body.items.find((x: { id: string }) => x.id === t.id)
          ?.quality_score === 'YELLOW',
    );
  });

  it('keeps the quality Meta reports: the sandbox sends the webhook and later syncs agree', async () => {
    const t = (await api(s, admin, 'GET', '/api/v1/templates')).body.items[1];
    const sandbox = s.sandbox as unknown as { setTemplateQuality(n: string, q: string, l?: string): Promise<number> };
    expect(await sandbox.setTemplateQuality(t.name, 'RED', t.language)).toBe(1);
    const quality = async () =>
      (await api(s, admin, 'GET', '/api/v1/templates')).body.items.find((x: { id: string }) => x.id === t.id)
        ?.quality_score;
    await until(async () => (await quality()) === 'RED');
    expect((await api(s, admin, 'POST', '/api/v1/templates/sync')).status).toBe(200);
    expect(await quality()).toBe('RED');
  });

  it('answers unknown API paths with the JSON error shape', async () => {
    const r = await fetch(`${s.url}/api/v1/nope`, { headers: { authorization: `Bearer ${admin}` } });
    expect(r.status).toBe(404);
    expect((await r.json()).error.code).toBe('not_found');
  });

  it('records phone quality and messaging-limit webhooks on the number', async () => {
    // Meta's tier changes, then Meta says so (Spunta reads the whole standing back when the webhook arrives)
    const sb = await fetch(`${s.url}/sandbox/control/numbers/standing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tier: 'TIER_2K', webhook: false }),
    });
    expect(sb.status).toBe(200);
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: s.ctx.config.whatsapp.wabaId,
          time: 1,
          changes: [
            {
              field: 'phone_number_quality_update',
              value: {
                display_phone_number: '15550783881',
                event: 'UPGRADE',
                current_limit: 'TIER_2K',
                old_limit: 'TIER_250',
              },
            },
          ],
        },
      ],
    });
    expect((await postWebhook(s, raw)).status).toBe(200);
    const n = await until(async () => {
      const x = (
        await s.ctx.pb
          .collection('wa_numbers')
          .getFullList<{ messaging_limit_tier: string; quality_history: unknown[] }>()
      )[0];
      return x?.messaging_limit_tier === 'TIER_2K' ? x : undefined;
    });
    expect(n.quality_history).toHaveLength(1);
  });
});
