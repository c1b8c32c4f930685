/**
 * Test/demo controls over HTTP: fault injection, reset, arbitrary webhooks, template status and quality changes.
 * Deliberately unauthenticated like the phone page: the sandbox only runs when no Meta account is set up.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from './context.ts';
import { faultPatchSchema } from './faults.ts';
import { emitTemplateStatus } from './graph.routes.ts';
import type { TemplateStatus } from './templates.store.ts';
import type { FaultPatch } from './types.ts';
import { envelope } from './webhooks.ts';

const TEMPLATE_EVENTS = [
  'APPROVED',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'PENDING',
  'PENDING_DELETION',
  'ARCHIVED',
  'LIMIT_EXCEEDED',
] as const;

const webhookSchema = z.object({
  field: z.string().min(1),
  value: z.record(z.string(), z.unknown()),
  wabaId: z.string().optional(),
});

const templateStatusSchema = z.object({
  name: z.string().min(1),
  language: z.string().optional(),
  status: z.enum(TEMPLATE_EVENTS),
  reason: z.string().optional(),
});

const QUALITY = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const;
const templateQualitySchema = z.object({
  name: z.string().min(1),
  language: z.string().optional(),
  score: z.enum(QUALITY),
});

/** What Meta would answer about a number from now on (its portfolio's tier, quality, status, throughput). */
const numberStandingSchema = z
  .object({
    phoneNumberId: z
      .string()
      .regex(/^[0-9]+$/)
      .optional(),
    tier: z.enum(['TIER_50', 'TIER_250', 'TIER_1K', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED']).optional(),
    quality: z.enum(['GREEN', 'YELLOW', 'RED']).optional(),
    status: z
      .enum([
        'CONNECTED',
        'FLAGGED',
        'RESTRICTED',
        'PENDING',
        'DELETED',
        'MIGRATED',
        'BANNED',
        'RATE_LIMITED',
        'DISCONNECTED',
        'UNKNOWN',
      ])
      .optional(),
    throughput: z.enum(['STANDARD', 'HIGH']).optional(),
    /** the number's throughput cap in messages/s (Meta: 80 by default, 1,000 when upgraded; 20 coexistence) */
    mps: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

async function parse<T>(c: Context, schema: z.ZodType<T>): Promise<T | Response> {
  const raw = await c.req.json().catch(() => undefined);
  const r = schema.safeParse(raw ?? {});
  return r.success ? r.data : c.json({ error: { message: 'invalid body', issues: r.error.issues } }, 400);
}

export async function emitChange(ctx: SandboxContext, field: string, value: Record<string, unknown>, wabaId?: string) {
  const waba = wabaId ?? ctx.numbers.values().next().value?.wabaId ?? '0';
  await ctx.webhooks.post(envelope(waba, field, value));
}

/** Sets a template's status by name (all its languages unless one is given) and sends the status webhook. */
export async function setTemplateStatus(
  ctx: SandboxContext,
  name: string,
  status: TemplateStatus,
  language?: string,
  reason = 'NONE',
): Promise<number> {
  const wabas = new Set([...ctx.numbers.values()].map((n) => n.wabaId));
  const hits = [...wabas].flatMap((w) => ctx.templates.find(w, name, language));
  for (const t of hits) {
    ctx.templates.setStatus(t.id, status);
    await emitTemplateStatus(ctx, t, status, reason);
  }
  ctx.state.saveSoon();
  return hits.length;
}

/**
 * Sets a template's quality score (all its languages unless one is given) and sends Meta's
 * message_template_quality_update webhook; later template reads report the same score, as Meta's do.
 */
export async function setTemplateQuality(
  ctx: SandboxContext,
  name: string,
  score: (typeof QUALITY)[number],
  language?: string,
): Promise<number> {
  const wabas = new Set([...ctx.numbers.values()].map((n) => n.wabaId));
  let n = 0;
  for (const waba of wabas) {
    for (const t of ctx.templates.find(waba, name, language)) {
      const previous = t.qualityScore ?? 'UNKNOWN';
      t.qualityScore = score;
      n++;
      await emitChange(
        ctx,
        'message_template_quality_update',
        {
          previous_quality_score: previous,
          new_quality_score: score,
          message_template_id: Number(t.id),
          message_template_name: t.name,
          message_template_language: t.language,
        },
        waba,
      );
    }
  }
  ctx.state.saveSoon();
  return n;
}

export function controlRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();

  app.get('/control/faults', (c) => c.json(ctx.faults.state()));

  // Like Meta's "API Setup" page: the test numbers of other apps, with what is needed to connect them.
  // The shared number's credentials are never listed (the product already has them from its own config).
  app.get('/control/numbers', (c) =>
    c.json({
      data: [...ctx.numbers.values()]
        .filter((n) => n.accessToken && n.appSecret)
        .map((n) => ({
          phone_number_id: n.phoneNumberId,
          waba_id: n.wabaId,
          display_phone_number: n.displayPhoneNumber,
          verified_name: n.verifiedName,
          access_token: n.accessToken,
          app_secret: n.appSecret,
        })),
    }),
  );

  app.post('/control/numbers/standing', async (c) => {
    const b = await parse(c, numberStandingSchema);
    if (b instanceof Response) return b;
    const n = b.phoneNumberId ? ctx.numbers.get(b.phoneNumberId) : ctx.numbers.values().next().value;
    if (!n) return c.json({ error: { message: 'number not found' } }, 404);
    if (b.tier) n.messagingLimitTier = b.tier;
    if (b.quality) n.qualityRating = b.quality;
    if (b.status) n.status = b.status;
    if (b.throughput) n.throughputLevel = b.throughput;
    if (b.mps) n.throughputMps = b.mps;
    ctx.state.saveSoon();
    return c.json({ success: true, phone_number_id: n.phoneNumberId });
  });

  app.post('/control/faults', async (c) => {
    const patch = await parse(c, faultPatchSchema);
    if (patch instanceof Response) return patch;
    return c.json(ctx.faults.apply(patch as FaultPatch));
  });

  // {"all":true} also forgets customers, history and media and restores the seed templates
  app.post('/control/reset', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { all?: unknown };
    ctx.faults.reset();
    ctx.limits.reset();
    if (body.all === true) {
      ctx.messagingLimit.reset();
      ctx.state.clear();
      ctx.media.clear();
      ctx.templates.reseed();
      ctx.state.saveSoon();
    }
    return c.json({ success: true, faults: ctx.faults.state() });
  });

  app.post('/control/webhook', async (c) => {
    const b = await parse(c, webhookSchema);
    if (b instanceof Response) return b;
    await emitChange(ctx, b.field, b.value, b.wabaId);
    return c.json({ success: true });
  });

  app.post('/control/templates/status', async (c) => {
    const b = await parse(c, templateStatusSchema);
    if (b instanceof Response) return b;
    const n = await setTemplateStatus(ctx, b.name, b.status, b.language, b.reason);
    return n ? c.json({ success: true, updated: n }) : c.json({ error: { message: 'template not found' } }, 404);
  });

  app.post('/control/templates/quality', async (c) => {
    const b = await parse(c, templateQualitySchema);
    if (b instanceof Response) return b;
    const n = await setTemplateQuality(ctx, b.name, b.score, b.language);
    return n ? c.json({ success: true, updated: n }) : c.json({ error: { message: 'template not found' } }, 404);
  });

  // how each number was paced: its cap, sends accepted, 130429s answered, the most sends in any 1 s window;
  // and the messaging limit: customers reached outside their window in 24 h per WABA, sends failed over it
  app.get('/control/throughput', (c) =>
    c.json({
      numbers: Object.fromEntries([...ctx.numbers.keys()].map((id) => [id, ctx.limits.stats(id)])),
      messaging_limit: {
        used: Object.fromEntries(
          [...new Set([...ctx.numbers.values()].map((n) => n.wabaId))].map((w) => [w, ctx.messagingLimit.used(w)]),
        ),
        refused: ctx.messagingLimit.refused,
      },
    }),
  );

  app.get('/control/stats', (c) =>
    c.json({ webhooksDelivered: ctx.webhooks.delivered, webhookFailedAttempts: ctx.webhooks.failedAttempts }),
  );

  return app;
}
