/**
 * /pb/* → PocketBase, so the browser talks to one origin. Streams both ways (realtime SSE is never
 * buffered) and only lets through what a client may use: record CRUD of app collections (their API
 * rules still apply), user auth, realtime, files and health. The admin dashboard, settings, logs,
 * backups and superuser auth are never reachable from outside.
 */
import type { Context } from 'hono';
import { clientAddress } from './client-address.ts';
import { errorBody } from './errors.ts';
import type { LoginThrottle } from '../modules/auth/login-throttle.ts';
import type { TokenRevocations } from '../modules/auth/token-revocations.ts';

export interface PbProxyGuards {
  throttle: LoginThrottle;
  revocations: TokenRevocations;
  trustProxyHops: number;
}

const PASSWORD_AUTH = /^\/api\/collections\/users\/auth-with-password$/;

const ALLOWED = [
  /^\/api\/health$/,
  /^\/api\/realtime$/,
  /^\/api\/files\/[^/]+\/[^/]+\/[^/]+$/,
  /^\/api\/files\/token$/,
  /^\/api\/collections\/users\/(auth-with-password|auth-refresh|auth-methods)$/,
  /^\/api\/collections\/(?!_)[a-z0-9_]+\/records(\/[a-z0-9]+)?$/,
];

const HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'accept-encoding',
  'te',
  'trailer',
  'proxy-authorization',
]);

export function pbProxy(target: () => string, guards: PbProxyGuards) {
  return async (c: Context) => {
    const url = new URL(c.req.url);
    const path = url.pathname.replace(/^\/pb/, '') || '/';
    if (!ALLOWED.some((r) => r.test(path))) {
      return c.json({ error: { code: 'not_found', message: 'Not available through /pb' } }, 404);
    }
    // A signed-out token is refused here as it is by /api (PocketBase alone would accept it until it expires).
    const auth = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '').trim();
    if (auth && guards.revocations.isRevoked(auth))
      return c.json(errorBody('unauthorized', 'Signed out: sign in again'), 401);
    const headers = new Headers();
    c.req.raw.headers.forEach((v, k) => {
      if (!HOP.has(k)) headers.set(k, v);
    });
    headers.set('accept-encoding', 'identity');
    // PocketBase sees exactly one address: the client's as we determined it (never a spoofable header chain).
    const client = clientAddress(c, guards.trustProxyHops);
    headers.delete('x-forwarded-for');
    headers.delete('forwarded');
    headers.delete('x-real-ip');
    if (client) headers.set('x-forwarded-for', client);
    const method = c.req.method;
    const hasBody = method !== 'GET' && method !== 'HEAD';
    // Password sign-in through the SDK passes the same throttle as /api/auth/login.
    let body: BodyInit | null = hasBody ? c.req.raw.body : null;
    let identity: string | undefined;
    if (method === 'POST' && PASSWORD_AUTH.test(path)) {
      // JSON only (what the SDK sends), so every attempt is counted against the account it names
      if (!(c.req.header('content-type') ?? '').includes('application/json'))
        return c.json(errorBody('unsupported_media_type', 'Sign in with a JSON body'), 415);
      const text = await c.req.text(); // at most 16 KB: the body limit applies before this
      identity = String((safeJson(text) as { identity?: unknown } | undefined)?.identity ?? '');
      guards.throttle.check(identity, client);
      body = text;
    }
    let upstream: Response;
    try {
      upstream = await fetch(`${target()}${path}${url.search}`, {
        method,
        headers,
        body,
        // @ts-expect-error undici needs this to stream a request body
        duplex: hasBody ? 'half' : undefined,
        signal: c.req.raw.signal,
        redirect: 'manual',
      });
    } catch {
      return c.json(
        { error: { code: 'store_unavailable', message: 'The data store is restarting, try again shortly' } },
        503,
      );
    }
    if (identity !== undefined) {
      if (upstream.ok) guards.throttle.succeeded(identity);
      else if (upstream.status === 400 || upstream.status === 403) guards.throttle.failed(identity, client);
    }
    const out = new Headers();
    upstream.headers.forEach((v, k) => {
      if (!HOP.has(k) && k !== 'content-encoding') out.set(k, v);
    });
    if ((upstream.headers.get('content-type') ?? '').includes('text/event-stream') && upstream.body) {
      out.set('cache-control', 'no-cache, no-transform');
      out.set('x-accel-buffering', 'no');
      return new Response(endQuietly(upstream.body), { status: upstream.status, headers: out });
    }
    return new Response(upstream.body, { status: upstream.status, headers: out });
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A realtime stream ends whenever the browser goes away (tab closed, phone asleep); that aborts the
 * upstream fetch mid-stream. End the response quietly instead of logging it as a server error.
 */
function endQuietly(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch {
        controller.close();
      }
    },
    cancel(reason) {
      reader.cancel(reason).catch(() => undefined);
    },
  });
}
