/**
 * Sending through POST /api/v1/messages with the sandbox as Meta: statuses, retries, permanent
 * errors, the 24-hour window, protocol limits and Idempotency-Key.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, login, postWebhook, startTestServer, until, type TestServer } from '../setup/harness.ts';
import type { MessageRecord } from '../../api/src/lib/records.ts';
import { signPayload } from '../../api/src/modules/channels/whatsapp/signature.ts';

let s: TestServer;
let token: string;
let n = 0;
/** A customer who just wrote (window open). */
async function customer(name = 'Giulia Rossi'): Promise<string> {
  const phone = `39347${String(Date.now() % 100000).padStart(5, '0')}${n++}`;
  await s.sandbox!.customerSend({ type: 'text', from: phone, name, text: 'Ciao!' });
  await until(
    async () =>
      (await s.ctx.pb.collection('contacts').getList(1, 1, { filter: s.ctx.pb.filter('wa_id = {:w}', { w: phone }) }))
        .totalItems > 0,
  );
  await s.ctx.writer.idle();
  return phone;
}
const message = (id: string) => s.ctx.pb.collection('messages').getOne<MessageRecord>(id);
const outboundInSandbox = (phone: string) =>
  s.sandbox!.history(phone).filter((i) => i.kind === 'message' && i.direction === 'outbound');

beforeAll(async () => {
  s = await startTestServer();
  token = await login(s);
  await until(
    async () =>
      (await s.ctx.pb.collection('templates').getList(1, 1, { filter: "status = 'APPROVED'" })).totalItems > 0,
  );
});
afterAll(async () => {
  await s?.stop();
});
beforeEach(() => s.sandbox!.faults.reset());

describe('sending text', () => {
  it('queues at once, then settles to read with timestamps', async () => {
    const phone = await customer();
    const r = await api(s, token, 'POST', '/api/v1/messages', {
      to: `+${phone}`,
      type: 'text',
      text: { body: 'Buongiorno! Come possiamo aiutarla?' },
    });
    expect(r.status).toBe(202);
    expect(r.body.message.status).toBe('queued');
    const m = await until(async () => {
      const x = await message(r.body.message.id);
      return x.status === 'read' ? x : undefined;
    });
    expect(m.wamid).toMatch(/^wamid\./);
    expect(m.sent_at && m.delivered_at && m.read_at).toBeTruthy();
    expect(outboundInSandbox(phone)).toHaveLength(1);
  });

  it('ends at read whatever order and however often statuses arrive', async () => {
    s.sandbox!.faults.apply({ reorderStatuses: true, duplicateWebhooks: 3 });
    const phone = await customer();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await api(s, token, 'POST', '/api/v1/messages', {
        to: phone,
        type: 'text',
        text: { body: `msg ${i}` },
      });
      ids.push(r.body.message.id);
    }
    for (const id of ids) await until(async () => (await message(id)).status === 'read', 15_000);
  });

  it('a late "delivered" never downgrades "read"', async () => {
    const phone = await customer();
    const r = await api(s, token, 'POST', '/api/v1/messages', { to: phone, type: 'text', text: { body: 'hello' } });
    const m = await until(async () => {
      const x = await message(r.body.message.id);
      return x.status === 'read' ? x : undefined;
    });
    const late = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: s.ctx.config.whatsapp.wabaId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: s.ctx.config.whatsapp.phoneNumberId },
                statuses: [
                  {
                    id: m.wamid,
                    status: 'delivered',
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    recipient_id: phone,
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect((await postWebhook(s, late)).status).toBe(200);
    await s.ctx.writer.idle();
    expect((await message(m.id)).status).toBe('read');
  });

  it('keeps statuses that arrive before the send call returns', async () => {
    s.sandbox!.faults.statusesBeforeResponse(true);
    const phone = await customer();
    const r = await api(s, token, 'POST', '/api/v1/messages', { to: phone, type: 'text', text: { body: 'fast' } });
    await until(async () => (await message(r.body.message.id)).status === 'read');
    const parked = await s.ctx.pb
      .collection('pending_statuses')
      .getFullList({ filter: s.ctx.pb.filter('wamid = {:w}', { w: (await message(r.body.message.id)).wamid }) });
    expect(parked).toHaveLength(0);
  });
});

describe('retries and errors', () => {
  it('429 (130429) then success sends exactly one message', async () => {
    const phone = await customer();
    s.sandbox!.faults.failNextSends(1, { code: 130429, retryAfterSec: 1 });
    const r = await api(s, token, 'POST', '/api/v1/messages', { to: phone, type: 'text', text: { body: 'retry me' } });
    const m = await until(async () => {
      const x = await message(r.body.message.id);
      return x.wamid ? x : undefined;
    }, 15_000);
    expect(m.attempts).toBe(2);
    expect(m.status).not.toBe('failed');
    expect(outboundInSandbox(phone)).toHaveLength(1);
  });

  it('a permanent error marks the message failed with Meta’s code, title and details', async () => {
    const phone = await customer();
    s.sandbox!.faults.failNextSends(1, { code: 131026, details: 'Receiver is incapable of receiving this message' });
    const r = await api(s, token, 'POST', '/api/v1/messages', { to: phone, type: 'text', text: { body: 'nope' } });
    const m = await until(async () => {
      const x = await message(r.body.message.id);
      return x.status === 'failed' ? x : undefined;
    });
    expect(m.error_code).toBe(131026);
    expect(m.error_title.length).toBeGreaterThan(0);
    expect(m.error_details).toContain('incapable');
    expect(m.attempts).toBe(1);
  });

  it('a failed status after sending keeps the error', async () => {
    const phone = await customer();
    s.sandbox!.faults.failAfterSend(1, {
      code: 131049,
      details: 'not delivered to maintain healthy ecosystem engagement',
    });
    const r = await api(s, token, 'POST', '/api/v1/messages', { to: phone, type: 'text', text: { body: 'x' } });
    const m = await until(async () => {
      const x = await message(r.body.message.id);
      return x.status === 'failed' ? x : undefined;
    });
    expect(m.error_code).toBe(131049);
  });
});

describe('the 24-hour window', () => {
  it('refuses free-form text to a customer who never wrote, before reaching Meta', async () => {
    const phone = '393400000999';
    const r = await api(s, token, 'POST', '/api/v1/messages', { to: phone, type: 'text', text: { body: 'hi' } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('template_required');
    expect(r.body.error.message).toMatch(/24-hour window/);
    expect(outboundInSandbox(phone)).toHaveLength(0);
  });

  it('refuses free-form text when the last inbound message is older than 24 h', async () => {
    const phone = '393400000888';
    await s.sandbox!.customerSend({
      type: 'text',
      from: phone,
      name: 'Old',
      text: 'ieri',
      timestamp: Math.floor(Date.now() / 1000) - 25 * 3600,
    });
    await until(
      async () =>
        (await s.ctx.pb.collection('contacts').getList(1, 1, { filter: `wa_id = '${phone}'` })).totalItems > 0,
    );
    const r = await api(s, token, 'POST', '/api/v1/messages', {
      to: phone,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Scegli' },
        action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] },
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('template_required');
  });

  it('lets an approved template through when the window is closed', async () => {
    const phone = '393400000777';
    const r = await api(s, token, 'POST', '/api/v1/messages', {
      to: phone,
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    expect(r.status).toBe(202);
    await until(async () => (await message(r.body.message.id)).status === 'read');
  });

  it('refuses an unknown template with a clear error', async () => {
    const r = await api(s, token, 'POST', '/api/v1/messages', {
      to: '393400000777',
      type: 'template',
      template: { name: 'nope', language: { code: 'it' } },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('template_not_found');
  });
});

describe('protocol limits are checked before Meta', () => {
  it('names the 3-button limit', async () => {
    const phone = await customer();
    const buttons = [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } }));
    const r = await api(s, token, 'POST', '/api/v1/messages', {
      to: phone,
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'x' }, action: { buttons } },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/3/);
    expect(outboundInSandbox(phone)).toHaveLength(0);
  });

  it('names the 10-rows limit of lists', async () => {
    const phone = await customer();
    const rows = Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
    const r = await api(s, token, 'POST', '/api/v1/messages', {
      to: phone,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'x' },
        action: { button: 'Scegli', sections: [{ title: 'S', rows }] },
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/10 rows/);
  });

  it('sends buttons and a list that fit the limits', async () => {
    const phone = await customer();
    const ok = await api(s, token, 'POST', '/api/v1/messages', {
      to: phone,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Confermi?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'yes', title: 'Sì' } },
            { type: 'reply', reply: { id: 'no', title: 'No' } },
          ],
        },
      },
    });
    expect(ok.status).toBe(202);
    await until(async () => (await message(ok.body.message.id)).status === 'read');
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response and sends once', async () => {
    const phone = await customer();
    const body = { to: phone, type: 'text', text: { body: 'once only' } };
    const [a, b] = await Promise.all([
      api(s, token, 'POST', '/api/v1/messages', body, { 'idempotency-key': 'k-123' }),
      api(s, token, 'POST', '/api/v1/messages', body, { 'idempotency-key': 'k-123' }),
    ]);
    const c = await api(s, token, 'POST', '/api/v1/messages', body, { 'idempotency-key': 'k-123' });
    expect(a.status).toBe(202);
    expect(b.body.message.id).toBe(a.body.message.id);
    expect(c.body.message.id).toBe(a.body.message.id);
    expect(c.headers.get('idempotent-replayed')).toBe('true');
    await until(async () => (await message(a.body.message.id)).status === 'read');
    expect(outboundInSandbox(phone)).toHaveLength(1);
  });

  it('refuses the same key with a different body', async () => {
    const phone = await customer();
    await api(
      s,
      token,
      'POST',
      '/api/v1/messages',
      { to: phone, type: 'text', text: { body: 'a' } },
      { 'idempotency-key': 'k-9' },
    );
    const r = await api(
      s,
      token,
      'POST',
      '/api/v1/messages',
      { to: phone, type: 'text', text: { body: 'b' } },
      { 'idempotency-key': 'k-9' },
    );
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('idempotency_key_reused');
  });
});

it('signPayload matches Meta’s format', () => {
  expect(signPayload('{}', 'secret')).toMatch(/^sha256=[0-9a-f]{64}$/);
});
