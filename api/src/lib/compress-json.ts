/**
 * Compresses the API's JSON answers (lists of chats, messages, contacts are 10–200 KB and shrink ~8×
 * on a phone's connection). Only JSON and only above a threshold: small bodies gain nothing and cost
 * CPU. Streams are never touched — SSE (text/event-stream), CSV exports and the /pb realtime proxy keep
 * flowing as they are. Hono's compress() cannot do this: it compresses every body that has no
 * Content-Length, which is every c.json() answer.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** The encoding to use for an Accept-Encoding header: br if accepted, else gzip, else none. */
export function pickEncoding(accept: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Map<string, number>();
  for (const part of (accept ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const q = (enc: string) => accepted.get(enc) ?? accepted.get('*') ?? 0;
  if (q('br') > 0 && q('br') >= q('gzip')) return 'br';
  if (q('gzip') > 0) return 'gzip';
  return undefined;
}

export function compressJson(opts: { threshold?: number } = {}): MiddlewareHandler {
  const threshold = opts.threshold ?? 1024;
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('content-type') ?? '';
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return;
    if (
      res.headers.has('content-encoding') ||
      c.req.method === 'HEAD' ||
      !res.body ||
      res.status === 204 ||
      res.status === 206
    )
      return;
    const vary = res.headers.get('vary');
    if (!vary) res.headers.set('vary', 'Accept-Encoding');
    else if (!/\baccept-encoding\b/i.test(vary) && vary !== '*') res.headers.set('vary', `${vary}, Accept-Encoding`);
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    if (!encoding) return;
    // a JSON answer is already whole in memory (c.json stringifies it): reading it costs nothing extra
    const body = Buffer.from(await res.arrayBuffer());
    // (Hono copies the previous response's headers onto the one assigned to c.res; fix them up after)
    if (body.byteLength < threshold) {
      c.res = new Response(body, { status: res.status, statusText: res.statusText, headers: { 'content-type': type } });
      return;
    }
    const packed =
      encoding === 'br'
        ? await brotli(body, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength },
          })
        : await gz(body, { level: 6 });
    c.res = new Response(packed, { status: res.status, statusText: res.statusText, headers: { 'content-type': type } });
    c.res.headers.set('content-encoding', encoding);
    c.res.headers.set('content-length', String(packed.byteLength));
    const etag = c.res.headers.get('etag');
    if (etag && !etag.startsWith('W/')) c.res.headers.set('etag', `W/${etag}`);
  };
}
