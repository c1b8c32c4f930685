import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../api/src/modules/channels/whatsapp/signature.ts';
import { createSandbox, type SandboxOptions } from '../../api/src/modules/sandbox/index.ts';

const SECRET = 'test-app-secret';
const TOKEN = 'test-access-token';
const PN = '106540352242922';
const WABA = '102290129340398';

// biome-ignore lint: webhook bodies are free-form JSON
type Json = any;
interface Hit {
  raw: Buffer;
  body: Json;
  signature: string | undefined;
}

/** A tiny webhook target that records every POST and can be told to fail. */
class Receiver {
  hits: Hit[] = [];
  failNext = 0;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (this.failNext > 0) {
          this.failNext--;
          res.writeHead(500).end();
          return;
        }
        const sig = req.headers['x-hub-signature-256'];
        this.hits.push({
          raw,
          body: JSON.parse(raw.toString('utf8')),
          signature: typeof sig === 'string' ? sig : undefined,
        });
        res.writeHead(200).end('EVENT_RECEIVED');
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/whatsapp`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  /** value objects of every `messages`-field change; statuses flattened */
  statuses(wamid: string): Json[] {
    return this.hits
      .flatMap((h) => h.body.entry[0].changes[0].value.statuses ?? [])
      .filter((s: Json) => s.id === wamid);
  }

  byField(field: string): Hit[] {
    return this.hits.filter((h) => h.body.entry[0].changes[0].field === field);
  }

  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > end) throw new Error('timed out waiting for webhook');
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

async function startSandbox(receiver: Receiver, overrides: Partial<SandboxOptions> = {}) {
  let base = '';
  const sandbox = createSandbox({
    webhookUrl: () => receiver.url,
    appSecret: SECRET,
    accessToken: TOKEN,
    numbers: [{ phoneNumberId: PN, displayPhoneNumber: '+1 555-078-3881', wabaId: WABA, verifiedName: 'Spunta Demo' }],
    publicBaseUrl: () => base,
    statusDelayMs: [5, 20],
    templateReviewMs: 50,
    webhookRetryMs: [50, 200],
    ...overrides,
  });
  const server = serve({ fetch: sandbox.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const graph = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${TOKEN}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    return fetch(`${base}/graph/v23.0${path}`, { ...init, headers, body });
  };
  const send = (to: string, rest: Record<string, unknown>) =>
    graph(`/${PN}/messages`, {
      method: 'POST',
      json: { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...rest },
    });
  const close = async () => {
    await sandbox.close();
    await new Promise((r) => server.close(r));
  };
  return { sandbox, base: () => base, graph, send, close };
}

const text = (body: string) => ({ type: 'text', text: { body } });
const template = (name: string, code: string, params: string[] = []) => ({
  type: 'template',
  template: {
    name,
    language: { code },
    components: params.length ? [{ type: 'body', parameters: params.map((t) => ({ type: 'text', text: t })) }] : [],
  },
});
let seq = 0;
const newCustomer = () => `39333${String(1_000_000 + ++seq).slice(1)}`;

describe('sandbox (Meta Graph API stand-in)', () => {
  const rx = new Receiver();
  let sb: Awaited<ReturnType<typeof startSandbox>>;

  beforeAll(async () => {
    await rx.start();
    sb = await startSandbox(rx);
  });
  afterAll(async () => {
    await sb.close();
    await rx.stop();
  });

  it('requires the Bearer token (190, 401)', async () => {
    for (const auth of [undefined, 'Bearer wrong']) {
      const res = await fetch(`${sb.base()}/graph/v23.0/${PN}`, { headers: auth ? { authorization: auth } : {} });
      expect(res.status).toBe(401);
      const body = (await res.json()) as Json;
      // Meta's own shape for token errors: the reason as the message, no WhatsApp error_data
      expect(body.error).toEqual({
        code: 190,
        type: 'OAuthException',
        fbtrace_id: expect.any(String),
        message: auth
          ? 'Invalid OAuth access token - Cannot parse access token'
          : 'An access token is required to request this resource.',
      });
    }
  });

  it('sends text inside the window and posts sent → delivered → read, signed', async () => {
    const to = newCustomer();
    await sb.sandbox.customerSend({ from: to, name: 'Giulia', type: 'text', text: 'ciao' });
    const res = await sb.send(`+${to}`, text('Ciao Giulia!'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: `+${to}`, wa_id: to }],
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
    });
    const wamid = body.messages[0].id as string;
    const statuses = await rx.waitFor(() => rx.statuses(wamid).length === 3 && rx.statuses(wamid));
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    for (const s of statuses) {
      expect(s).toMatchObject({ id: wamid, recipient_id: to, timestamp: expect.stringMatching(/^\d+$/) });
    }
    expect(statuses[0].pricing).toMatchObject({ billable: false, pricing_model: 'PMP', category: 'service' });
    expect(statuses[1].pricing).toBeDefined();
    expect(statuses[2].pricing).toBeUndefined();
    const hits = rx.hits.filter((h) => h.body.entry[0].changes[0].value.statuses?.[0]?.id === wamid);
    for (const h of hits) {
      expect(verifySignature(h.raw, h.signature, SECRET)).toBe(true);
      expect(h.body.object).toBe('whatsapp_business_account');
      expect(h.body.entry[0].id).toBe(WABA);
      expect(h.body.entry[0].changes[0].value.metadata).toEqual({
        display_phone_number: '15550783881',
        phone_number_id: PN,
      });
    }
    const hist = sb.sandbox.history(to).filter((i) => i.kind === 'message');
    expect(hist.map((i) => [i.direction, i.status])).toEqual([
      ['inbound', 'delivered'],
      ['outbound', 'read'],
    ]);
  });

  it('refuses free-form to a never-seen customer with 131047; templates pass', async () => {
    const to = newCustomer();
    const res = await sb.send(to, text('hello'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error).toMatchObject({
      code: 131047,
      message: '(#131047) Re-engagement message',
    });
    const ok = await sb.send(to, template('hello_world', 'en_US'));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Json).messages[0].message_status).toBe('accepted');
  });

  it('enforces the 3-button and 10-row limits', async () => {
    const to = newCustomer();
    await sb.sandbox.customerSend({ from: to, type: 'text', text: 'menu?' });
    const buttons = [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `Option ${i}` } }));
    const r1 = await sb.send(to, {
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons } },
    });
    const e1 = ((await r1.json()) as Json).error;
    expect([r1.status, e1.code]).toEqual([400, 131009]);
    expect(e1.error_data.details).toMatch(/at most 3/);
    const dup = [1, 2].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: 'Same' } }));
    const r2 = await sb.send(to, {
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: dup } },
    });
    expect(((await r2.json()) as Json).error.error_data.details).toMatch(/unique/);
    const rows = (n: number, p: string) =>
      Array.from({ length: n }, (_, i) => ({ id: `${p}${i}`, title: `Row ${p}${i}` }));
    const list = (sections: unknown[]) => ({
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Menu' }, action: { button: 'Open', sections } },
    });
    const r3 = await sb.send(
      to,
      list([
        { title: 'A', rows: rows(6, 'a') },
        { title: 'B', rows: rows(5, 'b') },
      ]),
    );
    const e3 = ((await r3.json()) as Json).error;
    expect([r3.status, e3.code]).toEqual([400, 131009]);
    expect(e3.error_data.details).toMatch(/10/);
    const r4 = await sb.send(to, list([{ rows: rows(2, 'a') }, { rows: rows(2, 'b') }]));
    expect(((await r4.json()) as Json).error).toMatchObject({ code: 100 });
    const r5 = await sb.send(
      to,
      list([
        { title: 'A', rows: rows(5, 'a') },
        { title: 'B', rows: rows(5, 'b') },
      ]),
    );
    expect(r5.status).toBe(200);
  });

  it('checks template parameter count (132000) and existence (132001)', async () => {
    const to = newCustomer();
    const r1 = await sb.send(to, template('order_update', 'en', ['Anna']));
    expect(((await r1.json()) as Json).error).toMatchObject({ code: 132000 });
    const r2 = await sb.send(to, template('no_such_template', 'en'));
    expect(((await r2.json()) as Json).error).toMatchObject({ code: 132001 });
    const r3 = await sb.send(to, template('order_update', 'it', ['Anna', '#1']));
    expect(((await r3.json()) as Json).error).toMatchObject({ code: 132001 });
    const r4 = await sb.send(to, template('aggiornamento_ordine', 'it', ['Marco', '#10234']));
    expect(r4.status).toBe(200);
    const item = sb.sandbox.history(to).find((i) => i.kind === 'message');
    expect(item?.rendered?.body).toBe(
      'Ciao Marco, il tuo ordine #10234 è stato spedito e arriverà entro 2-3 giorni lavorativi.',
    );
  });

  it('uploads media, serves its metadata and a Bearer-protected download', async () => {
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('fake png body')]);
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    form.set('file', new Blob([bytes], { type: 'image/png' }), 'pic.png');
    const up = await sb.graph(`/${PN}/media`, { method: 'POST', body: form });
    expect(up.status).toBe(200);
    const { id } = (await up.json()) as Json;
    expect(id).toMatch(/^\d+$/);
    const meta = (await (await sb.graph(`/${id}`)).json()) as Json;
    expect(meta).toMatchObject({ messaging_product: 'whatsapp', mime_type: 'image/png', file_size: bytes.length, id });
    expect(meta.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(meta.url.startsWith(`${sb.base()}/media-download/${id}?`)).toBe(true);
    expect((await fetch(meta.url)).status).toBe(401);
    const dl = await fetch(meta.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(bytes)).toBe(true);

    const big = new FormData();
    big.set('messaging_product', 'whatsapp');
    big.set('file', new Blob([Buffer.alloc(150 * 1024)], { type: 'image/webp' }), 's.webp');
    const tooBig = await sb.graph(`/${PN}/media`, { method: 'POST', body: big });
    expect(((await tooBig.json()) as Json).error).toMatchObject({ code: 131053 });

    expect(await (await sb.graph(`/${id}`, { method: 'DELETE' })).json()).toEqual({ success: true });
    expect(((await (await sb.graph(`/${id}`)).json()) as Json).error.code).toBe(100);
  });

  it('reviews created templates: PENDING → APPROVED webhook; rule breakers REJECTED', async () => {
    const create = (name: string, bodyText: string, example?: string[]) =>
      sb.graph(`/${WABA}/message_templates`, {
        method: 'POST',
        json: {
          name,
          category: 'UTILITY',
          language: 'it',
          components: [{ type: 'BODY', text: bodyText, ...(example ? { example: { body_text: [example] } } : {}) }],
        },
      });
    const ok = (await (
      await create('conferma_consegna', 'Ciao {{1}}, la consegna è confermata.', ['Anna'])
    ).json()) as Json;
    expect(ok).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' });
    const bad = (await (await create('spazi_troppi', 'Ciao,      troppi spazi qui.')).json()) as Json;
    const events = await rx.waitFor(() => {
      const e = rx.byField('message_template_status_update').map((h) => h.body.entry[0].changes[0].value);
      return e.length >= 2 && e;
    });
    expect(events.find((e: Json) => e.message_template_id === Number(ok.id))).toMatchObject({
      event: 'APPROVED',
      message_template_name: 'conferma_consegna',
      message_template_language: 'it',
      reason: 'NONE',
    });
    expect(events.find((e: Json) => e.message_template_id === Number(bad.id))).toMatchObject({
      event: 'REJECTED',
      reason: 'INVALID_FORMAT',
    });
    for (const h of rx.byField('message_template_status_update'))
      expect(verifySignature(h.raw, h.signature, SECRET)).toBe(true);

    const dup = (await (await create('conferma_consegna', 'Ciao {{1}}, ok.', ['Anna'])).json()) as Json;
    expect(dup.error).toMatchObject({ code: 100, error_subcode: 2388024 });
    const noExample = (await (await create('senza_esempio', 'Ciao {{1}}, ok.')).json()) as Json;
    expect(noExample.error.code).toBe(100);
  });

  it('pages templates with real cursors', async () => {
    const names: string[] = [];
    let url: string | undefined =
      `${sb.base()}/graph/v23.0/${WABA}/message_templates?limit=2&fields=name,language,status`;
    while (url) {
      const page = (await (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as Json;
      expect(page.data.length).toBeLessThanOrEqual(2);
      names.push(...page.data.map((t: Json) => `${t.name}/${t.language}`));
      url = page.paging?.next;
    }
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('hello_world/en_US');
    expect(names).toContain('benvenuto/it');
  });

  it('customerSend posts Meta’s inbound shape, signed over escaped-unicode bytes', async () => {
    const from = newCustomer();
    const { wamid } = await sb.sandbox.customerSend({
      from: `+${from}`,
      name: 'Zoë',
      type: 'text',
      text: 'Ciao è 😀 </b>',
    });
    const hit = await rx.waitFor(() =>
      rx.hits.find((h) => h.body.entry[0].changes[0].value.messages?.[0]?.id === wamid),
    );
    expect(verifySignature(hit.raw, hit.signature, SECRET)).toBe(true);
    const raw = hit.raw.toString('utf8');
    expect(raw).toContain('\\u00e8');
    expect(raw).toContain('\\ud83d\\ude00');
    expect(raw).toContain('<\\/b>');
    const value = hit.body.entry[0].changes[0].value;
    // since April 2026 every messages webhook carries the business-scoped user id beside the phone
    const userId = expect.stringMatching(/^[A-Z]{2}\.\d+$/);
    expect(value.contacts).toEqual([{ profile: { name: 'Zoë' }, wa_id: from, user_id: userId }]);
    expect(value.messages[0]).toEqual({
      from,
      from_user_id: userId,
      id: wamid,
      timestamp: expect.stringMatching(/^\d+$/),
      type: 'text',
      text: { body: 'Ciao è 😀 </b>' },
    });
    expect(value.messages[0].from_user_id).toBe(value.contacts[0].user_id);

    const reply = await sb.sandbox.customerSend({
      from,
      type: 'button_reply',
      id: 'yes',
      title: 'Sì',
      context: { replyTo: wamid },
    });
    const h2 = await rx.waitFor(() =>
      rx.hits.find((h) => h.body.entry[0].changes[0].value.messages?.[0]?.id === reply.wamid),
    );
    expect(h2.body.entry[0].changes[0].value.messages[0]).toMatchObject({
      context: { from, id: wamid },
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Sì' } },
    });
    const read = await sb.send(from, { status: 'read', message_id: reply.wamid });
    expect(await read.json()).toEqual({ success: true });
    const msgs = sb.sandbox.history(from).filter((i) => i.kind === 'message');
    expect(msgs.every((m) => m.status === 'read')).toBe(true);
  });

  it('makes customer media downloadable through the Graph media endpoints', async () => {
    const from = newCustomer();
    const bytes = Buffer.from('%PDF-1.4 fake pdf');
    const { wamid } = await sb.sandbox.customerSend({
      from,
      type: 'document',
      media: { data: bytes.toString('base64'), mimeType: 'application/pdf', filename: 'preventivo.pdf' },
      caption: 'ecco',
    });
    const hit = await rx.waitFor(() =>
      rx.hits.find((h) => h.body.entry[0].changes[0].value.messages?.[0]?.id === wamid),
    );
    const doc = hit.body.entry[0].changes[0].value.messages[0].document;
    expect(doc).toMatchObject({
      filename: 'preventivo.pdf',
      mime_type: 'application/pdf',
      caption: 'ecco',
      id: expect.stringMatching(/^\d+$/),
    });
    expect(doc.sha256).toBe(createHash('sha256').update(bytes).digest('base64'));
    const meta = (await (await sb.graph(`/${doc.id}`)).json()) as Json;
    const dl = await fetch(meta.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(Buffer.from(await dl.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers 132015 for a paused template and serves the phone page', async () => {
    const ctl = await fetch(`${sb.base()}/control/templates/status`, {
      method: 'POST',
      body: JSON.stringify({ name: 'appointment_reminder', language: 'en', status: 'PAUSED' }),
    });
    expect(ctl.status).toBe(200);
    const paused = await rx.waitFor(() =>
      rx.byField('message_template_status_update').find((h) => h.body.entry[0].changes[0].value.event === 'PAUSED'),
    );
    expect(paused.body.entry[0].changes[0].value.message_template_name).toBe('appointment_reminder');
    const res = await sb.send(newCustomer(), template('appointment_reminder', 'en', ['a', 'b', 'c']));
    expect(((await res.json()) as Json).error.code).toBe(132015);
    const page = await fetch(`${sb.base()}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('data-testid="phone-text-input"');
  });

  it('retries webhooks that do not get a 200', async () => {
    rx.failNext = 2;
    const { wamid } = await sb.sandbox.customerSend({ from: newCustomer(), type: 'text', text: 'retry me' });
    await rx.waitFor(() => rx.hits.some((h) => h.body.entry[0].changes[0].value.messages?.[0]?.id === wamid), 3000);
  });

  describe('faults', () => {
    it('duplicates each webhook N times', async () => {
      sb.sandbox.faults.duplicateWebhooks(3);
      const { wamid } = await sb.sandbox.customerSend({ from: newCustomer(), type: 'text', text: 'dup' });
      sb.sandbox.faults.reset();
      const copies = rx.hits.filter((h) => h.body.entry[0].changes[0].value.messages?.[0]?.id === wamid);
      expect(copies).toHaveLength(3);
      expect(new Set(copies.map((c) => c.raw.toString())).size).toBe(1);
    });

    it('posts statuses before the send response returns', async () => {
      const to = newCustomer();
      await sb.sandbox.customerSend({ from: to, type: 'text', text: 'hi' });
      sb.sandbox.faults.statusesBeforeResponse(true);
      const res = await sb.send(to, text('fast'));
      const wamid = ((await res.json()) as Json).messages[0].id;
      sb.sandbox.faults.reset();
      expect(rx.statuses(wamid).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    });

    it('fails the next N sends with a given code, with Retry-After for 130429', async () => {
      const to = newCustomer();
      await sb.sandbox.customerSend({ from: to, type: 'text', text: 'hi' });
      sb.sandbox.faults.failNextSends(1, 131026);
      sb.sandbox.faults.failNextSends(1, { code: 130429, retryAfterSec: 7 });
      sb.sandbox.faults.failNextSends(1, 131000);
      const r1 = await sb.send(to, text('a'));
      expect([r1.status, ((await r1.json()) as Json).error.code]).toEqual([400, 131026]);
      const r2 = await sb.send(to, text('b'));
      expect([r2.status, r2.headers.get('retry-after'), ((await r2.json()) as Json).error.code]).toEqual([
        429,
        '7',
        130429,
      ]);
      const r3 = await sb.send(to, text('c'));
      expect([r3.status, ((await r3.json()) as Json).error.code]).toEqual([500, 131000]);
      expect((await sb.send(to, text('d'))).status).toBe(200);
    });

    it('fails a sent message later and reorders statuses', async () => {
      const to = newCustomer();
      await sb.sandbox.customerSend({ from: to, type: 'text', text: 'hi' });
      const ctl = await fetch(`${sb.base()}/control/faults`, {
        method: 'POST',
        body: JSON.stringify({ failAfterSend: { count: 1, code: 131049 } }),
      });
      expect(((await ctl.json()) as Json).failAfterSend).toHaveLength(1);
      const w1 = ((await (await sb.send(to, text('x'))).json()) as Json).messages[0].id;
      const failed = await rx.waitFor(() => rx.statuses(w1).find((s) => s.status === 'failed'));
      expect(failed.errors[0]).toMatchObject({ code: 131049, error_data: { details: expect.any(String) } });
      expect(rx.statuses(w1).map((s) => s.status)).toEqual(['sent', 'failed']);

      sb.sandbox.faults.reorderStatuses(true);
      const w2 = ((await (await sb.send(to, text('y'))).json()) as Json).messages[0].id;
      const got = await rx.waitFor(() => rx.statuses(w2).length === 3 && rx.statuses(w2));
      expect(got.map((s) => s.status)).not.toEqual(['sent', 'delivered', 'read']);
      expect((await (await fetch(`${sb.base()}/control/reset`, { method: 'POST' })).json()) as Json).toMatchObject({
        success: true,
      });
      expect(sb.sandbox.faults.state().reorderStatuses).toBe(false);
    });
  });

  it('streams a customer’s new items over SSE', async () => {
    const to = newCustomer();
    const ac = new AbortController();
    const res = await fetch(`${sb.base()}/customer/${to}/events`, { signal: ac.signal });
    const reader = res.body!.getReader();
    let buf = '';
    await sb.sandbox.customerSend({
      from: to,
      type: 'location',
      location: { latitude: 45.46, longitude: 9.19, name: 'Duomo' },
    });
    while (!buf.includes('"type":"location"')) buf += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    expect(buf).toContain('event: item');
  });
});

describe('sandbox limits and persistence', () => {
  const rx = new Receiver();
  beforeAll(() => rx.start());
  afterAll(() => rx.stop());

  it('answers 130429 with Retry-After above throughputMps', async () => {
    const sb = await startSandbox(rx, { throughputMps: 5 });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await sb.send(newCustomer(), template('hello_world', 'en_US'))).status);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    const res = await sb.send(newCustomer(), template('hello_world', 'en_US'));
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await res.json()) as Json).error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
    await sb.close();
  });

  it('answers 131056 above the pair-rate burst', async () => {
    const sb = await startSandbox(rx, { pairBurst: 3, pairRateWindowMs: 6000 });
    const to = newCustomer();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await sb.send(to, template('hello_world', 'en_US'))).status);
    expect(codes).toEqual([200, 200, 200, 400]);
    const res = await sb.send(to, template('hello_world', 'en_US'));
    expect(((await res.json()) as Json).error.code).toBe(131056);
    expect((await sb.send(newCustomer(), template('hello_world', 'en_US'))).status).toBe(200);
    await sb.close();
  });

  it('with autoRead off, business messages stop at delivered until the customer reads', async () => {
    const sb = await startSandbox(rx, { autoRead: false });
    const to = newCustomer();
    await sb.sandbox.customerSend({ from: to, type: 'text', text: 'hi' });
    const wamid = ((await (await sb.send(to, text('unread'))).json()) as Json).messages[0].id;
    await rx.waitFor(() => rx.statuses(wamid).some((s) => s.status === 'delivered'));
    expect(await sb.sandbox.customerRead(to)).toBe(1);
    expect(rx.statuses(wamid).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    await sb.close();
  });

  it('closes the 24 h window (131047) and keeps state in dataFile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    let offset = 0;
    const opts = { dataFile: join(dir, 'sandbox.json'), mediaDir: join(dir, 'media'), now: () => Date.now() + offset };
    const sb = await startSandbox(rx, opts);
    const to = newCustomer();
    await sb.sandbox.customerSend({ from: to, name: 'Marco', type: 'text', text: 'ciao' });
    expect((await sb.send(to, text('inside'))).status).toBe(200);
    offset = 25 * 3600 * 1000;
    const late = await sb.send(to, text('too late'));
    expect(((await late.json()) as Json).error.code).toBe(131047);
    await sb.close();

    const again = await startSandbox(rx, opts);
    expect(again.sandbox.history(to).filter((i) => i.kind === 'message')).toHaveLength(2);
    const customers = (await (await fetch(`${again.base()}/customers`)).json()) as Json;
    expect(customers.data.find((c: Json) => c.waId === to)?.name).toBe('Marco');
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
