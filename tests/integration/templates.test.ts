/**
 * The templates studio through the API with the sandbox as Meta's reviewer: drafts in two languages with
 * %%FIELD%% placeholders and an image header (resumable upload), submission, approval by webhook, sends in
 * each recipient's language with values from the contact, rejections with Meta's reason and recommendation,
 * a paused template refused at send, Meta's edit limits, deletion and the 30-day name block.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../api/src/lib/records.ts';
import type { SandboxExtras } from '../../api/src/modules/sandbox/index.ts';
import type { StudioTemplate } from '../../api/src/modules/templates/template-model.ts';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
const sandboxControls = () => s.sandbox as unknown as SandboxExtras;
let admin: string;
let operator: string;

// a 1×1 PNG
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const row = (name: string, language: string) =>
  s.ctx.pb
    .collection('templates')
    .getFirstListItem<StudioTemplate>(s.ctx.pb.filter('name = {:n} && language = {:l}', { n: name, l: language }));
const statusIs = (name: string, language: string, status: string) =>
  until(async () => {
    const t = await row(name, language).catch(() => undefined);
    return t?.status === status ? t : undefined;
  }, 15_000);

function draft(name: string, language: string, body: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    category: 'MARKETING',
    language,
    components: [
      { type: 'BODY', text: body },
      { type: 'FOOTER', text: language === 'it' ? 'Scrivi STOP per annullare' : 'Reply STOP to opt out' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: language === 'it' ? 'Mi interessa' : 'Interested' },
          { type: 'QUICK_REPLY', text: language === 'it' ? 'No grazie' : 'No thanks' },
        ],
      },
    ],
    examples: { first_name: 'Giulia', code: 'ESTATE20' },
    ...extra,
  };
}

/** A contact whose 24 h window is closed (the business writes first). */
async function contact(phone: string, data: Record<string, unknown>): Promise<string> {
  const c = await s.ctx.pb.collection('contacts').create({
    wa_number: (await s.ctx.pb.collection('wa_numbers').getFirstListItem('')).id,
    phone: `+${phone}`,
    wa_id: phone,
    name: String(data.first_name ?? ''),
    ...data,
  });
  return c.id;
}

beforeAll(async () => {
  s = await startTestServer({ sandbox: { templateReviewMs: 100 } });
  admin = await login(s);
  operator = (await createUser(s, 'operator')).token;
  await until(
    async () =>
      (await s.ctx.pb.collection('templates').getList(1, 1, { filter: "status = 'APPROVED'" })).totalItems > 0,
  );
});
afterAll(async () => {
  await s?.stop();
});

describe('templates studio', () => {
  it('writes a bilingual draft with an image header, submits it and sees Meta approve both languages', async () => {
    const it1 = await api(
      s,
      admin,
      'POST',
      '/api/v1/templates',
      draft(
        'promo_estate',
        'it',
        'Ciao %%FIRST_NAME%%, per te il codice %%CODE%% vale fino a domenica. Ti aspettiamo in negozio!',
        {
          mapping: { code: { source: 'value', value: 'ESTATE20' } },
          default_language: 'it',
        },
      ),
    );
    expect(it1.status).toBe(201);
    expect(it1.body.template.status).toBe('DRAFT');
    expect(it1.body.issues).toEqual([]);
    const en = await api(
      s,
      admin,
      'POST',
      '/api/v1/templates',
      draft('promo_estate', 'en', 'Hi %%FIRST_NAME%%, your code %%CODE%% is valid until Sunday. See you in the shop!'),
    );
    expect(en.status).toBe(201);
    // translations share the mapping and the default language
    expect(en.body.template.mapping).toEqual({ code: { source: 'value', value: 'ESTATE20' } });
    expect(en.body.translations.map((t: StudioTemplate) => t.language)).toEqual(['en', 'it']);

    // the image sample goes through Meta's resumable upload; the handle lands in the header
    for (const id of [it1.body.template.id, en.body.template.id]) {
      const form = new FormData();
      form.set('file', new File([PNG], 'estate.png', { type: 'image/png' }));
      const up = await fetch(`${s.url}/api/v1/templates/${id}/sample`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
        body: form,
      });
      expect(up.status).toBe(200);
      const body = (await up.json()) as { template: StudioTemplate };
      expect(body.template.draft_components![0]).toMatchObject({
        type: 'HEADER',
        format: 'IMAGE',
        example: { header_handle: [expect.stringMatching(/^4::/)] },
      });
      expect(body.template.header_sample).toMatch(/\.png$/);
    }

    // operators never see drafts, and cannot write
    expect(
      (await api(s, operator, 'GET', '/api/v1/templates')).body.items.some(
        (t: StudioTemplate) => t.name === 'promo_estate',
      ),
    ).toBe(false);
    expect(
      (
        await api(
          s,
          operator,
          'POST',
          '/api/v1/templates',
          draft('x_op', 'it', 'Ciao a tutti, ecco le novità della settimana in negozio'),
        )
      ).status,
    ).toBe(403);

    const sub = await api(s, admin, 'POST', `/api/v1/templates/${it1.body.template.id}/submit`, {
      all_languages: true,
    });
    expect(sub.status).toBe(200);
    expect(sub.body.items.map((t: StudioTemplate) => t.status)).toEqual(['PENDING', 'PENDING']);
    const approved = await statusIs('promo_estate', 'it', 'APPROVED');
    await statusIs('promo_estate', 'en', 'APPROVED');
    // Meta got named parameters with examples, converted from %%FIELD%%
    expect(approved.parameter_format).toBe('NAMED');
    expect(
      (approved.components as Array<{ type: string; text?: string }>).find((c) => c.type === 'BODY')!.text,
    ).toContain('{{first_name}}');
    expect(approved.history!.map((h) => `${h.kind}:${h.to}`)).toEqual(
      expect.arrayContaining(['created:DRAFT', 'submitted:PENDING', 'status:APPROVED']),
    );
    // now operators see it
    expect(
      (await api(s, operator, 'GET', '/api/v1/templates')).body.items.filter(
        (t: StudioTemplate) => t.name === 'promo_estate',
      ),
    ).toHaveLength(2);
  });

  it('sends it to each recipient in their language with their data, components and language left out', async () => {
    await contact('447700900123', { first_name: 'Oliver', country: 'GB' });
    await contact('393471112233', { first_name: 'Marco', country: 'IT' });
    await contact('4915112345678', { first_name: 'Jonas', language: 'it', country: 'DE' });
    const sent: Record<string, MessageRecord> = {};
    for (const to of ['447700900123', '393471112233', '4915112345678']) {
      const r = await api(s, operator, 'POST', '/api/v1/messages', {
        to,
        type: 'template',
        template: { name: 'promo_estate' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      sent[to] = r.body.message;
    }
    expect((sent['447700900123']!.payload as { language: { code: string } }).language.code).toBe('en');
    expect((sent['393471112233']!.payload as { language: { code: string } }).language.code).toBe('it');
    // the contact's own language beats the country of the prefix
    expect((sent['4915112345678']!.payload as { language: { code: string } }).language.code).toBe('it');
    for (const to of Object.keys(sent))
      await until(
        async () => (await s.ctx.pb.collection('messages').getOne<MessageRecord>(sent[to]!.id)).status === 'read',
        15_000,
      );
    const rendered = s.sandbox!.history('447700900123').find((i) => i.kind === 'message' && i.direction === 'outbound')!
      .rendered!;
    expect(rendered.language).toBe('en');
    expect(rendered.body).toBe('Hi Oliver, your code ESTATE20 is valid until Sunday. See you in the shop!');
    expect(rendered.header).toMatchObject({ format: 'IMAGE', mediaId: expect.any(String) });
    expect(rendered.buttons.map((b) => b.text)).toEqual(['Interested', 'No thanks']);

    // the composer sends the text parameters itself: the image header is still the template's sample
    const own = await api(s, operator, 'POST', '/api/v1/messages', {
      to: '393471112233',
      type: 'template',
      template: {
        name: 'promo_estate',
        language: { code: 'it' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Marco', parameter_name: 'first_name' },
              { type: 'text', text: 'MARCO5', parameter_name: 'code' },
            ],
          },
        ],
      },
    });
    expect(own.status, JSON.stringify(own.body)).toBe(202);
    expect((own.body.message.payload.components as Array<{ type: string }>).map((c) => c.type)).toEqual([
      'header',
      'body',
    ]);
    await until(
      async () => (await s.ctx.pb.collection('messages').getOne<MessageRecord>(own.body.message.id)).status === 'read',
      15_000,
    );
  });

  it('refuses a send that lacks a value, naming the parameter', async () => {
    await contact('393470000001', { first_name: '', name: '' });
    const r = await api(s, admin, 'POST', '/api/v1/messages', {
      to: '393470000001',
      type: 'template',
      template: { name: 'promo_estate' },
    });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'template_params_missing', details: { missing: ['first_name'] } });
  });

  it('refuses an identical template (same language and body) and a second copy of a language', async () => {
    const twin = await api(
      s,
      admin,
      'POST',
      '/api/v1/templates',
      draft(
        'promo_gemella',
        'it',
        'Ciao %%FIRST_NAME%%, per te il codice %%CODE%% vale fino a domenica. Ti aspettiamo in negozio!',
      ),
    );
    expect(twin.status).toBe(409);
    expect(twin.body.error.code).toBe('template_duplicate');
    const again = await api(
      s,
      admin,
      'POST',
      '/api/v1/templates',
      draft('promo_estate', 'en', 'Hello %%FIRST_NAME%%, another text entirely for the same language'),
    );
    expect(again.body.error.code).toBe('template_exists');
  });

  it('shows Meta’s rejection reason and recommendation, and re-categorises when allowed', async () => {
    // promotional words in a utility template: INCORRECT_CATEGORY
    const u = await api(s, admin, 'POST', '/api/v1/templates', {
      ...draft('avviso_sconto', 'it', 'Ciao %%FIRST_NAME%%, solo oggi uno sconto del 30% su tutto il negozio online.'),
      category: 'UTILITY',
    });
    await api(s, admin, 'POST', `/api/v1/templates/${u.body.template.id}/submit`, {});
    const rejected = await statusIs('avviso_sconto', 'it', 'REJECTED');
    expect(rejected.rejected_reason).toBe('INCORRECT_CATEGORY');
    expect(rejected.history!.at(-1)).toMatchObject({
      kind: 'status',
      from: 'PENDING',
      to: 'REJECTED',
      reason: 'INCORRECT_CATEGORY',
    });

    // the same with allow_category_change: approved as marketing, with the change in the history
    const r = await api(s, admin, 'POST', '/api/v1/templates', {
      ...draft('avviso_saldi', 'it', 'Ciao %%FIRST_NAME%%, da lunedì i saldi con uno sconto del 40% in negozio.'),
      category: 'UTILITY',
    });
    await api(s, admin, 'POST', `/api/v1/templates/${r.body.template.id}/submit`, { allow_category_change: true });
    const recat = await statusIs('avviso_saldi', 'it', 'APPROVED');
    expect(recat.category).toBe('MARKETING');
    expect(recat.history!.some((h) => h.kind === 'category' && h.from === 'UTILITY' && h.to === 'MARKETING')).toBe(
      true,
    );

    // a template made elsewhere (straight at Meta) with a variable at the end: INVALID_FORMAT with rejection_info
    const graph = `${s.url}/sandbox/graph/v23.0/${s.ctx.config.whatsapp.wabaId}/message_templates`;
    const made = await fetch(graph, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.ctx.config.whatsapp.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'fatto_altrove',
        category: 'UTILITY',
        language: 'it',
        components: [{ type: 'BODY', text: 'Il tuo ordine è pronto, {{1}}', example: { body_text: [['Anna']] } }],
      }),
    });
    expect(made.status).toBe(200);
    const other = await statusIs('fatto_altrove', 'it', 'REJECTED');
    expect(other.rejected_reason).toBe('INVALID_FORMAT');
    expect(other.status_detail).toMatch(/start or end/);
    expect(other.rejection_recommendation).toMatch(/Add text before and after/);
  });

  it('refuses a paused template at send with the reason, and a disabled one', async () => {
    await sandboxControls().setTemplateStatus('promo_estate', 'PAUSED', 'it');
    // the periodic sync may see the pause first (status only); Meta's reason comes with the status webhook
    await until(async () => {
      const t = await row('promo_estate', 'it').catch(() => undefined);
      return t?.status === 'PAUSED' && /FIRST_PAUSE/.test(String((t as { status_detail?: string }).status_detail ?? ''))
        ? t
        : undefined;
    }, 15_000);
    const r = await api(s, operator, 'POST', '/api/v1/messages', {
      to: '393471112233',
      type: 'template',
      template: { name: 'promo_estate', language: { code: 'it' } },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('template_paused');
    expect(r.body.error.message).toMatch(/FIRST_PAUSE/);
    // with the language left out, the paused translation is skipped: only approved ones are chosen
    const auto = await api(s, operator, 'POST', '/api/v1/messages', {
      to: '393471112233',
      type: 'template',
      template: { name: 'promo_estate' },
    });
    expect(auto.status).toBe(202);
    expect((auto.body.message.payload as { language: { code: string } }).language.code).toBe('en');
    await sandboxControls().setTemplateStatus('promo_estate', 'DISABLED', 'en');
    await statusIs('promo_estate', 'en', 'DISABLED');
    const d = await api(s, operator, 'POST', '/api/v1/messages', {
      to: '447700900123',
      type: 'template',
      template: { name: 'promo_estate', language: { code: 'en' } },
    });
    expect(d.body.error.code).toBe('template_disabled');
  });

  it('edits an approved template once within Meta’s limits, never its category; then says to duplicate', async () => {
    const c = await api(
      s,
      admin,
      'POST',
      '/api/v1/templates',
      draft('news_mese', 'it', 'Ciao %%FIRST_NAME%%, ecco le novità del mese: passa a trovarci quando vuoi.', {
        examples: { first_name: 'Giulia' },
      }),
    );
    await api(s, admin, 'POST', `/api/v1/templates/${c.body.template.id}/submit`, {});
    await statusIs('news_mese', 'it', 'APPROVED');
    const id = c.body.template.id as string;
    const cat = await api(s, admin, 'PATCH', `/api/v1/templates/${id}`, { category: 'UTILITY' });
    expect(cat.status).toBe(409);
    expect(cat.body.error.code).toBe('template_category_locked');
    const body = (text: string) => ({
      components: [
        { type: 'BODY', text },
        { type: 'FOOTER', text: 'Scrivi STOP per annullare' },
      ],
    });
    const e1 = await api(
      s,
      admin,
      'PATCH',
      `/api/v1/templates/${id}`,
      body('Ciao %%FIRST_NAME%%, ecco tutte le novità del mese: ti aspettiamo in negozio.'),
    );
    expect(e1.status, JSON.stringify(e1.body)).toBe(200);
    expect(e1.body.template.status).toBe('PENDING');
    await statusIs('news_mese', 'it', 'APPROVED');
    const e2 = await api(
      s,
      admin,
      'PATCH',
      `/api/v1/templates/${id}`,
      body('Ciao %%FIRST_NAME%%, le novità del mese ti aspettano: passa quando vuoi in negozio.'),
    );
    expect(e2.status).toBe(409);
    expect(e2.body.error.code).toBe('template_edit_limit');
    expect(e2.body.error.message).toMatch(/duplicate/);
    // the mapping can always change (it is ours, not Meta's)
    const m = await api(s, admin, 'PATCH', `/api/v1/templates/${id}`, {
      mapping: { first_name: { source: 'field', field: 'FIRST_NAME', fallback: 'cliente' } },
    });
    expect(m.status).toBe(200);
    const dup = await api(s, admin, 'POST', `/api/v1/templates/${id}/duplicate`, { name: 'news_mese_v2' });
    expect(dup.status).toBe(201);
    expect(dup.body.items[0]).toMatchObject({
      name: 'news_mese_v2',
      status: 'DRAFT',
      mapping: { first_name: { fallback: 'cliente' } },
    });
    expect(dup.body.items[0].draft_components[0].text).toContain('%%FIRST_NAME%%');
  });

  it('deletes one language or all; a deleted approved name is blocked for 30 days', async () => {
    const t = await row('news_mese', 'it');
    const del = await api(s, admin, 'DELETE', `/api/v1/templates/${t.id}?all=true`);
    expect(del.status).toBe(200);
    expect(del.body.deleted).toBe(1);
    expect(Date.parse(del.body.name_reusable_at) - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    expect((await row('news_mese', 'it')).status).toBe('DELETED');
    const again = await api(
      s,
      admin,
      'POST',
      '/api/v1/templates',
      draft('news_mese', 'it', 'Ciao %%FIRST_NAME%%, un testo nuovo per un nome già usato e cancellato.', {
        examples: { first_name: 'G' },
      }),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('template_name_blocked');
    // a draft language just goes
    const d = await api(
      s,
      admin,
      'POST',
      '/api/v1/templates',
      draft('news_mese_v2', 'en', 'Hi %%FIRST_NAME%%, the news of the month are here: come and see us.', {
        examples: { first_name: 'G' },
      }),
    );
    const del2 = await api(s, admin, 'DELETE', `/api/v1/templates/${d.body.template.id}`);
    expect(del2.body).toEqual({ deleted: 1 });
    await expect(s.ctx.pb.collection('templates').getOne(d.body.template.id)).rejects.toThrow();
  });
});

describe('sandbox as Meta’s template API', () => {
  const graph = (path: string, init: RequestInit = {}) =>
    fetch(`${s.url}/sandbox/graph/v23.0${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${s.ctx.config.whatsapp.accessToken}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });

  it('runs the resumable upload: session, bytes from an offset, handle; resume point readable', async () => {
    const app = (await (await graph('/app')).json()) as { id: string };
    const open = (await (
      await graph(`/${app.id}/uploads?file_name=a.png&file_length=${PNG.length}&file_type=image/png`, {
        method: 'POST',
      })
    ).json()) as { id: string };
    expect(open.id).toMatch(/^upload:/);
    const half = Math.floor(PNG.length / 2);
    const part = (await (
      await graph(`/${open.id}`, {
        method: 'POST',
        headers: { file_offset: '0', authorization: `OAuth ${s.ctx.config.whatsapp.accessToken}` },
        body: PNG.subarray(0, half),
      })
    ).json()) as { file_offset: number };
    expect(part.file_offset).toBe(half);
    expect(((await (await graph(`/${open.id}`)).json()) as { file_offset: number }).file_offset).toBe(half);
    const wrong = await graph(`/${open.id}`, {
      method: 'POST',
      headers: { file_offset: '0' },
      body: PNG.subarray(half),
    });
    expect(wrong.status).toBe(400);
    const done = (await (
      await graph(`/${open.id}`, { method: 'POST', headers: { file_offset: String(half) }, body: PNG.subarray(half) })
    ).json()) as { h: string };
    expect(done.h).toBeTruthy();
    const bad = await graph(`/${s.ctx.config.whatsapp.wabaId}/message_templates`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'img_handle',
        category: 'MARKETING',
        language: 'it',
        components: [
          { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['made-up'] } },
          { type: 'BODY', text: 'Ciao, le nostre novità ti aspettano in negozio' },
        ],
      }),
    });
    expect(((await bad.json()) as { error: { error_subcode: number } }).error.error_subcode).toBe(2388273);
  });

  it('allows 100 template creations per WABA per hour, then 80008', async () => {
    const waba = s.ctx.config.whatsapp.wabaId;
    let refused: { error: { code: number } } | undefined;
    let ok = 0;
    for (let i = 0; i < 105 && !refused; i++) {
      const r = await graph(`/${waba}/message_templates`, {
        method: 'POST',
        body: JSON.stringify({
          name: `bulk_${i}`,
          category: 'UTILITY',
          language: 'it',
          components: [{ type: 'BODY', text: `Messaggio di prova numero ${i} per il limite orario di Meta` }],
        }),
      });
      if (r.status === 200) ok++;
      else refused = (await r.json()) as { error: { code: number } };
    }
    expect(refused?.error.code).toBe(80008);
    // this file's earlier tests created 6 templates in the same hour: together exactly 100
    expect(ok + 6).toBe(100);
  });
});
