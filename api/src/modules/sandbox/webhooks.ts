import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { signPayload } from '../channels/whatsapp/signature.ts';
import type { FaultState, SandboxNumber } from './types.ts';
import { jitter, metaJson, type TimerSet } from './util.ts';

export interface WebhookDeps {
  url: () => string;
  appSecret: string;
  /** the app secret for a WABA's webhooks (numbers of other apps); default appSecret */
  secretFor?: (wabaId: string) => string;
  timers: TimerSet;
  faults: () => FaultState;
  log: (msg: string, extra?: unknown) => void;
  /** first back-off delay and cap, ms */
  retryMs: [number, number];
}

const ATTEMPT_TIMEOUT_MS = 15_000;
// connections kept open between deliveries, as Meta's senders keep them (one per delivery in flight)
const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

/** Meta's envelope around every change. */
export function envelope(wabaId: string, field: string, value: Record<string, unknown>): Record<string, unknown> {
  return { object: 'whatsapp_business_account', entry: [{ id: wabaId, changes: [{ value, field }] }] };
}

export function metadataOf(n: SandboxNumber): Record<string, string> {
  return { display_phone_number: n.displayPhoneNumber.replace(/\D/g, ''), phone_number_id: n.phoneNumberId };
}

export function messagesEnvelope(
  n: SandboxNumber,
  message: Record<string, unknown>,
  contact?: { name: string; waId: string; userId?: string; username?: string },
): Record<string, unknown> {
  const value: Record<string, unknown> = { messaging_product: 'whatsapp', metadata: metadataOf(n) };
  // system messages (number changes) come without contacts; wa_id is withheld for username-only customers
  if (contact) {
    value.contacts = [
      {
        profile: { name: contact.name, ...(contact.username ? { username: contact.username } : {}) },
        ...(contact.waId ? { wa_id: contact.waId } : {}),
        ...(contact.userId ? { user_id: contact.userId } : {}),
      },
    ];
  }
  value.messages = [message];
  return envelope(n.wabaId, 'messages', value);
}

export function statusEnvelope(n: SandboxNumber, status: Record<string, unknown>): Record<string, unknown> {
  return envelope(n.wabaId, 'messages', {
    messaging_product: 'whatsapp',
    metadata: metadataOf(n),
    statuses: [status],
  });
}

/**
 * Signed webhook delivery with Meta's semantics: at least once (retry on anything but 200, at once and then
 * with exponential back-off while the sandbox is open) plus the injected faults (copies, delay).
 */
export class WebhookDispatcher {
  private readonly inFlight = new Set<Promise<unknown>>();
  delivered = 0;
  failedAttempts = 0;

  constructor(private readonly deps: WebhookDeps) {}

  /**
   * POSTs the body (as many copies as the duplicate fault asks). Resolves after the first attempt of every
   * copy with whether at least one got a 200; failed copies keep retrying in the background.
   * `onDelivered` runs once, at the first 200 of any copy or retry.
   */
  async post(body: Record<string, unknown>, onDelivered?: () => void): Promise<boolean> {
    const raw = metaJson(body);
    const waba = (body.entry as Array<{ id?: unknown }> | undefined)?.[0]?.id;
    const secret = typeof waba === 'string' && this.deps.secretFor ? this.deps.secretFor(waba) : this.deps.appSecret;
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      onDelivered?.();
    };
    const copies = Math.max(1, Math.floor(this.deps.faults().duplicateWebhooks));
    const results = await Promise.all(
      Array.from({ length: copies }, () => this.track(this.deliver(raw, secret, once))),
    );
    return results.some(Boolean);
  }

  /** waits for attempts under way (bounded), used by close() */
  async flush(timeoutMs = 3000): Promise<void> {
    if (this.inFlight.size === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((r) => (timer = setTimeout(r, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  private async deliver(raw: string, secret: string, onDelivered: () => void): Promise<boolean> {
    const delay = jitter(this.deps.faults().webhookDelayMs);
    if (delay > 0) await this.deps.timers.sleep(delay);
    const ok = await this.attempt(raw, secret);
    if (ok) onDelivered();
    else this.scheduleRetry(raw, secret, 1, onDelivered);
    return ok;
  }

  private scheduleRetry(raw: string, secret: string, n: number, onDelivered: () => void): void {
    if (this.deps.timers.closed) return;
    const [first, cap] = this.deps.retryMs;
    // Meta retries once immediately, then backs off exponentially
    const wait = n === 1 ? 50 : Math.min(cap, first * 2 ** (n - 2));
    this.deps.timers.after(wait, () => {
      void this.track(this.attempt(raw, secret)).then((ok) => {
        if (ok) onDelivered();
        else this.scheduleRetry(raw, secret, n + 1, onDelivered);
      });
    });
  }

  private async attempt(raw: string, secret: string): Promise<boolean> {
    let url: URL;
    try {
      url = new URL(this.deps.url());
    } catch (err) {
      this.deps.log('sandbox: webhook URL unavailable', String(err));
      return false;
    }
    try {
      const status = await this.postRaw(url, raw, {
        'Content-Type': 'application/json',
        'User-Agent': 'facebookexternalua',
        'X-Hub-Signature-256': signPayload(raw, secret),
        'X-Hub-Signature': `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`,
      });
      // Meta's rule is literal: anything but 200 is a failed delivery
      if (status === 200) {
        this.delivered++;
        return true;
      }
      this.failedAttempts++;
      this.deps.log('sandbox: webhook answered non-200, will retry', { url: url.href, status });
      return false;
    } catch (err) {
      this.failedAttempts++;
      this.deps.log('sandbox: webhook POST failed, will retry', { url: url.href, err: String(err) });
      return false;
    }
  }

  /**
   * One POST on a kept-alive connection; resolves with the status once the answer's body is read. node:http
   * rather than fetch: at a campaign's 80 messages a second the sandbox posts 240 webhooks a second, and
   * fetch's streams, abort signals and header objects cost it about a third of its CPU — CPU that, on one
   * machine, a benchmark takes from the server it measures (Meta's own costs are not ours to pay).
   */
  private postRaw(url: URL, raw: string, headers: Record<string, string>): Promise<number> {
    const secure = url.protocol === 'https:';
    const body = Buffer.from(raw);
    return new Promise<number>((resolve, reject) => {
      const req = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          agent: secure ? httpsAgent : httpAgent,
          headers: { ...headers, 'Content-Length': String(body.length) },
          timeout: ATTEMPT_TIMEOUT_MS,
        },
        (res) => {
          res.on('error', reject);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.resume();
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer in ${ATTEMPT_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
