import { createServer } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isNonPublicAddress, publicOnlyLookup, refuseEndpoint } from './push-endpoint.ts';

const DEFAULT = {
  hosts: ['fcm.googleapis.com', 'updates.push.services.mozilla.com', 'web.push.apple.com', '*.notify.windows.com'],
  origins: [],
};

describe('refuseEndpoint', () => {
  it.each([
    'https://fcm.googleapis.com/fcm/send/dXk3:APA91b',
    'https://updates.push.services.mozilla.com/wpush/v2/gAAAAA',
    'https://web.push.apple.com/QGuQyavXutnMp',
    'https://db5p.notify.windows.com/w/?token=BQYAAA',
  ])('accepts the push service %s', (u) => expect(refuseEndpoint(u, DEFAULT)).toBeUndefined());

  it.each([
    ['http://127.0.0.1:8080/api/v1/contacts', 'https'],
    ['https://127.0.0.1/x', 'not addresses'],
    ['https://[::1]/x', 'not addresses'],
    ['https://169.254.169.254/latest/meta-data', 'not addresses'],
    ['https://localhost/x', 'not a known push service'],
    ['https://fcm.googleapis.com.evil.example/x', 'not a known push service'],
    ['https://notify.windows.com/x', 'not a known push service'],
    ['https://fcm.googleapis.com:8443/x', 'standard https port'],
    ['https://user:pw@fcm.googleapis.com/x', 'credentials'],
    ['not a url', 'not a URL'],
  ])('refuses %s', (u, why) => expect(refuseEndpoint(u, DEFAULT)).toContain(why));

  it('allows an origin only when it is configured explicitly, and only that origin', () => {
    const local = { ...DEFAULT, origins: ['http://127.0.0.1:4567'] };
    expect(refuseEndpoint('http://127.0.0.1:4567/push/abc', local)).toBeUndefined();
    expect(refuseEndpoint('http://127.0.0.1:4568/push/abc', local)).toBeDefined();
    expect(refuseEndpoint('http://127.0.0.1:4567/push/abc', DEFAULT)).toBeDefined();
  });
});

describe('isNonPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '224.0.0.1',
  ])('%s is not public', (ip) => expect(isNonPublicAddress(ip)).toBe(true));
  it.each(['142.250.180.10', '8.8.8.8', '2a00:1450:4002:80a::200a'])('%s is public', (ip) =>
    expect(isNonPublicAddress(ip)).toBe(false),
  );
});

describe('publicOnlyLookup', () => {
  it('a host name resolving to loopback is refused before any connection is made', async () => {
    let connections = 0;
    const server = createServer((_req, res) => res.end('ok'));
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const req = request({ host: 'localhost', port, path: '/', method: 'POST', lookup: publicOnlyLookup() }, () =>
        resolve(new Error('connected') as NodeJS.ErrnoException),
      );
      req.on('error', (e) => resolve(e as NodeJS.ErrnoException));
      req.end('x');
    });
    expect(err.code).toBe('ESPUNTA_NONPUBLIC');
    expect(connections).toBe(0);
    await new Promise<void>((r) => server.close(() => r()));
  });
});
