/**
 * The sandbox answers where real Cloud API clients noticed a difference from Meta: template counts
 * (`summary=total_count`), unversioned Graph paths, the exact invalid-token error, 131047 reported
 * asynchronously as a failed status, and BSUID addressing (`recipient`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
const WABA = '102290129340398';
const PN = '106540352242922';
beforeAll(async () => {
  // switched on the way an operator does it (README configuration table), not through a test-only option
  s = await startTestServer({ env: { SANDBOX_REENGAGEMENT_AS_STATUS: 'true' } });
});
afterAll(async () => {
  await s?.stop();
});

const graph = (path: string, init: RequestInit = {}, token = s.ctx.config.whatsapp.accessToken) =>
  fetch(`${s.url}/sandbox/graph${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    },
  });

describe('Graph protocol details', () => {
  it('summary=total_count counts every matching template, whatever the page size', async () => {
    const r = await graph(`/v23.0/${WABA}/message_templates?summary=total_count&limit=1&fields=name`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { data: unknown[]; summary: { total_count: number } };
    expect(body.data).toHaveLength(1);
    expect(body.summary.total_count).toBeGreaterThan(1);
    const all = (await (await graph(`/v23.0/${WABA}/message_templates?limit=1000`)).json()) as {
      data: unknown[];
      summary?: unknown;
    };
    expect(body.summary.total_count).toBe(all.data.length);
    expect(all.summary).toBeUndefined();
  });

  it('unversioned paths are Graph calls at the default version, and unknown ones answer JSON, never the phone page', async () => {
    const r = await graph(`/${WABA}/message_templates?summary=total_count`);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { summary: { total_count: number } }).summary.total_count).toBeGreaterThan(0);
    const phone = await graph(`/${PN}?fields=display_phone_number`);
    expect(((await phone.json()) as { display_phone_number: string }).display_phone_number).toBeTruthy();
    const odd = await graph('/nothing/here/at/all');
    expect(odd.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await odd.json()) as { error: { code: number } }).error.code).toBe(100);
  });

  it('a bad token answers exactly Meta’s OAuthException', async () => {
    const r = await graph(`/v23.0/${PN}`, {}, 'not-a-token');
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({
      error: {
        message: 'Invalid OAuth access token - Cannot parse access token',
        type: 'OAuthException',
        code: 190,
        fbtrace_id: expect.any(String),
      },
    });
  });

  it('131047 can come asynchronously: the send is accepted, then a failed status arrives', async () => {
    const to = '393339876543';
    const r = await graph(`/v23.0/${PN}/messages`, {
      method: 'POST',
      body: JSON.stringify({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } }),
    });
    expect(r.status).toBe(200);
    const { messages } = (await r.json()) as { messages: Array<{ id: string }> };
    const failed = await until(async () =>
      s
        .sandbox!.history(to)
        .find(
          (i) => i.kind === 'status' && i.wamid === messages[0]!.id && (i as { status?: string }).status === 'failed',
        ),
    );
    expect(JSON.stringify(failed)).toContain('131047');
  });

  it('SANDBOX_REENGAGEMENT_AS_STATUS is validated: off unless set, a typo is refused with the variable named', async () => {
    const { loadConfig } = await import('../../api/src/config.ts');
    const dir = s.dataDir;
    expect(loadConfig({ DATA_DIR: dir }).sandboxReengagementAsStatus).toBe(false);
    expect(loadConfig({ DATA_DIR: dir, SANDBOX_REENGAGEMENT_AS_STATUS: 'yes' }).sandboxReengagementAsStatus).toBe(true);
    expect(() => loadConfig({ DATA_DIR: dir, SANDBOX_REENGAGEMENT_AS_STATUS: 'sometimes' })).toThrow(
      /SANDBOX_REENGAGEMENT_AS_STATUS/,
    );
  });

  it('`recipient` addresses a customer by BSUID; the answer names the user id, not a wa_id', async () => {
    await s.sandbox!.customerSend({
      type: 'text',
      from: '393330001234',
      name: 'Ugo',
      hidePhone: true,
      username: 'ugo',
      text: 'ciao',
    });
    const { bsuidOf } = await import('../../api/src/modules/sandbox/bsuid.ts');
    const recipient = bsuidOf('393330001234');
    const r = await graph(`/v23.0/${PN}/messages`, {
      method: 'POST',
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient, type: 'text', text: { body: 'ciao Ugo' } }),
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { contacts: unknown[] }).contacts).toEqual([{ input: recipient, user_id: recipient }]);
    const unknown = await graph(`/v23.0/${PN}/messages`, {
      method: 'POST',
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient: 'IT.1', type: 'text', text: { body: 'x' } }),
    });
    expect(unknown.status).toBe(400);
  });
});
