/**
 * Validation of POST /{phone-number-id}/messages bodies with Meta's limits.
 * Convention: a missing or malformed field → 100 "Invalid parameter"; a present value that breaks a
 * limit (length, count, uniqueness) → 131009 "Parameter value is not valid". `details` always names the
 * offending field the way Meta does (e.g. interactive['action']['buttons']).
 */
import { badValue, invalid } from './errors.ts';
import { type MediaStore, mediaKindOf } from './media.ts';
import { isRecord } from './util.ts';

export const SEND_TYPES = [
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'template',
  'reaction',
] as const;
export type SendType = (typeof SEND_TYPES)[number];

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);
const INTERACTIVE_TYPES = new Set([
  'button',
  'list',
  'cta_url',
  'location_request_message',
  'product',
  'product_list',
  'catalog_message',
  'flow',
  'address_message',
  'call_permission_request',
]);

function obj(v: unknown, name: string): Record<string, unknown> {
  if (!isRecord(v)) throw invalid(`The parameter ${name} is required.`);
  return v;
}

function text(
  v: unknown,
  name: string,
  max: number,
  opts: { required?: boolean; min?: number } = {},
): string | undefined {
  if (v === undefined || v === null) {
    if (opts.required ?? true) throw invalid(`The parameter ${name} is required.`);
    return undefined;
  }
  if (typeof v !== 'string') throw invalid(`Param ${name} must be a string.`);
  const len = [...v].length;
  const min = opts.min ?? 1;
  if (len < min || len > max) throw badValue(`Param ${name} length invalid. Min length: ${min}, Max length: ${max}.`);
  return v;
}

function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function num(v: unknown, name: string, min: number, max: number): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(`The parameter ${name} is required.`);
  if (n < min || n > max) throw badValue(`Param ${name} must be between ${min} and ${max}.`);
  return n;
}

/** Common envelope checks; returns the normalised `to` and the type. */
function sendType(raw: unknown): SendType {
  const type = raw ?? 'text';
  if (typeof type !== 'string' || !(SEND_TYPES as readonly string[]).includes(type)) {
    throw invalid(`Param type must be one of {${SEND_TYPES.join(', ')}} - got "${String(type)}".`);
  }
  return type as SendType;
}

export function checkEnvelope(body: Record<string, unknown>): { to: string; recipient?: string; type: SendType } {
  if (body.messaging_product !== 'whatsapp') {
    throw invalid(
      body.messaging_product === undefined
        ? 'The parameter messaging_product is required.'
        : "Param messaging_product must be 'whatsapp'.",
    );
  }
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    throw badValue("Param recipient_type must be 'individual'.");
  }
  // 2026: `recipient` carries a business-scoped user id; `to` (a phone) wins when both are present.
  if (body.to === undefined && typeof body.recipient === 'string' && body.recipient.trim()) {
    if (!/^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/.test(body.recipient.trim())) {
      throw badValue(`Param recipient '${body.recipient}' is not a valid business-scoped user ID.`);
    }
    return { to: '', recipient: body.recipient.trim(), type: sendType(body.type) };
  }
  if (typeof body.to !== 'string' && typeof body.to !== 'number') throw invalid('The parameter to is required.');
  const to = String(body.to);
  const digits = to.replace(/\D/g, '');
  if (!/^\+?[\d\s().-]+$/.test(to) || digits.length < 7 || digits.length > 15) {
    throw badValue(`Param to '${to}' is not a valid phone number.`);
  }
  const type = sendType(body.type);
  if (body.biz_opaque_callback_data !== undefined) {
    // echoed on the message's status webhooks; Meta's limit is 512 characters
    text(body.biz_opaque_callback_data, 'biz_opaque_callback_data', 512);
  }
  if (body.context !== undefined) {
    const ctx = obj(body.context, 'context');
    text(ctx.message_id, "context['message_id']", 512);
  }
  return { to, type };
}

/** Per-type body rules for everything except templates (see templates.send.ts). */
export function checkTypeBody(type: SendType, body: Record<string, unknown>, media: MediaStore): void {
  const part = body[type];
  if (MEDIA_TYPES.has(type)) {
    checkMedia(type, obj(part, type), media);
    return;
  }
  switch (type) {
    case 'text': {
      const t = obj(part, 'text');
      text(t.body, "text['body']", 4096);
      if (t.preview_url !== undefined && typeof t.preview_url !== 'boolean') {
        throw invalid("Param text['preview_url'] must be a boolean.");
      }
      return;
    }
    case 'location': {
      const l = obj(part, 'location');
      num(l.latitude, "location['latitude']", -90, 90);
      num(l.longitude, "location['longitude']", -180, 180);
      text(l.name, "location['name']", 1000, { required: false });
      text(l.address, "location['address']", 1000, { required: false });
      return;
    }
    case 'contacts': {
      if (!Array.isArray(part) || part.length === 0) throw invalid('The parameter contacts is required.');
      part.forEach((c, i) => {
        const name = obj(obj(c, `contacts[${i}]`).name, `contacts[${i}]['name']`);
        text(name.formatted_name, `contacts[${i}]['name']['formatted_name']`, 1000);
      });
      return;
    }
    case 'reaction': {
      const r = obj(part, 'reaction');
      text(r.message_id, "reaction['message_id']", 512);
      if (typeof r.emoji !== 'string') throw invalid("The parameter reaction['emoji'] is required.");
      // empty string removes the reaction; anything else must be a single emoji
      if (r.emoji !== '' && (!/\p{Extended_Pictographic}/u.test(r.emoji) || [...r.emoji].length > 8)) {
        throw badValue("Param reaction['emoji'] must be a single emoji.");
      }
      return;
    }
    case 'interactive':
      checkInteractive(obj(part, 'interactive'), media);
      return;
    default:
      return;
  }
}

function checkMedia(type: string, m: Record<string, unknown>, media: MediaStore): void {
  const hasId = m.id !== undefined;
  const hasLink = m.link !== undefined;
  if (hasId === hasLink) throw invalid(`Param ${type} must have exactly one of ['id', 'link'].`);
  if (hasId) {
    const rec = typeof m.id === 'string' ? media.get(m.id) : undefined;
    if (!rec) throw badValue(`Param ${type}['id'] (${String(m.id)}) is not a valid uploaded media id.`);
    const kind = mediaKindOf(rec.mimeType);
    // a document may carry any supported file; the other types need their own kind
    const fits = type === 'document' ? kind !== 'other' : kind === type;
    if (!fits) throw badValue(`Media ${String(m.id)} of type ${rec.mimeType} cannot be sent as ${type}.`);
  } else if (!isHttpUrl(m.link)) {
    throw badValue(`Param ${type}['link'] must be a valid http(s) URL.`);
  }
  if (m.caption !== undefined) {
    if (type === 'audio' || type === 'sticker') throw badValue(`Param ${type}['caption'] is not allowed for ${type}.`);
    text(m.caption, `${type}['caption']`, 1024);
  }
  if (m.filename !== undefined) {
    if (type !== 'document') throw badValue(`Param ${type}['filename'] is only allowed for documents.`);
    text(m.filename, "document['filename']", 240);
  }
}

function checkHeader(h: Record<string, unknown>, allowMedia: boolean, media: MediaStore): void {
  const t = h.type;
  if (t === 'text') {
    text(h.text, "interactive['header']['text']", 60);
    return;
  }
  if (allowMedia && (t === 'image' || t === 'video' || t === 'document')) {
    checkMedia(t, obj(h[t], `interactive['header']['${t}']`), media);
    return;
  }
  throw badValue(
    `Param interactive['header']['type'] must be one of {${allowMedia ? 'text, image, video, document' : 'text'}}.`,
  );
}

function checkInteractive(i: Record<string, unknown>, media: MediaStore): void {
  const kind = i.type;
  if (typeof kind !== 'string' || !INTERACTIVE_TYPES.has(kind)) {
    throw invalid(`Param interactive['type'] must be one of {${[...INTERACTIVE_TYPES].join(', ')}}.`);
  }
  const bodyMax = kind === 'list' ? 4096 : 1024;
  const needsBody = kind !== 'product' && kind !== 'call_permission_request';
  if (needsBody || i.body !== undefined)
    text(obj(i.body, "interactive['body']").text, "interactive['body']['text']", bodyMax);
  if (i.footer !== undefined) text(obj(i.footer, "interactive['footer']").text, "interactive['footer']['text']", 60);
  if (i.header !== undefined) checkHeader(obj(i.header, "interactive['header']"), kind === 'button', media);
  const action = obj(i.action, "interactive['action']");

  if (kind === 'button') {
    const buttons = action.buttons;
    if (!Array.isArray(buttons) || buttons.length === 0)
      throw invalid("The parameter interactive['action']['buttons'] is required.");
    if (buttons.length > 3) {
      throw badValue(`Param interactive['action']['buttons'] must contain at most 3 elements, got ${buttons.length}.`);
    }
    const ids = new Set<string>();
    const titles = new Set<string>();
    buttons.forEach((b, n) => {
      const btn = obj(b, `interactive['action']['buttons'][${n}]`);
      if (btn.type !== 'reply') throw badValue(`Param interactive['action']['buttons'][${n}]['type'] must be 'reply'.`);
      const reply = obj(btn.reply, `interactive['action']['buttons'][${n}]['reply']`);
      const id = text(reply.id, `interactive['action']['buttons'][${n}]['reply']['id']`, 256)!;
      const title = text(reply.title, `interactive['action']['buttons'][${n}]['reply']['title']`, 20)!;
      if (ids.has(id)) throw badValue(`Duplicate button id '${id}': button ids must be unique.`);
      if (titles.has(title.trim())) throw badValue(`Duplicate button title '${title}': button titles must be unique.`);
      ids.add(id);
      titles.add(title.trim());
    });
    return;
  }

  if (kind === 'list') {
    text(action.button, "interactive['action']['button']", 20);
    const sections = action.sections;
    if (!Array.isArray(sections) || sections.length === 0)
      throw invalid("The parameter interactive['action']['sections'] is required.");
    if (sections.length > 10)
      throw badValue(
        `Param interactive['action']['sections'] must contain at most 10 elements, got ${sections.length}.`,
      );
    let rowCount = 0;
    const rowIds = new Set<string>();
    sections.forEach((s, n) => {
      const sec = obj(s, `interactive['action']['sections'][${n}]`);
      const path = `interactive['action']['sections'][${n}]`;
      if (sections.length > 1 && sec.title === undefined) {
        throw invalid(`The parameter ${path}['title'] is required when there is more than one section.`);
      }
      text(sec.title, `${path}['title']`, 24, { required: false });
      const rows = sec.rows;
      if (!Array.isArray(rows) || rows.length === 0) throw invalid(`The parameter ${path}['rows'] is required.`);
      rows.forEach((r, k) => {
        const row = obj(r, `${path}['rows'][${k}]`);
        const id = text(row.id, `${path}['rows'][${k}]['id']`, 200)!;
        text(row.title, `${path}['rows'][${k}]['title']`, 24);
        text(row.description, `${path}['rows'][${k}]['description']`, 72, { required: false });
        if (rowIds.has(id)) throw badValue(`Duplicate row id '${id}': row ids must be unique.`);
        rowIds.add(id);
      });
      rowCount += rows.length;
    });
    if (rowCount > 10) throw badValue(`Total row count exceed max allowed count: 10 (got ${rowCount}).`);
    return;
  }

  if (kind === 'cta_url') {
    if (action.name !== 'cta_url') throw badValue("Param interactive['action']['name'] must be 'cta_url'.");
    const p = obj(action.parameters, "interactive['action']['parameters']");
    text(p.display_text, "interactive['action']['parameters']['display_text']", 20);
    if (!isHttpUrl(p.url)) throw badValue("Param interactive['action']['parameters']['url'] must be a valid URL.");
    return;
  }

  if (kind === 'location_request_message' && action.name !== 'send_location') {
    throw badValue("Param interactive['action']['name'] must be 'send_location'.");
  }
}
