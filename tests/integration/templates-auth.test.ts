/**
 * Authentication templates through the API with the sandbox as Meta: the studio's creation shape (no text,
 * security recommendation, code expiry, one OTP button) passes the shared rules, is submitted as Meta's
 * payload and approved by the reviewer, which stores Meta's preset text; a text of our own is refused by
 * our rules before Meta, and by the sandbox like Meta when sent to it directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioTemplate } from '../../api/src/modules/templates/template-model.ts';
import { api, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let admin: string;

const graph = (path: string, init: RequestInit = {}) =>
  fetch(`${s.url}/sandbox/graph/v23.0${path}`, {
    ...init,
    headers: { authorization: `Bearer ${s.ctx.config.whatsapp.accessToken}`, 'content-type': 'application/json' },
  });

beforeAll(async () => {
  s = await startTestServer({ sandbox: { templateReviewMs: 100 } });
  admin = await login(s);
});
afterAll(async () => {
  await s?.stop();
});

describe('authentication templates', () => {
  it("a copy-code template in Meta's fixed shape is submitted and approved with Meta's preset text", async () => {
    const components = [
      { type: 'BODY', add_security_recommendation: true },
      { type: 'FOOTER', code_expiration_minutes: 10 },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copia codice' }] },
    ];
    const created = await api(s, admin, 'POST', '/api/v1/templates', {
      name: 'codice_accesso',
      category: 'AUTHENTICATION',
      language: 'it',
      components,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.issues).toEqual([]);
    // a second one (one-tap) with the same preset text is not a duplicate, as on Meta
    const oneTap = await api(s, admin, 'POST', '/api/v1/templates', {
      name: 'codice_app',
      category: 'AUTHENTICATION',
      language: 'it',
      components: [
        { type: 'BODY', add_security_recommendation: false },
        {
          type: 'BUTTONS',
          buttons: [
            {
              type: 'OTP',
              otp_type: 'ONE_TAP',
              autofill_text: 'Compila',
              supported_apps: [{ package_name: 'it.negozio.app', signature_hash: 'K8a/AINcGX7' }],
            },
          ],
        },
      ],
    });
    expect(oneTap.status, JSON.stringify(oneTap.body)).toBe(201);
    expect(oneTap.body.issues).toEqual([]);

    for (const id of [created.body.template.id, oneTap.body.template.id]) {
      const sub = await api(s, admin, 'POST', `/api/v1/templates/${id}/submit`, {});
      expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    }
    const approved = await until(async () => {
      const t = await s.ctx.pb.collection('templates').getOne<StudioTemplate>(created.body.template.id);
      return t.status === 'APPROVED' ? t : undefined;
    }, 15_000);
    await until(
      async () =>
        (await s.ctx.pb.collection('templates').getOne<StudioTemplate>(oneTap.body.template.id)).status === 'APPROVED',
      15_000,
    );

    // Meta keeps its own text and turns the OTP button into a URL button
    const meta = (await (await graph(`/${approved.meta_id}`)).json()) as {
      category: string;
      components: Array<{ type: string; text?: string; buttons?: Array<{ type: string; text: string; url: string }> }>;
    };
    expect(meta.category).toBe('AUTHENTICATION');
    expect(meta.components.find((c) => c.type === 'BODY')?.text).toBe(
      '{{1}} è il tuo codice di verifica. Per la tua sicurezza, non condividere questo codice.',
    );
    expect(meta.components.find((c) => c.type === 'FOOTER')?.text).toBe('Questo codice scade tra 10 minuti.');
    expect(meta.components.find((c) => c.type === 'BUTTONS')?.buttons?.[0]).toMatchObject({
      type: 'URL',
      text: 'Copia codice',
      url: expect.stringContaining('otp_type=COPY_CODE'),
    });
    // the editor still reads the studio's shape
    const detail = await api(s, admin, 'GET', `/api/v1/templates/${approved.id}`);
    expect(detail.body.template.draft_components).toEqual(components);
  });

  it('a text of our own, a missing OTP button or a long expiry are refused by the rules before Meta', async () => {
    const bad = await api(s, admin, 'POST', '/api/v1/templates', {
      name: 'codice_testo',
      category: 'AUTHENTICATION',
      language: 'it',
      components: [
        { type: 'BODY', text: 'Il tuo codice è {{1}}, non darlo a nessuno.' },
        { type: 'FOOTER', code_expiration_minutes: 120 },
      ],
    });
    expect(bad.status).toBe(201);
    expect(bad.body.issues.map((i: { rule: string }) => i.rule).sort()).toEqual([
      'auth.button',
      'auth.expiry',
      'auth.fixed_text',
    ]);
    const sub = await api(s, admin, 'POST', `/api/v1/templates/${bad.body.template.id}/submit`, {});
    expect(sub.status).toBe(422);
    expect(sub.body.error.code).toBe('template_invalid');
    expect((await s.ctx.pb.collection('templates').getOne<StudioTemplate>(bad.body.template.id)).status).toBe('DRAFT');
  });

  it('the sandbox refuses what Meta refuses in an authentication create', async () => {
    const waba = s.ctx.config.whatsapp.wabaId;
    const create = async (components: unknown[]) => {
      const r = await graph(`/${waba}/message_templates`, {
        method: 'POST',
        body: JSON.stringify({
          name: `auth_${Math.random().toString(36).slice(2, 8)}`,
          category: 'AUTHENTICATION',
          language: 'en_US',
          components,
        }),
      });
      return {
        status: r.status,
        body: (await r.json()) as {
          error?: { code: number; message: string; error_user_msg?: string };
          status?: string;
        },
      };
    };
    const text = await create([
      { type: 'BODY', text: 'Your code is {{1}}' },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
    ]);
    expect(text.status).toBe(400);
    expect(text.body.error?.error_user_msg).toMatch(/preset text/);
    const noApp = await create([
      { type: 'BODY' },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ONE_TAP' }] },
    ]);
    expect(noApp.body.error?.error_user_msg).toMatch(/supported_apps/);
    const expiry = await create([
      { type: 'BODY' },
      { type: 'FOOTER', code_expiration_minutes: 91 },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
    ]);
    expect(expiry.body.error?.error_user_msg).toMatch(/code_expiration_minutes/);
    const header = await create([
      { type: 'HEADER', format: 'TEXT', text: 'Codice' },
      { type: 'BODY' },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
    ]);
    expect(header.body.error?.error_user_msg).toMatch(/HEADER/);
    const ok = await create([
      { type: 'BODY', add_security_recommendation: true },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
    ]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('PENDING');
  });
});
