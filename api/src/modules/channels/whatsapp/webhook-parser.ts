import type { ChannelProblem, UnknownChange, WebhookUpdate } from '../channel.types.ts';
import { attempt, id, isRec, str, type Rec } from './json-read.ts';
import { errorsOf, parseEcho, parseMessage, type Origin } from './parse-inbound.ts';
import {
  accountNotice,
  phoneQuality,
  stateSync,
  templateCategory,
  templateComponents,
  templateQuality,
  templateStatus,
  userPreferences,
} from './parse-management.ts';
import { parseStatus } from './parse-statuses.ts';

/**
 * Meta webhook body → normalised updates. The webhook must always be acknowledged (Meta retries
 * non-200s for days), so this is total: malformed pieces degrade to `unsupported` messages or
 * `unknown` changes, one item at a time, and never take their neighbours down with them.
 * Field families live beside this file: parse-inbound (messages, echoes), parse-statuses,
 * parse-management (templates, number, account, preferences, address book).
 */

const WABA_OBJECT = 'whatsapp_business_account';

export type WebhookEnvelope = { object: typeof WABA_OBJECT; entry: unknown[] };

export function isWebhookEnvelope(body: unknown): body is WebhookEnvelope {
  return isRec(body) && body.object === WABA_OBJECT && Array.isArray(body.entry);
}

export function parseWebhook(body: unknown): WebhookUpdate[] {
  const out: WebhookUpdate[] = [];
  try {
    if (!isRec(body) || Object.keys(body).length === 0) return out;
    // A missing `object` is tolerated (hand-made test payloads); a different one is another product's webhook.
    if ((body.object !== undefined && body.object !== WABA_OBJECT) || !Array.isArray(body.entry)) {
      return [unknown('', 'envelope', body)];
    }
    for (const entry of body.entry) out.push(...parseEntry(entry));
  } catch {
    // Only reachable with exotic inputs (throwing getters, proxies): keep what was parsed plus the evidence.
    out.push(unknown('', 'envelope', body));
  }
  return out;
}

function parseEntry(entry: unknown): WebhookUpdate[] {
  if (!isRec(entry)) return [unknown('', 'entry', entry)];
  const wabaId = id(entry.id) ?? '';
  if (!Array.isArray(entry.changes)) return [unknown(wabaId, 'entry', entry)];
  const out: WebhookUpdate[] = [];
  for (const change of entry.changes) {
    out.push(
      ...attempt(
        () => parseChange(wabaId, change),
        () => [unknown(wabaId, '', change)],
      ),
    );
  }
  return out;
}

function parseChange(wabaId: string, change: unknown): WebhookUpdate[] {
  if (!isRec(change)) return [unknown(wabaId, '', change)];
  const field = typeof change.field === 'string' ? change.field : '';
  const v = change.value;
  const one = (u: WebhookUpdate | undefined): WebhookUpdate[] => [u ?? unknown(wabaId, field, v)];
  switch (field) {
    case 'messages':
    case 'smb_message_echoes':
    case 'user_preferences':
    case 'smb_app_state_sync':
      return parseMessagesValue(wabaId, field, v);
    case 'message_template_status_update':
      return one(templateStatus(wabaId, v));
    case 'message_template_quality_update':
      return one(templateQuality(wabaId, v));
    case 'template_category_update':
      return one(templateCategory(wabaId, v));
    case 'message_template_components_update':
      return one(templateComponents(wabaId, v));
    case 'phone_number_quality_update':
      return one(phoneQuality(wabaId, v));
    case 'account_update':
    case 'account_alerts':
    case 'business_capability_update':
      return one(accountNotice(wabaId, field, v));
    default:
      return one(undefined);
  }
}

/**
 * The phone-number-scoped fields share one value shape (metadata + arrays): messages, statuses and
 * errors on `messages`; message_echoes on `smb_message_echoes`; user_preferences; state_sync. Whatever
 * array arrives is read, whichever field it came under, and anything unread is kept as unknown.
 */
function parseMessagesValue(wabaId: string, field: string, value: unknown): WebhookUpdate[] {
  if (!isRec(value)) return [unknown(wabaId, field, value)];
  const meta = isRec(value.metadata) ? value.metadata : {};
  const origin: Origin = {
    wabaId,
    phoneNumberId: id(meta.phone_number_id) ?? '',
    displayPhoneNumber: str(meta.display_phone_number) ?? '',
  };
  // Unparseable items are kept in the shape they came in, so they could be replayed through a later parser.
  const leftover = (key: string, item: unknown) => unknown(wabaId, field, { metadata: value.metadata, [key]: item });
  const out: WebhookUpdate[] = [];
  for (const key of ['messages', 'statuses', 'errors', 'message_echoes', 'user_preferences', 'state_sync']) {
    if (value[key] !== undefined && !Array.isArray(value[key])) out.push(leftover(key, value[key]));
  }
  const contacts = (Array.isArray(value.contacts) ? value.contacts : []).filter(isRec);
  const each = (key: string, parse: (item: unknown) => WebhookUpdate | undefined) => {
    for (const item of Array.isArray(value[key]) ? value[key] : []) {
      out.push(
        attempt(
          () => parse(item) ?? leftover(key, [item]),
          () => leftover(key, [item]),
        ),
      );
    }
  };
  each('messages', (m) => parseMessage(origin, m, contacts));
  each('statuses', (s) => parseStatus(origin, s, contacts));
  each('message_echoes', (m) => parseEcho(origin, m));
  for (const key of ['user_preferences', 'state_sync'] as const) {
    if (!Array.isArray(value[key])) continue;
    const parsed = attempt(
      () => (key === 'user_preferences' ? userPreferences(origin, value) : stateSync(origin, value)),
      () => [],
    );
    out.push(...parsed);
    if (parsed.length < (value[key] as unknown[]).length) out.push(leftover(key, value[key]));
  }
  const errors = errorsOf(value.errors);
  if (errors.length > 0) {
    const problem: ChannelProblem = { kind: 'problem', wabaId, errors };
    if (origin.phoneNumberId) problem.phoneNumberId = origin.phoneNumberId;
    out.push(problem);
  }
  return out.length > 0 ? out : [unknown(wabaId, field, value)];
}

function unknown(wabaId: string, field: string, raw: unknown): UnknownChange {
  return { kind: 'unknown', wabaId, field, raw: raw as Rec | unknown };
}
