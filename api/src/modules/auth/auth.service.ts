/**
 * Sign-in and token checks against the PocketBase `users` collection. A token is verified by asking
 * PocketBase to refresh it (so a deactivated user or a changed password invalidates it), and the
 * answer is cached briefly so each API call does not cost a round-trip. Sign-in attempts pass the
 * login throttle; signed-out tokens are refused before anything else (token-revocations.ts).
 */
import PocketBase, { ClientResponseError } from 'pocketbase';
import { AppError } from '../../lib/errors.ts';
import type { UserRecord } from '../../lib/records.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { TokenRevocations } from './token-revocations.ts';

const TTL_MS = 30_000;

export class AuthService {
  private readonly cache = new Map<string, { user: UserRecord; until: number }>();

  constructor(
    private readonly pbUrl: string,
    readonly throttle: LoginThrottle,
    readonly revocations: TokenRevocations,
  ) {}

  private client(): PocketBase {
    const pb = new PocketBase(this.pbUrl);
    pb.autoCancellation(false);
    return pb;
  }

  async login(email: string, password: string, address: string): Promise<{ token: string; user: UserRecord }> {
    this.throttle.check(email, address);
    try {
      const res = await this.client().collection('users').authWithPassword<UserRecord>(email, password);
      this.throttle.succeeded(email);
      return { token: res.token, user: res.record };
    } catch (err) {
      if (err instanceof ClientResponseError && (err.status === 400 || err.status === 403)) {
        this.throttle.failed(email, address);
        throw new AppError('invalid_credentials', 401, 'Wrong email or password, or the account is deactivated');
      }
      throw err;
    }
  }

  async refresh(token: string): Promise<{ token: string; user: UserRecord }> {
    if (this.revocations.isRevoked(token)) throw new AppError('unauthorized', 401, 'Signed out: sign in again');
    const pb = this.client();
    pb.authStore.save(token, null);
    try {
      const res = await pb.collection('users').authRefresh<UserRecord>();
      return { token: res.token, user: res.record };
    } catch (err) {
      if (err instanceof ClientResponseError && (err.status === 401 || err.status === 403 || err.status === 404)) {
        throw new AppError('unauthorized', 401, 'Session expired: sign in again');
      }
      throw err;
    }
  }

  async verify(token: string): Promise<UserRecord> {
    if (this.revocations.isRevoked(token)) throw new AppError('unauthorized', 401, 'Signed out: sign in again');
    const hit = this.cache.get(token);
    if (hit && hit.until > Date.now()) return hit.user;
    const { user } = await this.refresh(token);
    if (!user.active) throw new AppError('unauthorized', 401, 'Account deactivated');
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(token, { user, until: Date.now() + TTL_MS });
    return user;
  }

  forget(token: string): void {
    this.cache.delete(token);
  }

  /** Signing out this device: its token stops working everywhere at once. */
  async logout(token: string, userId: string): Promise<void> {
    await this.revocations.revoke(token, userId);
    this.cache.delete(token);
  }

  /** Signing out every device of the user (also used when an admin deactivates someone). */
  async logoutEverywhere(userId: string): Promise<void> {
    await this.revocations.revokeAll(userId);
    this.forgetUser(userId);
  }

  /** Drop cached sessions of a user whose role or status changed. */
  forgetUser(userId: string): void {
    for (const [k, v] of this.cache) if (v.user.id === userId) this.cache.delete(k);
  }
}
