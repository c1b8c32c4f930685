import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { describe, expect, it } from 'vitest';
import { compressJson, pickEncoding } from './compress-json.ts';

const big = {
  items: Array.from({ length: 300 }, (_, i) => ({
    id: `c${i}`,
    name: `Customer ${i}`,
    last: 'Buongiorno, avete ancora il divano?',
  })),
};

function app() {
  const a = new Hono();
  a.use('*', compressJson());
  a.get('/big', (c) => c.json(big, 200, { 'x-trace': 'kept', etag: '"v1"' }));
  a.get('/small', (c) => c.json({ ok: true }));
  a.get('/error', (c) => c.json({ error: { code: 'not_found', message: 'x'.repeat(2000), details: null } }, 404));
  a.get('/csv', (c) => c.body('a,b\n'.repeat(2000), 200, { 'content-type': 'text/csv' }));
  a.get('/sse', (c) =>
    streamSSE(c, async (s) => {
      await s.writeSSE({ data: 'x'.repeat(5000) });
    }),
  );
  return a;
}

describe('compressJson', () => {
  it('gzips a large JSON answer for a client that accepts gzip, keeping status and headers', async () => {
    const r = await app().request('/big', { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(r.headers.get('x-trace')).toBe('kept');
    expect(r.headers.get('etag')).toBe('W/"v1"');
    const packed = Buffer.from(await r.arrayBuffer());
    expect(Number(r.headers.get('content-length'))).toBe(packed.byteLength);
    const plain = JSON.stringify(big);
    expect(packed.byteLength).toBeLessThan(plain.length / 5);
    expect(JSON.parse(gunzipSync(packed).toString())).toEqual(big);
  });

  it('prefers brotli when the browser offers it', async () => {
    const r = await app().request('/big', { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(r.headers.get('content-encoding')).toBe('br');
    expect(JSON.parse(brotliDecompressSync(Buffer.from(await r.arrayBuffer())).toString())).toEqual(big);
  });

  it('compresses error bodies too, with their status', async () => {
    const r = await app().request('/error', { headers: { 'accept-encoding': 'gzip' } });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await r.arrayBuffer())).toString()).error.code).toBe('not_found');
  });

  it('leaves small answers, clients without gzip, CSV and SSE streams alone', async () => {
    const small = await app().request('/small', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(small.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await small.json()).toEqual({ ok: true });
    const plain = await app().request('/big');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.json()).toEqual(big);
    const csv = await app().request('/csv', { headers: { 'accept-encoding': 'gzip' } });
    expect(csv.headers.get('content-encoding')).toBeNull();
    const sse = await app().request('/sse', { headers: { 'accept-encoding': 'gzip' } });
    expect(sse.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(sse.headers.get('content-encoding')).toBeNull();
    expect(await sse.text()).toContain('x'.repeat(5000));
  });

  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['*', 'br'],
    ['identity', undefined],
    ['gzip;q=0', undefined],
    [undefined, undefined],
  ])('Accept-Encoding %s → %s', (header, want) => {
    expect(pickEncoding(header)).toBe(want);
  });
});
