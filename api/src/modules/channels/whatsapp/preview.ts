import type { NormalisedPayload } from '../channel.types.ts';

/** Previews feed conversation lists and search: long enough to recognise a message, short enough to index cheaply. */
export const PREVIEW_MAX = 200;

const MEDIA_LABELS: Record<string, string> = {
  image: '📷 Photo',
  video: '🎥 Video',
  sticker: 'Sticker',
};

/**
 * One line of human text for a normalised payload (see channel.types.ts for the payload keys).
 * Total over its inputs: an unexpected payload still yields a label, never an exception.
 */
export function previewText(type: string, payload: NormalisedPayload): string {
  return clampLine(rawPreview(type, payload));
}

/** Collapses whitespace (previews are single-line) and cuts on code points so emoji never split. */
export function clampLine(text: string, max = PREVIEW_MAX): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= max
    ? line
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

function rawPreview(type: string, p: NormalisedPayload): string {
  switch (type) {
    case 'text':
      return s(p.body) || 'Message';
    case 'image':
    case 'video':
    case 'sticker':
    case 'audio':
    case 'document':
      return mediaPreview(type, p);
    case 'location': {
      const name = s(p.name);
      return `📍 ${name || 'Location'}`;
    }
    case 'contacts': {
      const list = Array.isArray(p.contacts) ? p.contacts : [];
      const names = list.map((c) => s(isRecord(c) ? c.name : undefined)).filter(Boolean);
      if (names.length === 0) return '👤 Contact';
      return `👤 ${names.join(', ')}`;
    }
    case 'interactive':
      // Flow replies always carry body "Sent", which says nothing in a conversation list.
      if (p.kind === 'nfm_reply') return s(p.body) && s(p.body) !== 'Sent' ? `📝 ${s(p.body)}` : '📝 Form submitted';
      return s(p.title) || s(p.id) || 'Interactive reply';
    case 'button':
      return s(p.text) || s(p.payload) || 'Button reply';
    case 'reaction': {
      const emoji = s(p.emoji);
      return emoji ? `Reacted ${emoji} to a message` : 'Removed a reaction';
    }
    case 'order':
      return orderPreview(p);
    case 'system':
      return s(p.body) || 'System message';
    case 'template':
      return s(p.body) || `Template ${s(p.name)}`.trim();
    case 'request_welcome':
      return '👋 Opened the chat';
    case 'edit':
      return `✏️ ${s(p.preview) || 'Edited a message'}`;
    case 'revoke':
      return '🚫 This message was deleted';
    default:
      return 'Unsupported message';
  }
}

function mediaPreview(type: string, p: NormalisedPayload): string {
  const media = isRecord(p.media) ? p.media : {};
  const caption = s(p.caption) || s(media.caption);
  if (caption && type !== 'audio' && type !== 'sticker') return caption;
  if (Array.isArray(p.errors) && p.errors.length > 0) return `⚠️ ${MEDIA_LABELS[type] ?? 'Attachment'} not received`;
  if (type === 'audio') return media.voice === true ? '🎤 Voice message' : '🎵 Audio';
  if (type === 'document') return `📄 ${s(media.filename) || 'Document'}`;
  return MEDIA_LABELS[type] ?? 'Attachment';
}

function orderPreview(p: NormalisedPayload): string {
  const items = Array.isArray(p.items) ? p.items : [];
  // WhatsApp shows the total quantity in the cart bubble, not the number of product lines.
  let count = 0;
  for (const it of items) {
    const q = isRecord(it) && typeof it.quantity === 'number' && Number.isFinite(it.quantity) ? it.quantity : 1;
    count += q;
  }
  const base = `🛒 Order (${count} ${count === 1 ? 'item' : 'items'})`;
  const text = s(p.text);
  return text ? `${base}: ${text}` : base;
}

function s(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
