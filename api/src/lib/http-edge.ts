/**
 * What every request meets before a route: a streaming body limit chosen by path (the body is never
 * read past it, so a huge chunked upload cannot grow memory), and the one error mapping that turns
 * anything thrown — our AppError, Hono's HTTPException (malformed JSON, 413), PocketBase's
 * ClientResponseError (store down → 503) — into `{error:{code,message,details}}`.
 */
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { ClientResponseError } from 'pocketbase';
import { AppError, errorBody } from './errors.ts';
import { lingerAfterRefusal } from './lingering-close.ts';
import type { Logger } from './logger.ts';

const KB = 1024;
const MB = 1024 * KB;

/** Largest body per path, first match wins. Uploads have their own ceilings; everything else is small. */
export const BODY_LIMITS: Array<[RegExp, number, string]> = [
  [/^\/api\/auth\//, 16 * KB, '16 KB'],
  [/^\/pb\/api\/collections\/users\/auth-/, 16 * KB, '16 KB'],
  [/^\/api\/v1\/media$/, 101 * MB, '100 MB'], // WhatsApp's largest media (documents) plus multipart overhead
  [/^\/api\/v1\/contacts\/import$/, 51 * MB, '50 MB'], // the CSV import's own 50 MB limit
  [/^\/webhooks\//, 3 * MB, '3 MB'], // Meta's payloads are far smaller
  [/^\/sandbox\/(graph\/[^/]+\/[^/]+\/media|customer\/media)$/, 101 * MB, '100 MB'],
  [/^\//, 1 * MB, '1 MB'],
];

export function limitFor(path: string): [number, string] {
  const hit = BODY_LIMITS.find(([re]) => re.test(path))!;
  return [hit[1], hit[2]];
}

/** Refuses a body above its path's limit with 413 as soon as it gets there (declared or counted while streaming). */
export function bodyLimits(): MiddlewareHandler {
  const byLimit = new Map<number, MiddlewareHandler>();
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const [max, label] = limitFor(c.req.path);
    let mw = byLimit.get(max);
    if (!mw) {
      mw = bodyLimit({
        maxSize: max,
        // Connection: close — the rest of an oversized body is only discarded for a while (so the client
        // reads the 413 instead of a reset), never read to its end, so the connection cannot be reused.
        onError: (cx) => {
          lingerAfterRefusal(cx);
          return cx.json(errorBody('payload_too_large', `The request body is larger than ${label}`), 413, {
            connection: 'close',
          });
        },
      });
      byLimit.set(max, mw);
    }
    return mw(c, next);
  };
}

const STORE_DOWN = () => errorBody('store_unavailable', 'The data store is restarting, try again shortly');

export function errorHandler(log: Logger): ErrorHandler {
  return (err, c: Context) => {
    if (err instanceof AppError) return c.json(errorBody(err.code, err.message, err.details), err.status, err.headers);
    if (err instanceof HTTPException) {
      const status = err.status;
      if (status === 413) {
        lingerAfterRefusal(c);
        return c.json(errorBody('payload_too_large', 'The request body is too large'), 413, { connection: 'close' });
      }
      const code = /malformed json/i.test(err.message)
        ? 'malformed_json'
        : /formdata/i.test(err.message)
          ? 'malformed_form'
          : status === 401
            ? 'unauthorized'
            : status === 404
              ? 'not_found'
              : 'bad_request';
      return c.json(errorBody(code, err.message || 'Bad request'), status);
    }
    if (err instanceof ClientResponseError) {
      // status 0: PocketBase did not answer at all (restarting); 5xx: it failed. Either way the store is unavailable.
      if (err.status === 0 || err.status >= 500) {
        log.warn('store unavailable', { path: c.req.path, status: err.status });
        return c.json(STORE_DOWN(), 503);
      }
      if (err.status === 404) return c.json(errorBody('not_found', 'Not found'), 404);
      if (err.status === 403) return c.json(errorBody('forbidden', 'You are not allowed to do this'), 403);
      if (err.status === 401) return c.json(errorBody('unauthorized', 'Sign in required'), 401);
      if (err.status === 429) return c.json(errorBody('rate_limited', 'Too many requests, try again shortly'), 429);
      // A 400 the store raised on data a route passed on: report what PocketBase said about each field.
      log.warn('store refused a request', { path: c.req.path, status: err.status, data: err.response?.data });
      return c.json(
        errorBody('invalid_request', err.response?.message ?? 'The request was refused', err.response?.data),
        422,
      );
    }
    log.error('unhandled error', { path: c.req.path, err: String((err as Error).stack ?? err) });
    return c.json(errorBody('internal_error', 'Something went wrong on our side'), 500);
  };
}

/** The PWA: its own scripts only; inline style attributes (Solid sets a few); local media as blob:/data:. */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
/** Files customers sent (any type, even HTML or SVG) must never run as a page of ours. */
const FILE_CSP =
  "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** nosniff, no referrer leaks, no framing, and a Content-Security-Policy fitting what is served. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    try {
      c.res.headers.set('x-content-type-options', 'nosniff');
    } catch {
      c.res = new Response(c.res.body, c.res); // a fetched Response has immutable headers
    }
    const h = c.res.headers;
    const path = c.req.path;
    h.set('x-content-type-options', 'nosniff');
    h.set('referrer-policy', 'same-origin');
    if (!h.has('x-frame-options') && !/^\/pb\/api\/files\//.test(path)) h.set('x-frame-options', 'DENY');
    if (h.has('content-security-policy')) return; // the sandbox's phone page brings its own
    if (/^\/pb\/api\/files\//.test(path)) h.set('content-security-policy', FILE_CSP);
    else if (/^\/(api|pb|webhooks)(\/|$)/.test(path)) h.set('content-security-policy', API_CSP);
    else if (!/^\/sandbox(\/|$)/.test(path)) h.set('content-security-policy', APP_CSP);
  };
}
