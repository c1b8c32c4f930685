/**
 * Delivers one notification to every device of a user with real Web Push: the payload is encrypted
 * (aes128gcm) and the request signed with our VAPID key by the `web-push` library; we do the HTTP
 * ourselves so any push-service URL works and timeouts are ours. Subscriptions the push service says
 * are gone (404/410) are deleted.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import webpush from 'web-push';
import type PocketBase from 'pocketbase';
import { publicOnlyLookup, refuseEndpoint, type PushEndpointPolicy } from './push-endpoint.ts';
import { updateRecord } from '../../../api/src/lib/record-update.ts';

export interface NotificationPayload {
  /** what the notification shows, and nothing more */
  title: string;
  body: string;
  conversationId: string;
  /** collapses notifications of one chat */
  tag: string;
  url: string;
}

export interface Vapid {
  publicKey: string;
  privateKey: string;
  subject: string;
}

interface SubscriptionRow {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface SendStats {
  sent: number;
  removed: number;
  failed: number;
}

export class WebPushSender {
  readonly stats: SendStats = { sent: 0, removed: 0, failed: 0 };
  /** user id → devices, kept current by a realtime subscription so a notification costs no lookup */
  private byUser: Map<string, SubscriptionRow[]> | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly pb: PocketBase,
    private readonly vapid: Vapid,
    private readonly log: (msg: string, extra?: Record<string, unknown>) => void,
    private readonly policy: PushEndpointPolicy,
  ) {}

  async start(): Promise<void> {
    const rows = await this.pb
      .collection('push_subscriptions')
      .getFullList<SubscriptionRow & { user: string }>({ fields: 'id,user,endpoint,p256dh,auth' });
    this.byUser = new Map();
    for (const r of rows) this.put(r);
    this.unsubscribe = await this.pb
      .collection('push_subscriptions')
      .subscribe<SubscriptionRow & { user: string }>('*', (e) => {
        for (const [user, list] of this.byUser!)
          this.byUser!.set(
            user,
            list.filter((x) => x.id !== e.record.id),
          );
        if (e.action !== 'delete') this.put(e.record);
      });
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.().catch(() => undefined);
  }

  private put(r: SubscriptionRow & { user: string }): void {
    const list = (this.byUser!.get(r.user) ?? []).filter((x) => x.id !== r.id);
    list.push({ id: r.id, endpoint: r.endpoint, p256dh: r.p256dh, auth: r.auth });
    this.byUser!.set(r.user, list);
  }

  /** False while no device at all is subscribed (then the fan-out skips its work); true before start(). */
  hasSubscriptions(): boolean {
    if (!this.byUser) return true;
    for (const list of this.byUser.values()) if (list.length) return true;
    return false;
  }

  async toUser(userId: string, payload: NotificationPayload): Promise<void> {
    const subs = this.byUser
      ? (this.byUser.get(userId) ?? [])
      : await this.pb.collection('push_subscriptions').getFullList<SubscriptionRow>({
          filter: this.pb.filter('user = {:u}', { u: userId }),
          fields: 'id,endpoint,p256dh,auth',
        });
    await Promise.all(subs.map((s) => this.toSubscription(s, payload)));
  }

  private async toSubscription(sub: SubscriptionRow, payload: NotificationPayload): Promise<void> {
    // Rows written before endpoints were checked (or after the allow-list changed) are never contacted.
    const refused = refuseEndpoint(sub.endpoint, this.policy);
    if (refused) {
      this.stats.removed++;
      this.log('push subscription refused and removed', { reason: refused });
      await this.pb
        .collection('push_subscriptions')
        .delete(sub.id)
        .catch(() => undefined);
      return;
    }
    const details = webpush.generateRequestDetails(
      { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
      JSON.stringify(payload),
      {
        vapidDetails: this.vapid,
        TTL: 24 * 3600,
        urgency: 'high',
        // The push service keeps only the newest message per topic while the device is offline.
        topic: payload.conversationId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32),
      },
    );
    try {
      const explicit = this.policy.origins.includes(new URL(details.endpoint).origin);
      const status = await send(
        details.endpoint,
        details.method,
        details.headers as Record<string, string>,
        details.body ?? undefined,
        explicit,
      );
      if (status === 404 || status === 410) {
        this.stats.removed++;
        await this.pb
          .collection('push_subscriptions')
          .delete(sub.id)
          .catch(() => undefined);
        return;
      }
      if (status < 200 || status >= 300) {
        this.stats.failed++;
        this.log('push service refused a notification', { status, endpoint: new URL(sub.endpoint).host });
        await updateRecord(this.pb, 'push_subscriptions', sub.id, { 'failures+': 1 }).catch(() => undefined);
        return;
      }
      this.stats.sent++;
    } catch (err) {
      this.stats.failed++;
      this.log('push delivery failed', { err: String(err) });
    }
  }
}

/**
 * One HTTP request to a push service, on a connection whose address was checked to be public (unless
 * the origin is configured explicitly). Only the status matters; the answer body is discarded.
 */
function send(
  endpoint: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  explicitOrigin: boolean,
): Promise<number> {
  const url = new URL(endpoint);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers, timeout: 10_000, ...(explicitOrigin ? {} : { lookup: publicOnlyLookup() }) },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('push service timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
