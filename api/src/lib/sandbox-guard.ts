/**
 * The sandbox plays customers and injects faults: on a server reachable from a network that must not be
 * open to anyone. Its customer and control routes answer requests from this machine, or carrying the
 * sandbox key (printed at start; `/sandbox/?key=…` stores it in a cookie for the phone page), unless
 * SANDBOX_PUBLIC=true. Graph and media-download routes need the access token already.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { isLocalRequest } from './client-address.ts';
import { errorBody } from './errors.ts';

const GUARDED = /^\/sandbox\/(customer|customers|control)(\/|$)/;
const COOKIE = 'spunta_sandbox_key';

/** Generated once and kept in DATA_DIR, so a bookmarked phone-page link keeps working. */
export function sandboxKey(dataDir: string): string {
  const file = join(dataDir, 'sandbox-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(18).toString('base64url');
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function sandboxGuard(key: string): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.header('x-sandbox-key') ?? c.req.query('key') ?? getCookie(c, COOKIE) ?? '';
    const keyOk = !!given && same(given, key);
    // Opening the page with ?key= remembers it for the page's own requests (fetch and EventSource).
    if (keyOk && c.req.query('key'))
      setCookie(c, COOKIE, key, { path: '/sandbox', httpOnly: true, sameSite: 'Strict' });
    if (GUARDED.test(c.req.path) && !keyOk && !isLocalRequest(c)) {
      return c.json(
        errorBody(
          'sandbox_forbidden',
          'The sandbox answers this machine only: open /sandbox/?key=<the key printed at start>, or set SANDBOX_PUBLIC=true',
        ),
        403,
      );
    }
    await next();
  };
}
