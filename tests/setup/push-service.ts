/**
 * A stand-in push service (what FCM/Mozilla autopush are to a browser): it hands out subscriptions with
 * real P-256 keys, receives Web Push requests over HTTP, decrypts their aes128gcm bodies and verifies the
 * VAPID JWT — so tests and benchmarks check exactly what a real push service would receive.
 */
import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// web-push's own ECE implementation, used here only to decrypt what we received.
import ece from 'http_ece';

export interface ReceivedPush {
  device: string;
  at: number;
  headers: Record<string, string | string[] | undefined>;
  payload: Record<string, unknown>;
  vapid: { valid: boolean; aud?: string; sub?: string; exp?: number; publicKey?: string };
}

export interface Device {
  id: string;
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
}

const b64u = (b: Buffer) => b.toString('base64url');

function verifyVapid(auth: string | undefined): ReceivedPush['vapid'] {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(auth ?? '');
  if (!m) return { valid: false };
  const [h, p, s] = m[1]!.split('.');
  const raw = Buffer.from(m[2]!, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33, 65)) },
    format: 'jwk',
  });
  const valid = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s!, 'base64url'),
  );
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as { aud: string; sub: string; exp: number };
  return { valid, ...claims, publicKey: m[2]! };
}

export class PushService {
  readonly received: ReceivedPush[] = [];
  private readonly devices = new Map<string, ReturnType<typeof createECDH>>();
  private readonly secrets = new Map<string, string>();
  private readonly statusFor = new Map<string, number>();
  private server!: Server;
  url = '';
  private waiters: Array<() => void> = [];

  /** `port` 0 picks a free one; e2e tests use a fixed one the server was told about (PUSH_SERVICE_ORIGINS). */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const device = (req.url ?? '').split('/').pop() ?? '';
        const status = this.statusFor.get(device) ?? 201;
        const ecdh = this.devices.get(device);
        if (ecdh && status === 201) {
          const plain = ece.decrypt(Buffer.concat(chunks), {
            version: 'aes128gcm',
            privateKey: ecdh,
            authSecret: this.secrets.get(device)!,
          });
          this.received.push({
            device,
            at: performance.now(),
            headers: req.headers,
            payload: JSON.parse(plain.toString('utf8')),
            vapid: verifyVapid(req.headers.authorization),
          });
          for (const w of this.waiters.splice(0)) w();
        }
        res.writeHead(ecdh ? status : 404).end();
      });
    });
    await new Promise<void>((r) => this.server.listen(port, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  device(): Device {
    const id = randomBytes(8).toString('hex');
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = b64u(randomBytes(16));
    this.devices.set(id, ecdh);
    this.secrets.set(id, auth);
    return {
      id,
      subscription: { endpoint: `${this.url}/push/${id}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth } },
    };
  }

  /** Make the service answer this status for a device (e.g. 410 Gone after the user revoked permission). */
  answer(deviceId: string, status: number): void {
    this.statusFor.set(deviceId, status);
  }

  for(deviceId: string): ReceivedPush[] {
    return this.received.filter((r) => r.device === deviceId);
  }

  /** Waits until `predicate` holds over what was received. */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('push not received in time');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
