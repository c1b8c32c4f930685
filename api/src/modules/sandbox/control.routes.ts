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
    /** send the webhooks Meta sends for these changes (default true) */
    webhook: z.boolean().optional(),
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

type SandboxNumber = SandboxContext['numbers'] extends Map<string, infer N> ? N : never;
const TIER_ORDER = ['TIER_50', 'TIER_250', 'TIER_1K', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'];

/**
 * The webhooks Meta sends when a number's standing changes: phone_number_quality_update FLAGGED when the
 * quality falls to low and UNFLAGGED when it recovers, UPGRADE / DOWNGRADE (and business_capability_update)
 * when the portfolio's limit moves, THROUGHPUT_UPGRADE, and account_update ACCOUNT_RESTRICTION when the
 * number is restricted. A move between high and medium quality has no webhook at Meta: the product sees it
 * on its next read of the number (periodic, after any of these webhooks, or the dashboard's refresh).
 */
async function standingWebhooks(
  ctx: SandboxContext,
  n: SandboxNumber,
  before: {
    tier?: string | undefined;
    quality?: string | undefined;
    status?: string | undefined;
    tp?: string | undefined;
  },
): Promise<string[]> {
  const sent: string[] = [];
  const tier = n.messagingLimitTier ?? 'TIER_250';
  const quality = async (event: string, extra: Record<string, unknown> = {}) => {
    await emitChange(
      ctx,
      'phone_number_quality_update',
      {
        display_phone_number: n.displayPhoneNumber.replace(/\D/g, ''),
        event,
        max_daily_conversations_per_business: tier,
        ...extra,
      },
      n.wabaId,
    );
    sent.push(`phone_number_quality_update:${event}`);
  };
  const wasLow = before.quality === 'RED' || before.status === 'FLAGGED';
  const isLow = n.qualityRating === 'RED' || n.status === 'FLAGGED';
  if (isLow && !wasLow) await quality('FLAGGED');
  if (!isLow && wasLow) await quality('UNFLAGGED');
  if (before.tier && n.messagingLimitTier && before.tier !== n.messagingLimitTier) {
    const up = TIER_ORDER.indexOf(n.messagingLimitTier) > TIER_ORDER.indexOf(before.tier);
    await quality(up ? 'UPGRADE' : 'DOWNGRADE');
    await emitChange(ctx, 'business_capability_update', { max_daily_conversations_per_business: tier }, n.wabaId);
    sent.push('business_capability_update');
  }
  if (n.throughputLevel === 'HIGH' && before.tp !== 'HIGH') await quality('THROUGHPUT_UPGRADE');
  if (n.status === 'RESTRICTED' && before.status !== 'RESTRICTED') {
    await emitChange(
      ctx,
      'account_update',
      {
        phone_number: n.displayPhoneNumber.replace(/\D/g, ''),
        event: 'ACCOUNT_RESTRICTION',
        restriction_info: [
          {
            restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING',
            expiration: Math.floor(Date.now() / 1000) + 7 * 86_400,
          },
        ],
      },
      n.wabaId,
    );
    sent.push('account_update:ACCOUNT_RESTRICTION');
  }
  if (before.status === 'RESTRICTED' && n.status && n.status !== 'RESTRICTED') {
    await emitChange(
      ctx,
      'account_update',
      { phone_number: n.displayPhoneNumber.replace(/\D/g, ''), event: 'ACCOUNT_RECONNECTED' },
      n.wabaId,
    );
    sent.push('account_update:ACCOUNT_RECONNECTED');
  }
  ctx.state.saveSoon();
  return sent;
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
    const before = { tier: n.messagingLimitTier, quality: n.qualityRating, status: n.status, tp: n.throughputLevel };
    if (b.tier) n.messagingLimitTier = b.tier;
    if (b.quality) n.qualityRating = b.quality;
    if (b.status) n.status = b.status;
    if (b.throughput) n.throughputLevel = b.throughput;
    if (b.mps) n.throughputMps = b.mps;
    ctx.state.saveSoon();
    const sent = b.webhook === false ? [] : await standingWebhooks(ctx, n, before);
    return c.json({ success: true, phone_number_id: n.phoneNumberId, webhooks: sent });
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
