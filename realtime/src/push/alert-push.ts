/**
 * Pushes each number-health alert (domain event `alert.raised`) once to the admins and managers (who may
 * read alerts), active and not muted, outside their do-not-disturb hours. A consumer of the durable events
 * with its own checkpoint ("alerts-push"): an alert raised just before a crash is still pushed after it.
 */
import type PocketBase from 'pocketbase';
import type { Consumer } from '../../../api/src/engine/events/consumers.ts';
import type { StoredEvent } from '../../../api/src/engine/events/domain-events.ts';
import { userMay } from '../../../api/src/engine/policy/permissions.ts';
import { inDoNotDisturb, type PushUser } from './push-policy.ts';
import { alertText } from './push-texts.ts';
import type { WebPushSender } from './web-push-sender.ts';

const STALE_MS = 24 * 3600_000;

export class AlertPush implements Consumer {
  readonly name = 'alerts-push';
  readonly names = ['alert.raised'] as const;
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly opts: {
      pb: PocketBase;
      sender: WebPushSender;
      defaultTimezone: string;
      log: (msg: string, extra?: Record<string, unknown>) => void;
    },
  ) {}

  async handle(e: StoredEvent): Promise<void> {
    if (!this.opts.sender.hasSubscriptions() || Date.now() - e.at > STALE_MS) return;
    const d = e.data as StoredEvent<'alert.raised'>['data'];
    const users = await this.opts.pb
      .collection('users')
      .getFullList<PushUser>({ filter: "active = true && (role = 'admin' || role = 'manager')", requestKey: null });
    const now = new Date();
    const to = users.filter(
      (u) =>
        u.active && !u.notify_muted && userMay(u, 'alerts.read') && !inDoNotDisturb(u, now, this.opts.defaultTimezone),
    );
    const phone = String(d.data.display_phone_number ?? '');
    const p = Promise.all(
      to.map((u) =>
        this.opts.sender.toUser(u.id, {
          title: alertText(d.kind, u.language).title,
          body: [phone, alertText(d.kind, u.language).body, String(d.data.name ?? '')].filter(Boolean).join(' · '),
          conversationId: '',
          tag: `alert-${d.key}`,
          url: '/#/dashboard',
        }),
      ),
    )
      .then(() => undefined)
      .catch((err) => this.opts.log('alert push failed', { err: String(err) }))
      .finally(() => this.sending.delete(p));
    this.sending.add(p);
  }

  async afterBatch(): Promise<void> {
    await Promise.all([...this.sending]);
  }

  idle(): Promise<void> {
    return this.afterBatch();
  }
}
