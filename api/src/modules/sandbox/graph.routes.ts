/**
 * The Graph API surface (mounted under /graph/{version}): Bearer-checked, Meta's success and error JSON.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { numberForWaba, type SandboxContext } from './context.ts';
import { GraphError, graphErrorResponse, invalid } from './errors.ts';
import { markRead, sendMessage } from './outbound.ts';
import { project, type TemplateRecord } from './templates.store.ts';
import type { SandboxNumber } from './types.ts';
import { isRecord } from './util.ts';
import { appIdFor } from './uploads.ts';
import { envelope } from './webhooks.ts';

type Handler = (c: Context) => Promise<Response> | Response;

/** Every Graph failure becomes Meta's error JSON; anything unexpected is Meta's code 1 (500). */
function graph(ctx: SandboxContext, fn: Handler): Handler {
  return async (c) => {
    try {
      return await fn(c);
    } catch (err) {
      if (err instanceof GraphError) return graphErrorResponse(c, err);
      ctx.log('sandbox: unexpected error in Graph route', String(err));
      return graphErrorResponse(
        c,
        new GraphError(1, 'An unknown error occurred', { title: 'An unknown error occurred' }),
      );
    }
  };
}

export function bearerOf(c: Context): string {
  const header = c.req.header('authorization') ?? '';
  // the Resumable Upload API documents "OAuth <token>"; the rest of the Graph API "Bearer <token>"
  const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
  return m?.[1] ?? c.req.query('access_token') ?? '';
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** Is the request's token the shared one or the token of one of `numbers`' apps? */
export function bearerOk(c: Context, token: string, numbers: Iterable<SandboxNumber> = []): boolean {
  const given = bearerOf(c);
  if (sameToken(given, token)) return true;
  for (const n of numbers) if (n.accessToken && sameToken(given, n.accessToken)) return true;
  return false;
}

/** A number of its own app answers only its own token; the others answer the shared token. */
function mayUse(c: Context, ctx: SandboxContext, n: SandboxNumber): boolean {
  return sameToken(bearerOf(c), n.accessToken ?? ctx.cfg.accessToken);
}

function unknownObject(id: string, method: string): GraphError {
  return new GraphError(
    100,
    `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    { subcode: 33 },
  );
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw invalid('The request body must be valid JSON.');
  }
  if (!isRecord(body)) throw invalid('The request body must be a JSON object.');
  return body;
}

export async function emitTemplateStatus(
  ctx: SandboxContext,
  t: TemplateRecord,
  event: string,
  reason: string,
  detail?: string,
  recommendation?: string,
): Promise<void> {
  const value: Record<string, unknown> = {
    event,
    message_template_id: Number(t.id),
    message_template_name: t.name,
    message_template_language: t.language,
    reason,
    message_template_category: t.category,
  };
  // Meta adds rejection_info only to INVALID_FORMAT rejections
  if (event === 'REJECTED' && reason === 'INVALID_FORMAT' && detail) {
    value.rejection_info = {
      reason: detail,
      recommendation: recommendation ?? 'Edit the template and submit it again.',
    };
  }
  // pauses and disables carry Meta's other_info (and disable_info); the title says which pause it is
  if (event === 'PAUSED') {
    value.other_info = {
      title: 'FIRST_PAUSE',
      description:
        'Your message template has been paused for 3 hours because of low quality: customers blocked or reported it.',
    };
  } else if (event === 'DISABLED') {
    value.disable_info = { disable_date: Math.floor(ctx.now() / 1000) };
    value.other_info = {
      title: 'DISABLED',
      description: 'Your message template has been disabled because of repeated low quality.',
    };
  }
  await ctx.webhooks.post(envelope(t.wabaId, 'message_template_status_update', value));
}

/** template_category_update for a completed change, in Meta's shape. */
async function emitCategoryUpdate(ctx: SandboxContext, t: TemplateRecord, previous: string): Promise<void> {
  await ctx.webhooks.post(
    envelope(t.wabaId, 'template_category_update', {
      message_template_id: Number(t.id),
      message_template_name: t.name,
      message_template_language: t.language,
      previous_category: previous,
      new_category: t.category,
    }),
  );
}

function phoneInfo(ctx: SandboxContext, n: SandboxNumber, fields: string[] | undefined): Record<string, unknown> {
  const tier = n.messagingLimitTier ?? 'TIER_2K';
  const full: Record<string, unknown> = {
    verified_name: n.verifiedName,
    code_verification_status: 'VERIFIED',
    display_phone_number: n.displayPhoneNumber,
    quality_rating: n.qualityRating ?? 'GREEN',
    platform_type: 'CLOUD_API',
    throughput: { level: n.throughputLevel ?? 'STANDARD' },
    status: n.status ?? 'CONNECTED',
    name_status: 'APPROVED',
    messaging_limit_tier: tier,
    whatsapp_business_manager_messaging_limit: tier,
    is_official_business_account: false,
    id: n.phoneNumberId,
  };
  if (!fields?.length) {
    const {
      status: _s,
      name_status: _n,
      messaging_limit_tier: _m,
      whatsapp_business_manager_messaging_limit: _w,
      is_official_business_account: _o,
      ...rest
    } = full;
    return rest;
  }
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in full) out[f] = full[f];
  out.id = n.phoneNumberId;
  return out;
}

const fieldsOf = (c: Context) =>
  c.req
    .query('fields')
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean);

export function graphRoutes(ctx: SandboxContext): Hono {
  const g = new Hono();

  g.use('*', async (c, next) => {
    if (!bearerOk(c, ctx.cfg.accessToken, ctx.numbers.values())) {
      const had = Boolean(c.req.header('authorization') || c.req.query('access_token'));
      return graphErrorResponse(
        c,
        new GraphError(
          190,
          had
            ? 'Invalid OAuth access token - Cannot parse access token'
            : 'An access token is required to request this resource.',
          { bare: true },
        ),
      );
    }
    // Meta checks appsecret_proof whenever it is given: HMAC-SHA256 of the token keyed with the token's app secret
    const proof = c.req.query('appsecret_proof');
    if (proof !== undefined) {
      const token = bearerOf(c);
      const secret = [...ctx.numbers.values()].find((n) => n.accessToken === token)?.appSecret ?? ctx.cfg.appSecret;
      if (!sameToken(proof.toLowerCase(), createHmac('sha256', secret).update(token).digest('hex'))) {
        return graphErrorResponse(
          c,
          new GraphError(100, 'Invalid appsecret_proof provided in the API argument', {
            bare: true,
            type: 'GraphMethodException',
          }),
        );
      }
    }
    await next();
  });

  g.post(
    '/:id/messages',
    graph(ctx, async (c) => {
      const n = ctx.numbers.get(c.req.param('id')!);
      if (!n || !mayUse(c, ctx, n)) throw unknownObject(c.req.param('id')!, 'post');
      const body = await jsonBody(c);
      if (body.status === 'read') return c.json(markRead(ctx, n, body));
      return c.json(await sendMessage(ctx, n, body));
    }),
  );

  g.post(
    '/:id/media',
    graph(ctx, async (c) => {
      const n = ctx.numbers.get(c.req.param('id')!);
      if (!n || !mayUse(c, ctx, n)) throw unknownObject(c.req.param('id')!, 'post');
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        throw invalid('Upload must be multipart/form-data with file, type and messaging_product.');
      }
      if (form.get('messaging_product') !== 'whatsapp') throw invalid('The parameter messaging_product is required.');
      const file = form.get('file');
      if (!(file instanceof File)) throw invalid('The parameter file is required.');
      const type = form.get('type');
      const mime = typeof type === 'string' && type ? type : file.type;
      const bytes = new Uint8Array(await file.arrayBuffer());
      const rec = ctx.media.put(bytes, mime, {
        origin: 'business',
        phoneNumberId: n.phoneNumberId,
        enforce: true,
        ...(file.name && file.name !== 'blob' ? { filename: file.name } : {}),
      });
      return c.json({ id: rec.id });
    }),
  );

  // the app of the token (Meta: GET /app), whose id the Resumable Upload API needs
  g.get(
    '/app',
    graph(ctx, (c) =>
      c.json({
        link: 'https://www.facebook.com/games/?app_id=' + appIdFor(bearerOf(c)),
        name: 'Spunta sandbox app',
        id: appIdFor(bearerOf(c)),
      }),
    ),
  );

  g.post(
    '/:id/uploads',
    graph(ctx, (c) => {
      const appId = c.req.param('id')!;
      if (appId !== appIdFor(bearerOf(c))) throw unknownObject(appId, 'post');
      return c.json(ctx.uploads.open(appId, c.req.query()));
    }),
  );

  g.get(
    '/:id/phone_numbers',
    graph(ctx, (c) => {
      const wabaId = c.req.param('id')!;
      const list = [...ctx.numbers.values()].filter((n) => n.wabaId === wabaId && mayUse(c, ctx, n));
      if (!list.length) throw unknownObject(wabaId, 'get');
      return c.json({ data: list.map((n) => phoneInfo(ctx, n, fieldsOf(c))) });
    }),
  );

  g.get(
    '/:id/message_templates',
    graph(ctx, (c) => {
      const wabaId = c.req.param('id')!;
      const owner = numberForWaba(ctx, wabaId);
      if (!owner || !mayUse(c, ctx, owner)) throw unknownObject(wabaId, 'get');
      const q = c.req.query();
      const base = `${ctx.publicBaseUrl().replace(/\/$/, '')}/graph/${c.req.param('version') ?? ctx.cfg.apiVersion}/${wabaId}/message_templates`;
      return c.json(ctx.templates.list(wabaId, q, (p) => `${base}?${new URLSearchParams(p).toString()}`));
    }),
  );

  g.post(
    '/:id/message_templates',
    graph(ctx, async (c) => {
      const wabaId = c.req.param('id')!;
      const owner = numberForWaba(ctx, wabaId);
      if (!owner || !mayUse(c, ctx, owner)) throw unknownObject(wabaId, 'post');
      const body = await jsonBody(c);
      checkHandles(ctx, body);
      const t = ctx.templates.create(wabaId, body);
      scheduleReview(ctx, t.id);
      ctx.state.saveSoon();
      return c.json({ id: t.id, status: t.status, category: t.category });
    }),
  );

  g.delete(
    '/:id/message_templates',
    graph(ctx, (c) => {
      const wabaId = c.req.param('id')!;
      const owner = numberForWaba(ctx, wabaId);
      if (!owner || !mayUse(c, ctx, owner)) throw unknownObject(wabaId, 'delete');
      const name = c.req.query('name');
      if (!name) throw invalid('The parameter name is required.');
      ctx.templates.delete(wabaId, name, c.req.query('hsm_id'));
      ctx.state.saveSoon();
      return c.json({ success: true });
    }),
  );

  g.get(
    '/:id',
    graph(ctx, (c) => {
      const id = c.req.param('id')!;
      const n = ctx.numbers.get(id);
      if (n && mayUse(c, ctx, n)) return c.json(phoneInfo(ctx, n, fieldsOf(c)));
      if (n) throw unknownObject(id, 'get');
      const m = ctx.media.get(id);
      if (m) {
        const injected = ctx.faults.takeFailMediaLookup();
        if (injected) throw GraphError.from(injected);
        return c.json({
          messaging_product: 'whatsapp',
          url: ctx.media.downloadUrl(ctx.publicBaseUrl(), id),
          mime_type: m.mimeType,
          sha256: m.sha256Hex,
          file_size: m.size,
          id,
        });
      }
      const t = ctx.templates.get(id);
      if (t) return c.json(project(t, fieldsOf(c)));
      const upload = id.startsWith('upload:') ? ctx.uploads.status(id) : undefined;
      if (upload) return c.json(upload);
      throw unknownObject(id, 'get');
    }),
  );

  g.post(
    '/:id',
    graph(ctx, async (c) => {
      const id = c.req.param('id')!;
      if (id.startsWith('upload:')) {
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        const res = ctx.uploads.append(id, appIdFor(bearerOf(c)), c.req.header('file_offset'), bytes);
        ctx.state.saveSoon();
        return c.json(res);
      }
      if (!ctx.templates.get(id)) throw unknownObject(id, 'post');
      ctx.templates.edit(id, await jsonBody(c));
      scheduleReview(ctx, id);
      ctx.state.saveSoon();
      return c.json({ success: true });
    }),
  );

  g.delete(
    '/:id',
    graph(ctx, (c) => {
      const id = c.req.param('id')!;
      if (!ctx.media.delete(id)) throw unknownObject(id, 'delete');
      ctx.state.saveSoon();
      return c.json({ success: true });
    }),
  );

  g.all(
    '*',
    graph(ctx, (c) => {
      throw invalid(`Unknown path components: ${new URL(c.req.url).pathname}`);
    }),
  );
  return g;
}

/** A media header's sample must be a handle this app's Resumable Upload produced. */
function checkHandles(ctx: SandboxContext, body: Record<string, unknown>): void {
  const components = Array.isArray(body.components) ? body.components : [];
  for (const comp of components) {
    const handle =
      isRecord(comp) && isRecord(comp.example) && Array.isArray(comp.example.header_handle)
        ? comp.example.header_handle[0]
        : undefined;
    if (typeof handle === 'string' && !ctx.uploads.hasHandle(handle)) {
      const msg =
        'The sample media handle is not valid: upload the file with the Resumable Upload API and use the handle it returns.';
      throw new GraphError(100, msg, { subcode: 2388273, userTitle: 'Invalid Sample Media', userMsg: msg });
    }
  }
}

function scheduleReview(ctx: SandboxContext, id: string): void {
  ctx.timers.after(ctx.cfg.templateReviewMs, () => {
    const outcome = ctx.templates.review(id);
    if (!outcome) return;
    ctx.state.saveSoon();
    void (async () => {
      if (outcome.template.category !== outcome.previousCategory)
        await emitCategoryUpdate(ctx, outcome.template, outcome.previousCategory);
      await emitTemplateStatus(
        ctx,
        outcome.template,
        outcome.status,
        outcome.reason,
        outcome.detail,
        outcome.recommendation,
      );
    })();
  });
}
