/**
 * Signed-out tokens. PocketBase tokens are stateless JWTs valid for 7 days, so signing out one device
 * records the token's hash until its expiry; /api (auth middleware) and /pb (proxy) refuse it. "Sign
 * out everywhere" does not list tokens: it rotates the user's token key in PocketBase, which voids all.
 * The set is kept in memory (one process checks every request) and persisted in `revoked_tokens`.
 */
import { createHash } from 'node:crypto';
import type { PocketBase } from '../../lib/pb.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The token's expiry (ms) from its payload; tokens are verified elsewhere, this only bounds the entry's life. */
function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: number;
    };
    if (typeof payload.exp === 'number') return payload.exp * 1000;
  } catch {
    /* not a JWT: keep it for the longest token life */
  }
  return Date.now() + 8 * 24 * 3600_000;
}

const pbDate = (ms: number) => new Date(ms).toISOString().replace('T', ' ');

export class TokenRevocations {
  private readonly revoked = new Map<string, number>();

  constructor(private readonly pb: PocketBase) {}

  async load(): Promise<void> {
    const rows = await this.pb.collection('revoked_tokens').getFullList<{ token_hash: string; expires: string }>({
      filter: this.pb.filter('expires > {:now}', { now: pbDate(Date.now()) }),
      fields: 'token_hash,expires',
    });
    for (const r of rows) this.revoked.set(r.token_hash, Date.parse(r.expires.replace(' ', 'T')));
  }

  isRevoked(token: string): boolean {
    return this.revoked.size > 0 && this.revoked.has(hash(token));
  }

  async revoke(token: string, userId: string): Promise<void> {
    const h = hash(token);
    if (this.revoked.has(h)) return;
    const expires = expiryOf(token);
    if (expires <= Date.now()) return;
    // persisted first: a revocation that would not survive a restart is not one
    await this.pb
      .collection('revoked_tokens')
      .create({ token_hash: h, user: userId, expires: pbDate(expires) })
      .catch((err: { status?: number }) => {
        if (err?.status !== 400) throw err; // 400: already recorded (unique hash)
      });
    this.revoked.set(h, expires);
  }

  /** Every token of the user stops working, on every device (PocketBase rotates the user's token key). */
  async revokeAll(userId: string): Promise<void> {
    await this.pb.send(`/api/spunta/users/${encodeURIComponent(userId)}/revoke-tokens`, { method: 'POST' });
  }

  async purgeExpired(): Promise<void> {
    const now = Date.now();
    for (const [h, exp] of this.revoked) if (exp <= now) this.revoked.delete(h);
    const old = await this.pb
      .collection('revoked_tokens')
      .getFullList<{ id: string }>({ filter: this.pb.filter('expires <= {:now}', { now: pbDate(now) }), fields: 'id' });
    for (const r of old) await this.pb.collection('revoked_tokens').delete(r.id);
  }
}
