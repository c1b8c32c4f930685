import type { Context } from 'hono';
import type { MetaErrorSpec, MetaStatusError } from './types.ts';
import { newFbTraceId } from './util.ts';

/** Meta's titles; the sandbox's "(#code) title" messages and status `errors[].title` come from here. */
const TITLES: Record<number, string> = {
  0: 'AuthException',
  4: 'Application request limit reached',
  100: 'Invalid parameter',
  190: 'Invalid OAuth access token',
  368: 'Temporarily blocked for policies violations',
  80007: 'Rate limit issues',
  80008: 'Rate limit issues',
  130429: 'Rate limit hit',
  130497: 'Business account is restricted from messaging users in this country',
  131000: 'Something went wrong',
  131005: 'Access denied',
  131008: 'Required parameter is missing',
  131009: 'Parameter value is not valid',
  131016: 'Service unavailable',
  131021: 'Recipient cannot be sender',
  131026: 'Message undeliverable',
  131031: 'Business Account locked',
  131047: 'Re-engagement message',
  131048: 'Spam rate limit hit',
  131049: 'This message was not delivered to maintain healthy ecosystem engagement.',
  131050:
    'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
  131051: 'Unsupported message type',
  131052: 'Media download error',
  131053: 'Media upload error',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  131057: 'Account in maintenance mode',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
  132005: 'Translated text too long',
  132007: 'Template Format Character Policy Violated',
  132012: 'Parameter format does not match format in the created template',
  132015: 'Template is Paused',
  132016: 'Template is Disabled',
  132018: 'There was an issue with the parameters in your template.',
  135000: 'Generic user error',
};

const DEFAULT_DETAILS: Record<number, string> = {
  130429: 'Cloud API message throughput has been reached.',
  131000: 'Something went wrong',
  131016: 'A service is temporarily unavailable.',
  131026: 'Message Undeliverable.',
  131047:
    'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  131049: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
  131056:
    'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
};

/**
 * HTTP status per code. Meta answers almost everything with 400; the sandbox uses 401 for 190, 429 for the
 * throughput limit 130429 (with Retry-After), 500 for 131000 and 503 for 131016 so clients can be tested
 * against every class. 131056 (pair rate) stays 400 as Meta does.
 */
function httpStatusFor(code: number): number {
  if (code === 190 || code === 0) return 401;
  if (code === 130429) return 429;
  if (code === 131000 || code === 1 || code === 2) return 500;
  if (code === 131016) return 503;
  return 400;
}

export function titleFor(code: number): string {
  return TITLES[code] ?? 'Unknown error';
}

export class GraphError extends Error {
  readonly httpStatus: number;
  constructor(
    readonly code: number,
    readonly details: string = DEFAULT_DETAILS[code] ?? titleFor(code),
    readonly extra: {
      title?: string;
      httpStatus?: number;
      retryAfterSec?: number;
      subcode?: number;
      userTitle?: string;
      userMsg?: string;
      /** Meta's OAuth errors carry only message, type, code and fbtrace_id: the message is the details */
      bare?: boolean;
      /** error.type of a bare error (default OAuthException) */
      type?: string;
    } = {},
  ) {
    // Graph's own token errors say what is wrong with the token, with no "(#190)" prefix
    super(code === 190 ? details : `(#${code}) ${extra.title ?? titleFor(code)}`);
    this.httpStatus = extra.httpStatus ?? httpStatusFor(code);
  }

  static from(spec: MetaErrorSpec): GraphError {
    return new GraphError(spec.code, spec.details, {
      title: spec.title,
      httpStatus: spec.httpStatus,
      retryAfterSec: spec.retryAfterSec ?? (spec.code === 130429 ? 1 : undefined),
    });
  }

  toJSON(): Record<string, unknown> {
    if (this.extra.bare)
      return {
        error: {
          message: this.details,
          type: this.extra.type ?? 'OAuthException',
          code: this.code,
          fbtrace_id: newFbTraceId(),
        },
      };
    const error: Record<string, unknown> = {
      message: this.message,
      type: 'OAuthException',
      code: this.code,
    };
    if (this.extra.subcode !== undefined) error.error_subcode = this.extra.subcode;
    if (this.extra.userTitle) error.error_user_title = this.extra.userTitle;
    if (this.extra.userMsg) error.error_user_msg = this.extra.userMsg;
    // token errors come from the Graph platform itself, without the WhatsApp error_data
    if (this.code !== 190) error.error_data = { messaging_product: 'whatsapp', details: this.details };
    error.fbtrace_id = newFbTraceId();
    return { error };
  }
}

export function graphErrorResponse(c: Context, err: GraphError): Response {
  const headers: Record<string, string> = { 'x-fb-trace-id': newFbTraceId() };
  if (err.extra.retryAfterSec !== undefined) headers['Retry-After'] = String(err.extra.retryAfterSec);
  if (err.code === 190) headers['WWW-Authenticate'] = 'OAuth "Facebook Platform" "invalid_token"';
  return c.json(err.toJSON(), err.httpStatus as 400, headers);
}

/** The `errors[]` entry of a `failed` status webhook. */
export function statusError(spec: MetaErrorSpec): MetaStatusError {
  const title = spec.title ?? titleFor(spec.code);
  return {
    code: spec.code,
    title,
    message: title,
    error_data: { details: spec.details ?? DEFAULT_DETAILS[spec.code] ?? title },
    href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
  };
}

/** Shorthands that read like the rule they enforce. */
export const invalid = (details: string) => new GraphError(100, details);
export const badValue = (details: string) => new GraphError(131009, details);
