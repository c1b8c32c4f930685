/** Bodies and answers of the WhatsApp numbers settings API. Secrets go in, never come out. */
import { z } from '@hono/zod-openapi';

const digits = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{5,40}$/, { error: `${what}: digits only, as Meta shows it` });
// tokens and secrets are opaque to us; printable ASCII without spaces keeps paste accidents (a newline, a quote) out
const secret = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: `${what}: required` })
    .max(max, { error: `${what}: at most ${max} characters` })
    .regex(/^[\x21-\x7e]+$/, { error: `${what}: no spaces or special characters (paste it exactly as Meta shows it)` });

export const ConnectNumberBody = z
  .object({
    phone_number_id: digits('phone_number_id'),
    waba_id: digits('waba_id'),
    access_token: secret('access_token', 2000),
    app_secret: secret('app_secret', 500),
    verify_token: secret('verify_token', 500),
    mode: z
      .enum(['meta', 'sandbox'])
      .default('meta')
      .openapi({ description: "'sandbox': a test number of the built-in sandbox (sandbox installations only)" }),
  })
  .openapi('ConnectNumber');
export type ConnectNumber = z.infer<typeof ConnectNumberBody>;

export const UpdateNumberBody = z
  .object({
    access_token: secret('access_token', 2000).optional(),
    app_secret: secret('app_secret', 500).optional(),
    verify_token: secret('verify_token', 500).optional(),
  })
  .refine((b) => b.access_token || b.app_secret || b.verify_token, {
    error: 'body: give at least one of access_token, app_secret, verify_token',
  })
  .openapi('UpdateNumber');
export type UpdateNumber = z.infer<typeof UpdateNumberBody>;

export const THROUGHPUT_DEFAULT_MPS = 80;

export const ThroughputBody = z
  .strictObject({
    throughput_mps: z
      .number({ error: 'throughput_mps: a whole number of messages per second' })
      .int({ error: 'throughput_mps: a whole number of messages per second' })
      .min(1, { error: 'throughput_mps: at least 1 message per second' })
      .max(1000, { error: 'throughput_mps: at most 1,000 messages per second (Meta’s highest throughput)' }),
  })
  .openapi('NumberThroughput');

export const TestMessageBody = z
  .object({
    to: z
      .string()
      .trim()
      .regex(/^\+?[1-9]\d{6,16}$/, { error: 'to: an international number such as +393401112233' }),
  })
  .openapi('TestMessage');

const SecretState = z.enum(['set', 'not_set']);

export const NumberView = z
  .object({
    id: z.string(),
    phone_number_id: z.string(),
    waba_id: z.string(),
    display_phone_number: z.string(),
    verified_name: z.string(),
    quality_rating: z.string(),
    messaging_limit_tier: z.string(),
    throughput_mps: z
      .number()
      .int()
      .openapi({ description: 'Send cap in messages per second shared by every outbound send of the number' }),
    status: z.string(),
    mode: z.enum(['meta', 'sandbox']),
    origin: z.enum(['env', 'sandbox', 'app']).openapi({
      description:
        "'env': from WA_* variables (read-only); 'sandbox': the built-in one (read-only); 'app': connected here",
    }),
    read_only: z.boolean(),
    default: z.boolean().openapi({ description: 'Sends without a chosen number go out from this one' }),
    secrets: z
      .object({ access_token: SecretState, app_secret: SecretState, verify_token: SecretState })
      .optional()
      .openapi({ description: 'Admins only: whether each secret is set; the values are never returned' }),
  })
  .openapi('WhatsAppNumber');
export type NumberViewT = z.infer<typeof NumberView>;

export const WebhookInfo = z
  .object({
    url: z
      .string()
      .openapi({ description: "Callback URL to paste into Meta (from PUBLIC_URL, else this request's origin)" }),
    from_public_url: z.boolean(),
    fields: z.array(z.string()),
    sandbox: z
      .boolean()
      .openapi({ description: 'The built-in sandbox is running: test numbers can be connected with mode "sandbox"' }),
  })
  .openapi('WebhookInfo');

export const ChecklistView = z
  .object({
    dismissed: z.boolean(),
    steps: z.array(
      z.object({ key: z.enum(['whatsapp', 'team', 'contacts', 'template', 'notifications']), done: z.boolean() }),
    ),
  })
  .openapi('SetupChecklist');
