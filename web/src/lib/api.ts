/**
 * The one HTTP client for /api. Every non-2xx answer becomes an ApiError carrying the server's
 * `{error:{code,message,details}}`; a 401 triggers one token refresh and one retry before the session
 * is declared expired.
 */
import { noteReachable, noteUnreachable } from '../stores/online.ts';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface AuthHooks {
  token(): string | null;
  /** true when a fresh token is now in place */
  refresh(): Promise<boolean>;
  expired(): void;
}

let hooks: AuthHooks = { token: () => null, refresh: async () => false, expired: () => undefined };

export function configureAuth(h: AuthHooks): void {
  hooks = h;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** send the session token (default true) */
  auth?: boolean;
  /** explicit token (used by the refresh call itself) */
  token?: string;
  signal?: AbortSignal;
}

async function once(path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  const token = opts.token ?? (opts.auth === false ? null : hooks.token());
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  try {
    const res = await fetch(path, {
      method: opts.method ?? (body ? 'POST' : 'GET'),
      headers,
      body: body ?? null,
      signal: opts.signal ?? null,
    });
    noteReachable();
    return res;
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    noteUnreachable();
    throw new ApiError('network', 0, 'Network error: check your connection');
  }
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    throw new ApiError(
      e?.code ?? `http_${res.status}`,
      res.status,
      e?.message ?? (res.statusText || `HTTP ${res.status}`),
      e?.details,
    );
  }
  return json as T;
}

export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await once(path, opts);
  if (res.status === 401 && opts.auth !== false && !opts.token) {
    if (await hooks.refresh()) res = await once(path, opts);
    if (res.status === 401) hooks.expired();
  }
  return parse<T>(res);
}

/** Query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '' && v !== false) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
