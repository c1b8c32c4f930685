/** Web-push device subscriptions and per-user notification preferences. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { bearer, errorResponses, json, openApiApp } from '../../lib/openapi.ts';
import type { UserRecord } from '../../lib/records.ts';
import type { WebPushSender } from '../../../../realtime/src/push/web-push-sender.ts';
import { refuseEndpoint } from '../../../../realtime/src/push/push-endpoint.ts';
import { pushText } from '../../../../realtime/src/push/push-texts.ts';
import { updateRecord } from '../../lib/record-update.ts';

const HHMM = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d)?$/, 'a time like "22:00" (or empty)');
const Prefs = z
  .object({ muted: z.boolean(), dnd_from: HHMM, dnd_to: HHMM, timezone: z.string().max(64) })
  .openapi('NotificationPreferences');
const prefsOf = (u: UserRecord) => ({
  muted: !!u.notify_muted,
  dnd_from: u.dnd_from ?? '',
  dnd_to: u.dnd_to ?? '',
  timezone: u.timezone ?? '',
});

export async function removeSubscription(ctx: AppContext, userId: string, endpoint: string): Promise<void> {
  const rows = await ctx.pb.collection('push_subscriptions').getFullList<{ id: string }>({
    filter: ctx.pb.filter('user = {:u} && endpoint = {:e}', { u: userId, e: endpoint }),
    fields: 'id',
  });
  for (const r of rows) await ctx.pb.collection('push_subscriptions').delete(r.id);
}

export async function removeAllSubscriptions(ctx: AppContext, userId: string): Promise<void> {
  const rows = await ctx.pb
    .collection('push_subscriptions')
    .getFullList<{ id: string }>({ filter: ctx.pb.filter('user = {:u}', { u: userId }), fields: 'id' });
  for (const r of rows) await ctx.pb.collection('push_subscriptions').delete(r.id);
}

export function pushRoutes(ctx: AppContext, sender: WebPushSender, onUserChanged: (id: string) => void) {
  const app = openApiApp();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/push/vapid-public-key',
      tags: ['push'],
      security: bearer,
      summary: 'The application server key for PushManager.subscribe',
      responses: { 200: json(z.object({ publicKey: z.string() }), 'Key'), ...errorResponses },
    }),
    (c) => c.json({ publicKey: ctx.config.vapid.publicKey }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/push/subscriptions',
      tags: ['push'],
      security: bearer,
      summary: 'Register this device for notifications (idempotent per endpoint)',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                // only real push services (or origins configured explicitly): never a URL of the server's own network
                endpoint: z
                  .string()
                  .url()
                  .max(2000)
                  .superRefine((u, cx) => {
                    const why = refuseEndpoint(u, ctx.config.push);
                    if (why) cx.addIssue({ code: 'custom', message: `endpoint: ${why}` });
                  }),
                keys: z.object({
                  p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, 'keys.p256dh: base64url P-256 key'),
                  auth: z.string().regex(/^[A-Za-z0-9_-]{16,30}={0,2}$/, 'keys.auth: base64url secret'),
                }),
                device: z.string().max(200).optional(),
              }),
            },
          },
        },
      },
      responses: { 201: json(z.object({ id: z.string() }), 'Registered'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      const { endpoint, keys, device } = c.req.valid('json');
      const { pb } = ctx;
      const existing = await pb
        .collection('push_subscriptions')
        .getList<{ id: string }>(1, 1, { filter: pb.filter('endpoint = {:e}', { e: endpoint }), fields: 'id' });
      // An endpoint belongs to one browser: if someone else signed in on it, it now notifies the new user.
      const data = { user: user.id, endpoint, p256dh: keys.p256dh, auth: keys.auth, device: device ?? '', failures: 0 };
      const row = existing.items[0]
        ? await updateRecord<{ id: string }>(pb, 'push_subscriptions', existing.items[0].id, data)
        : await pb.collection('push_subscriptions').create<{ id: string }>(data);
      return c.json({ id: row.id }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/push/subscriptions',
      tags: ['push'],
      security: bearer,
      summary: 'Stop notifications on this device',
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ endpoint: z.string().url().max(2000) }) } },
        },
      },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      await removeSubscription(ctx, c.get('user').id, c.req.valid('json').endpoint);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/push/preferences',
      tags: ['push'],
      security: bearer,
      summary: 'Your notification preferences',
      responses: { 200: json(Prefs, 'Preferences'), ...errorResponses },
    }),
    async (c) => c.json(prefsOf(await ctx.pb.collection('users').getOne<UserRecord>(c.get('user').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/push/preferences',
      tags: ['push'],
      security: bearer,
      summary: 'Mute all notifications, or set do-not-disturb hours (in your time zone)',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: Prefs.partial().refine((p) => !p.timezone || isTimeZone(p.timezone), {
                message: 'timezone: unknown IANA time zone',
                path: ['timezone'],
              }),
            },
          },
        },
      },
      responses: { 200: json(Prefs, 'Preferences'), ...errorResponses },
    }),
    async (c) => {
      const p = c.req.valid('json');
      const data: Record<string, unknown> = {};
      if (p.muted !== undefined) data.notify_muted = p.muted;
      if (p.dnd_from !== undefined) data.dnd_from = p.dnd_from;
      if (p.dnd_to !== undefined) data.dnd_to = p.dnd_to;
      if (p.timezone !== undefined) data.timezone = p.timezone;
      const u = await updateRecord<UserRecord>(ctx.pb, 'users', c.get('user').id, data);
      onUserChanged(u.id);
      return c.json(prefsOf(u), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/push/test',
      tags: ['push'],
      security: bearer,
      summary: 'Send a test notification to your devices',
      responses: { 202: json(z.object({ ok: z.boolean() }), 'Sent'), ...errorResponses },
    }),
    async (c) => {
      await sender.toUser(c.get('user').id, {
        title: 'Spunta',
        body: pushText('test', c.get('user').language),
        conversationId: 'test',
        tag: 'spunta-test',
        url: '/#/',
      });
      return c.json({ ok: true }, 202);
    },
  );
  return app;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
