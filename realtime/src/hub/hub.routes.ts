/**
 * /pb/api/realtime, answered by the hub instead of PocketBase, with PocketBase's protocol:
 * GET opens the SSE stream and sends PB_CONNECT with the client id; POST {clientId, subscriptions} with
 * the user's token sets the whole subscription set (204). The first authorised POST fixes the stream's
 * user; a later one for someone else is refused (403), as PocketBase does.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../../api/src/lib/errors.ts';
import type { HubUser } from './hub-access.ts';
import { MAX_TOPIC_LENGTH, MAX_TOPICS } from './hub-topics.ts';
import type { RealtimeHub } from './realtime-hub.ts';

const Body = z.object({
  clientId: z.string().min(1).max(64),
  subscriptions: z.array(z.string().min(1).max(MAX_TOPIC_LENGTH)).max(MAX_TOPICS).optional(),
});

export interface HubRouteDeps {
  hub: RealtimeHub;
  /** the signed-in user behind a token (throws 401 for a revoked, expired or deactivated one) */
  verify: (token: string) => Promise<HubUser>;
}

/** Mounted at /pb/api/realtime, before the /pb proxy. */
export function hubRoutes(deps: HubRouteDeps): Hono {
  const a = new Hono();
  a.get('/', (c) => {
    const client = deps.hub.connect();
    c.req.raw.signal.addEventListener('abort', () => client.close(), { once: true });
    return new Response(client.stream, {
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  });
  a.post('/', async (c) => {
    const parsed = Body.safeParse(await readJson(c));
    if (!parsed.success)
      throw new AppError('invalid_body', 400, 'Expected {clientId, subscriptions: [topic, …]}', parsed.error.issues);
    const client = deps.hub.client(parsed.data.clientId);
    if (!client) throw new AppError('not_found', 404, 'Missing or invalid client id.');
    const token = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '').trim();
    const user = token ? await deps.verify(token) : undefined;
    if ((client.auth?.user.id ?? '') !== (user?.id ?? '') && client.auth)
      throw new AppError('forbidden', 403, "The current and the previous request authorization don't match.");
    if (user) client.auth = { token, user };
    try {
      await client.subscribe(parsed.data.subscriptions ?? []);
    } catch {
      throw new AppError('store_unavailable', 503, 'The data store is restarting, try again shortly');
    }
    return c.body(null, 204);
  });
  return a;
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}
