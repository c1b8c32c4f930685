/**
 * Thin client for the Graph API endpoints Spunta uses. It only knows a base URL (Meta or the sandbox)
 * and turns Meta's error JSON into ChannelSendError, classified retryable or permanent.
 */
import { ChannelSendError, type ChannelError, type OutboundBody, type SendResult } from '../channel.types.ts';
import { graphAddressing } from './recipient.ts';

/** Codes where Meta did not take the message and asks us to slow down or try later. */
const RETRYABLE_CODES = new Set([4, 80007, 80008, 130429, 131056, 131057, 131000, 131016, 135000, 1, 2]);

/** Which number (or WABA) a call is about, so it goes out with that number's app token. */
export interface GraphScope {
  phoneNumberId?: string | undefined;
  wabaId?: string | undefined;
}

export interface GraphClientOptions {
  baseUrl: string | (() => string);
  accessToken: string;
  timeoutMs?: number;
  /** base URL and token for numbers other than the configured one (number-directory.ts); undefined = the defaults */
  route?: (scope: GraphScope) => { baseUrl: string; accessToken: string } | undefined;
}

export interface MediaInfo {
  url: string;
  mime_type: string;
  sha256?: string;
  file_size?: number;
  id: string;
}

export interface GraphTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components?: unknown[];
  parameter_format?: string;
  rejected_reason?: string;
  quality_score?: { score?: string } | string;
}

function retryAfterMs(res: Response): number | undefined {
  const h = res.headers.get('retry-after');
  if (!h) return undefined;
  const secs = Number(h);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(h);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

export class GraphClient {
  constructor(private readonly opts: GraphClientOptions) {}

  get baseUrl(): string {
    return typeof this.opts.baseUrl === 'function' ? this.opts.baseUrl() : this.opts.baseUrl;
  }

  private target(scope: GraphScope): { baseUrl: string; accessToken: string } {
    return this.opts.route?.(scope) ?? { baseUrl: this.baseUrl, accessToken: this.opts.accessToken };
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    init: RequestInit = {},
    scope: GraphScope = {},
  ): Promise<T> {
    const to = this.target(scope);
    let res: Response;
    try {
      res = await fetch(`${to.baseUrl}${path}`, {
        method,
        ...init,
        headers: {
          authorization: `Bearer ${to.accessToken}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.headers as Record<string, string> | undefined),
        },
        body: body !== undefined ? JSON.stringify(body) : init.body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 20_000),
      });
    } catch (err) {
      // Meta has not answered. Refused or unresolvable: the request never left, a retry is safe. A timeout
      // or a reset after sending: Meta may have taken it — the sender reconciles instead of guessing.
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const code = cause?.code ?? '';
      const neverSent = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)$/.test(code);
      const details = `${String((err as Error).message ?? err)}${cause?.message ? `: ${cause.message}` : ''}`;
      throw new ChannelSendError({ code: -1, title: 'Network error', details }, true, undefined, undefined, !neverSent);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = undefined;
    }
    if (res.ok && json !== undefined) return json as T;
    const e = (json as { error?: Record<string, unknown> } | undefined)?.error;
    const code = typeof e?.code === 'number' ? e.code : res.status;
    const data = (e?.error_data ?? {}) as { details?: string };
    const message = typeof e?.message === 'string' ? e.message : `HTTP ${res.status}`;
    const error: ChannelError = {
      code,
      title: typeof e?.error_user_title === 'string' ? e.error_user_title : message.replace(/^\(#\d+\)\s*/, ''),
      message,
      ...(data.details ? { details: data.details } : {}),
    };
    const retryable = res.status === 429 || res.status >= 500 || RETRYABLE_CODES.has(code);
    throw new ChannelSendError(error, retryable, retryAfterMs(res), res.status);
  }

  /** Any other Graph call (template management, resumable uploads: api/src/modules/templates/template-graph.ts). */
  call<T>(method: string, path: string, body?: unknown, init: RequestInit = {}, scope: GraphScope = {}): Promise<T> {
    return this.request<T>(method, path, body, init, scope);
  }

  async sendMessage(phoneNumberId: string, body: OutboundBody): Promise<SendResult> {
    const res = await this.request<{ messages?: Array<{ id: string }>; contacts?: Array<{ wa_id?: string }> }>(
      'POST',
      `/${phoneNumberId}/messages`,
      { messaging_product: 'whatsapp', recipient_type: 'individual', ...graphAddressing(body) },
      {},
      { phoneNumberId },
    );
    const wamid = res.messages?.[0]?.id;
    if (!wamid) throw new ChannelSendError({ code: -2, title: 'Malformed send response (no message id)' }, false);
    const waId = res.contacts?.[0]?.wa_id;
    return waId ? { wamid, waId } : { wamid };
  }

  async markRead(phoneNumberId: string, wamid: string): Promise<void> {
    await this.request(
      'POST',
      `/${phoneNumberId}/messages`,
      { messaging_product: 'whatsapp', status: 'read', message_id: wamid },
      {},
      { phoneNumberId },
    );
  }

  /** `phoneNumberId`: the number that received the media (its app's token can read it). */
  async getMedia(mediaId: string, phoneNumberId?: string): Promise<MediaInfo> {
    return this.request<MediaInfo>('GET', `/${encodeURIComponent(mediaId)}`, undefined, {}, { phoneNumberId });
  }

  /** Downloads a media URL (valid 5 minutes) with the bearer token, refusing bodies above maxBytes. */
  async downloadMedia(url: string, maxBytes: number, phoneNumberId?: string): Promise<Uint8Array<ArrayBuffer>> {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${this.target({ phoneNumberId }).accessToken}` },
      signal: AbortSignal.timeout(60_000),
    });
    if (!res.ok || !res.body)
      throw new ChannelSendError(
        { code: 131052, title: 'Media download error', details: `HTTP ${res.status}` },
        res.status >= 500,
      );
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > maxBytes)
      throw new ChannelSendError(
        { code: 131052, title: 'Media too large', details: `${declared} > ${maxBytes} bytes` },
        false,
      );
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes)
        throw new ChannelSendError(
          { code: 131052, title: 'Media too large', details: `more than ${maxBytes} bytes` },
          false,
        );
      chunks.push(chunk);
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }

  async uploadMedia(phoneNumberId: string, file: Blob, filename: string): Promise<string> {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', file.type);
    form.set('file', file, filename);
    const res = await this.request<{ id: string }>(
      'POST',
      `/${phoneNumberId}/media`,
      undefined,
      { body: form },
      { phoneNumberId },
    );
    return res.id;
  }

  async listTemplates(wabaId: string): Promise<GraphTemplate[]> {
    const out: GraphTemplate[] = [];
    let after: string | undefined;
    for (let page = 0; page < 100; page++) {
      const q = new URLSearchParams({
        fields: 'id,name,language,status,category,components,parameter_format,rejected_reason,quality_score',
        limit: '100',
      });
      if (after) q.set('after', after);
      const res = await this.request<{
        data?: GraphTemplate[];
        paging?: { cursors?: { after?: string }; next?: string };
      }>('GET', `/${wabaId}/message_templates?${q}`, undefined, {}, { wabaId });
      out.push(...(res.data ?? []));
      after = res.paging?.cursors?.after;
      if (!res.paging?.next || !after) break;
    }
    return out;
  }

  /** `appSecretProof` (HMAC-SHA256 of the token with the app secret) makes Meta check the app secret too. */
  async getPhoneNumber(
    phoneNumberId: string,
    fields = 'display_phone_number,verified_name,quality_rating,status,throughput,messaging_limit_tier',
    appSecretProof?: string,
  ): Promise<Record<string, unknown>> {
    const q = new URLSearchParams({ fields, ...(appSecretProof ? { appsecret_proof: appSecretProof } : {}) });
    return this.request('GET', `/${encodeURIComponent(phoneNumberId)}?${q}`, undefined, {}, { phoneNumberId });
  }

  async listPhoneNumbers(wabaId: string): Promise<Array<{ id: string; display_phone_number?: string }>> {
    const res = await this.request<{ data?: Array<{ id: string; display_phone_number?: string }> }>(
      'GET',
      `/${encodeURIComponent(wabaId)}/phone_numbers?fields=id,display_phone_number`,
      undefined,
      {},
      { wabaId },
    );
    return res.data ?? [];
  }
}
