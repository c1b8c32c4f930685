/**
 * The "send a webhook" step: a JSON POST with the contact and the trigger, signed the Standard Webhooks way
 * (webhook-id, webhook-timestamp, webhook-signature with the automation's secret), delivered by its own
 * scheduler row — retried with back-off on a network error, a 5xx, 408 or 429; a 4xx refusal is final —
 * and logged. The id is the same on every attempt, so the receiver can drop a repeat. The server never
 * calls a private or loopback address on a user's behalf (resolved at connect time), unless the origin
 * is allowed explicitly (WEBHOOK_ALLOWED_ORIGINS).
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import { publicOnlyLookup } from '../../../../realtime/src/push/push-endpoint.ts';
import { PermanentFailure, type WorkItem } from '../../engine/scheduler/scheduler.ts';
import type { AppContext } from '../../lib/context.ts';
import { isUniqueViolation } from '../../lib/pb.ts';
import { derivedId, type AutomationStore } from './automation-store.ts';

export const WEBHOOK_KIND = 'automation.webhook';

export interface WebhookJob {
  automation: string;
  run: string;
  step: string;
  version: number;
  url: string;
  /** the webhook-id header: the same on every attempt */
  id: string;
  body: Record<string, unknown>;
}

/** Why a URL may not be called, or undefined. */
export function refuseWebhookUrl(url: string, allowedOrigins: string[]): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (u.username || u.password) return 'credentials in the URL';
  if (allowedOrigins.includes(u.origin)) return undefined;
  if (u.protocol !== 'https:') return 'webhooks must use https';
  return undefined;
}

export class AutomationWebhooks {
  constructor(
    private readonly ctx: AppContext,
    private readonly store: AutomationStore,
  ) {}

  register(): void {
    this.ctx.scheduler.register<WebhookJob>(WEBHOOK_KIND, {
      handler: (item) => this.deliver(item),
      concurrency: 8,
      maxAttempts: 10,
      backoff: { baseMs: 5_000, maxMs: 3_600_000 },
    });
  }

  /** The automation's signing secret, made on first use. */
  async secret(automation: string): Promise<string> {
    const { pb } = this.ctx;
    const found = await pb.collection('automation_secrets').getList<{ secret: string }>(1, 1, {
      filter: pb.filter('automation = {:a}', { a: automation }),
      requestKey: null,
    });
    if (found.items[0]) return found.items[0].secret;
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    try {
      await pb.collection('automation_secrets').create({ automation, secret }, { requestKey: null });
      return secret;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return this.secret(automation);
    }
  }

  schedule(job: WebhookJob): Promise<boolean> {
    return this.ctx.scheduler.schedule<WebhookJob>({
      kind: WEBHOOK_KIND,
      payload: job,
      dedupeKey: `auto-webhook:${job.run}:${job.step}`,
      principal: 'system:automation',
    });
  }

  private async deliver(item: WorkItem<WebhookJob>): Promise<void> {
    const job = item.payload;
    const refused = refuseWebhookUrl(job.url, this.ctx.config.webhookOrigins);
    if (refused) throw new PermanentFailure(`webhook refused: ${refused}`);
    const body = JSON.stringify(job.body);
    // real time: the receiver checks the signed timestamp against its own clock (a replay window)
    const sent = new Date();
    const signature = new Webhook(await this.secret(job.automation)).sign(job.id, sent, body);
    const explicit = this.ctx.config.webhookOrigins.includes(new URL(job.url).origin);
    const status = await post(
      job.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'Spunta-Webhooks/1',
        'webhook-id': job.id,
        'webhook-timestamp': String(Math.floor(sent.getTime() / 1000)),
        'webhook-signature': signature,
      },
      explicit,
    );
    const ok = status >= 200 && status < 300;
    await this.store
      .log({
        id: derivedId('webhook', item.id, String(item.attempt)),
        automation: job.automation,
        run: job.run,
        contact: String((job.body.contact as { id?: string } | undefined)?.id ?? ''),
        version: job.version,
        step: `${job.step}:webhook`,
        action: 'webhook',
        outcome: ok ? 'done' : 'failed',
        detail: `attempt ${item.attempt}: HTTP ${status}`,
        message: '',
        replied_at: 0,
        at: sent.getTime(),
      })
      .catch(() => undefined);
    if (ok) return;
    if (status >= 400 && status < 500 && status !== 408 && status !== 429)
      throw new PermanentFailure(`webhook refused with HTTP ${status}`);
    throw new Error(`webhook answered HTTP ${status}`);
  }
}

function post(url: string, body: string, headers: Record<string, string>, explicit: boolean): Promise<number> {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      { method: 'POST', headers, timeout: 10_000, ...(explicit ? {} : { lookup: publicOnlyLookup() }) },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('webhook receiver timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
