/** The one-line preview of an outbound message (chat list, notifications). */
import type { SendBody } from './send.types.ts';

const MEDIA_LABEL: Record<string, string> = {
  image: '📷 Photo',
  video: '🎥 Video',
  audio: '🎵 Audio',
  sticker: 'Sticker',
  document: '📄 Document',
};

export function outboundPreview(msg: SendBody): string {
  const part = (msg as Record<string, unknown>)[msg.type] as Record<string, any> | undefined;
  let text = '';
  switch (msg.type) {
    case 'text':
      text = String(part?.body ?? '');
      break;
    case 'template':
      text = `📋 ${String(part?.name ?? 'Template')}`;
      break;
    case 'interactive':
      text = String(part?.body?.text ?? 'Interactive message');
      break;
    case 'reaction':
      text = part?.emoji ? `Reacted ${String(part.emoji)}` : 'Removed a reaction';
      break;
    case 'location':
      text = `📍 ${String(part?.name ?? 'Location')}`;
      break;
    case 'contacts':
      text = '👤 Contact';
      break;
    default:
      text = String(part?.caption || (msg.type === 'document' && part?.filename) || MEDIA_LABEL[msg.type] || msg.type);
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
