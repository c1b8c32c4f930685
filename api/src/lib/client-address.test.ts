import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, isLocalRequest } from './client-address.ts';

function probe(hops: number) {
  const app = new Hono();
  app.get('/', (c) => c.json({ ip: clientAddress(c, hops), local: isLocalRequest(c) }));
  return async (remote: string, headers: Record<string, string> = {}) => {
    const r = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: remote } } });
    return (await r.json()) as { ip: string; local: boolean };
  };
}

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY says a proxy of ours adds it', async () => {
    const direct = probe(0);
    expect(await direct('198.51.100.7', { 'x-forwarded-for': '127.0.0.1' })).toEqual({
      ip: '198.51.100.7',
      local: false,
    });
  });

  it('behind N trusted proxies takes the address the outermost one saw, not what the client claimed', async () => {
    expect((await probe(1)('127.0.0.1', { 'x-forwarded-for': '10.9.9.9, 198.51.100.7' })).ip).toBe('198.51.100.7');
    expect((await probe(2)('127.0.0.1', { 'x-forwarded-for': 'spoofed, 198.51.100.7, 10.0.0.2' })).ip).toBe(
      '198.51.100.7',
    );
    expect((await probe(1)('127.0.0.1')).ip).toBe('127.0.0.1');
  });

  it('a request through a reverse proxy on this machine is not a local request', async () => {
    const p = probe(0);
    expect((await p('127.0.0.1')).local).toBe(true);
    expect((await p('::ffff:127.0.0.1')).local).toBe(true);
    expect((await p('127.0.0.1', { 'x-forwarded-for': '198.51.100.7' })).local).toBe(false);
    expect((await p('127.0.0.1', { forwarded: 'for=198.51.100.7' })).local).toBe(false);
  });
});
