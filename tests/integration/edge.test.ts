/**
 * The HTTP edge a deployment on the internet needs: malformed JSON and oversized bodies refused in our
 * error shape before anything is buffered, the store being down answered with 503, security headers.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, startTestServer, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer();
  admin = await login(s);
});
afterAll(async () => {
  await s?.stop();
});

/**
 * Streams a chunked body of up to `totalMb` MB (no Content-Length) and stops writing as soon as the
 * server's answer begins. Resolves with the whole answer (its status and complete body) and how much was
 * written by then; a failure to deliver the complete answer rejects.
 */
function streamBody(
  path: string,
  totalMb: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; sentMb: number; headers: Record<string, unknown> }> {
  const u = new URL(s.url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname,
      port: u.port,
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers },
    });
    let sent = 0;
    let answering = false;
    const chunk = Buffer.alloc(1 << 20, 'a');
    req.on('response', (r) => {
      answering = true;
      let body = '';
      r.on('data', (d: Buffer) => (body += d.toString()));
      r.on('end', () => resolve({ status: r.statusCode!, body, sentMb: sent >> 20, headers: r.headers }));
      r.on('error', reject);
      r.on('close', () => {
        if (!r.complete) reject(new Error(`the ${r.statusCode} answer was cut off`));
      });
    });
    // Once the answer has begun, the server is entitled to stop reading and close: what decides the
    // outcome is then whether the answer arrives complete (above), not a write error on our side.
    req.on('error', (err) => {
      if (!answering) reject(err);
    });
    void (async () => {
      req.write('{"email":"');
      while (!answering && sent < totalMb << 20) {
        sent += chunk.length;
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })().catch(() => undefined);
  });
}

/**
 * A raw HTTP/1.1 client that, like a browser uploading a file, keeps sending its chunked body after the
 * answer arrived: `moreMb` MB more and then the end of the body (`Infinity`: never stops). Reports what
 * it received, how much it wrote after the answer, and how the connection ended.
 */
function keepSending(path: string, moreMb: number): Promise<{ answer: string; afterMb: number; error?: string }> {
  const u = new URL(s.url);
  return new Promise((resolve) => {
    const sock = connect({ host: u.hostname, port: Number(u.port), allowHalfOpen: true });
    const piece = Buffer.alloc(64 << 10, 'a');
    const frame = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    let answer = '';
    let after = 0;
    let error: string | undefined;
    let gone = false;
    sock.on('data', (d: Buffer) => (answer += d.toString()));
    sock.on('error', (err: NodeJS.ErrnoException) => (error = err.code ?? err.message));
    sock.on('close', () => {
      gone = true;
      resolve({ answer, afterMb: after / (1 << 20), error });
    });
    void (async () => {
      const write = (b: Buffer | string) =>
        new Promise<boolean>((r) => {
          sock.write(b, (err) => r(!err));
        });
      await write(
        `POST ${path} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      // until the answer is complete (its Content-Length is small: the whole thing comes in one go)
      while (!gone && !/\r\n\r\n[\s\S]*\}\s*$/.test(answer)) if (!(await write(frame))) return;
      while (!gone && after < moreMb * (1 << 20)) {
        if (!(await write(frame))) return;
        after += piece.length;
      }
      // the end of the body; then we are done too (the server half-closed after its answer)
      if (!gone && (await write('0\r\n\r\n'))) sock.end();
    })();
  });
}

describe('request bodies', () => {
  it('malformed JSON is a 400 in the one error shape, not a 500', async () => {
    for (const [path, token] of [
      ['/api/auth/login', undefined],
      ['/api/v1/messages', admin],
      ['/api/v1/contacts', admin],
    ] as const) {
      const r = await fetch(`${s.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: '{"email": "a@b.c",',
      });
      expect(r.status, path).toBe(400);
      expect(await r.json()).toEqual({ error: { code: 'malformed_json', message: expect.any(String) } });
    }
  });

  it('a 600 MB chunked body to the login is refused with 413 after a few MB, and memory stays flat', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const r = await streamBody('/api/auth/login', 600);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({
      error: { code: 'payload_too_large', message: expect.stringContaining('16 KB') },
    });
    // the server stopped reading long before the end (socket buffers hold a few MB at most)
    expect(r.sentMb).toBeLessThan(100);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('every route group has its limit: JSON APIs 1 MB, webhooks 3 MB (checked before buffering), /pb 1 MB', async () => {
    const v1 = await streamBody('/api/v1/contacts', 50, { authorization: `Bearer ${admin}` });
    expect(v1.status).toBe(413);
    expect(v1.body).toContain('1 MB');
    const hook = await streamBody('/webhooks/whatsapp', 50);
    expect(hook.status).toBe(413);
    expect(hook.body).toContain('3 MB');
    const pb = await streamBody('/pb/api/collections/quick_replies/records', 50);
    expect(pb.status).toBe(413);
    const declared = await fetch(`${s.url}/api/v1/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2 << 20) }),
    });
    expect(declared.status).toBe(413);
  });

  it('after a 413 the server keeps reading (and discarding) what the client still sends for a while, so the client gets the answer, not a reset', async () => {
    for (const path of ['/api/v1/contacts', '/webhooks/whatsapp', '/pb/api/collections/quick_replies/records']) {
      const r = await keepSending(path, 1);
      expect(r.answer, path).toMatch(/^HTTP\/1\.1 413 /);
      expect(r.answer.toLowerCase(), path).toContain('connection: close');
      expect(r.answer, path).toContain('"payload_too_large"');
      // 1 MB more after the answer, then the end of the body: all read, then a clean close (no EPIPE / ECONNRESET)
      expect(r.afterMb, path).toBe(1);
      expect(r.error, path).toBeUndefined();
    }
  });

  it('a client that never stops sending after its 413 is cut off after a bounded amount', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const r = await keepSending('/api/auth/login', Infinity);
    expect(r.answer).toMatch(/^HTTP\/1\.1 413 /);
    // the server discards at most 8 MB (or 2 s) after answering; socket buffers hold a few MB more
    expect(r.afterMb).toBeLessThan(40);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('a body within the limits still works', async () => {
    const r = await api(s, admin, 'POST', '/api/v1/contacts', { phone: '+393471234567', name: 'Within Limits' });
    expect(r.status).toBe(201);
  });
});

describe('the store being down', () => {
  it('/api answers 503 store_unavailable (not 500) while PocketBase restarts, and works again after', async () => {
    expect((await api(s, admin, 'GET', '/api/v1/conversations')).status).toBe(200);
    const down = new Promise((r) => s.ctx.pbProcess.once('down', r));
    s.ctx.pbProcess.kill('SIGKILL');
    await down;
    // the supervisor waits ≥ 400 ms before restarting it: these land while it is down
    const [list, me] = await Promise.all([
      api(s, admin, 'GET', '/api/v1/conversations'),
      api(s, admin, 'GET', '/api/v1/contacts'),
    ]);
    for (const r of [list, me]) {
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ error: { code: 'store_unavailable', message: expect.any(String) } });
    }
    await new Promise((r) => s.ctx.pbProcess.once('up', r));
    // the server's own superuser client re-authenticates on its next call
    const again = await api(s, admin, 'GET', '/api/v1/conversations');
    expect(again.status).toBe(200);
  });
});

describe('security headers', () => {
  it('the app shell has a CSP, frame, sniffing and referrer protection; API answers too', async () => {
    const shell = await fetch(`${s.url}/`);
    const csp = shell.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(shell.headers.get('x-frame-options')).toBe('DENY');
    expect(shell.headers.get('x-content-type-options')).toBe('nosniff');
    expect(shell.headers.get('referrer-policy')).toBe('same-origin');
    const health = await fetch(`${s.url}/api/health`);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
