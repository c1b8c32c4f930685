/**
 * Idempotency-Key: the first response for (caller, key) is stored for 24 h and replayed for repeats;
 * the same key with a different body is refused. Concurrent repeats wait for the first one.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../lib/errors.ts';
import { isUniqueViolation, type PocketBase } from '../../lib/pb.ts';
import { pbDate } from '../../lib/records.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export class IdempotencyStore {
  private readonly inFlight = new Map<string, Promise<StoredResponse>>();

  constructor(private readonly pb: PocketBase) {}

  static hash(body: unknown): string {
    return createHash('sha256').update(JSON.stringify(body)).digest('hex');
  }

  async run(
    principal: string,
    key: string,
    requestHash: string,
    fn: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }> {
    if (!/^[\x21-\x7e]{1,255}$/.test(key))
      throw new AppError('invalid_idempotency_key', 422, 'Idempotency-Key must be 1–255 visible ASCII characters');
    const slot = `${principal}:${key}`;
    const running = this.inFlight.get(slot);
    if (running) return { ...(await running), replayed: true };
    const since = pbDate(Date.now() - IDEMPOTENCY_TTL_MS);
    const prior = await this.pb
      .collection('idempotency_keys')
      .getList<{ request_hash: string; status_code: number; response: unknown }>(1, 1, {
        filter: this.pb.filter('principal = {:p} && key = {:k} && created >= {:since}', {
          p: principal,
          k: key,
          since,
        }),
      });
    const hit = prior.items[0];
    if (hit) {
      if (hit.request_hash !== requestHash)
        throw new AppError(
          'idempotency_key_reused',
          422,
          'This Idempotency-Key was already used with a different request body',
        );
      return { status: hit.status_code, body: hit.response, replayed: true };
    }
    const p = fn();
    this.inFlight.set(slot, p);
    try {
      const res = await p;
      if (res.status < 500) {
        try {
          await this.pb
            .collection('idempotency_keys')
            .create({ principal, key, request_hash: requestHash, status_code: res.status, response: res.body });
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          // An expired record with the same key: replace it.
          const old = await this.pb
            .collection('idempotency_keys')
            .getFirstListItem<{ id: string }>(
              this.pb.filter('principal = {:p} && key = {:k}', { p: principal, k: key }),
            );
          await this.pb.collection('idempotency_keys').delete(old.id);
          await this.pb
            .collection('idempotency_keys')
            .create({ principal, key, request_hash: requestHash, status_code: res.status, response: res.body });
        }
      }
      return { ...res, replayed: false };
    } finally {
      this.inFlight.delete(slot);
    }
  }

  async purgeExpired(now = Date.now()): Promise<number> {
    const old = await this.pb.collection('idempotency_keys').getFullList<{ id: string }>({
      filter: this.pb.filter('created < {:t}', { t: pbDate(now - IDEMPOTENCY_TTL_MS) }),
      fields: 'id',
    });
    for (const r of old) await this.pb.collection('idempotency_keys').delete(r.id);
    return old.length;
  }
}
