/**
 * Outbound media: the file is checked against WhatsApp's limits, uploaded to the Graph API (which
 * returns the media id used in the send body) and kept locally so the sent bubble can show it.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { MEDIA_LIMITS } from '../inbox/media-downloader.ts';
import { updateRecord } from '../../lib/record-update.ts';

const KIND_BY_MIME: Array<[RegExp, keyof typeof MEDIA_LIMITS]> = [
  [/^image\/(jpeg|png)$/, 'image'],
  [/^image\/webp$/, 'sticker'],
  [/^video\/(mp4|3gpp)$/, 'video'],
  [/^audio\//, 'audio'],
  [/^(application|text)\//, 'document'],
];

export interface UploadedMedia {
  id: string;
  mime_type: string;
  filename: string;
  size: number;
  kind: string;
}

export class MediaService {
  private readonly dir: string;

  constructor(private readonly ctx: AppContext) {
    this.dir = join(ctx.config.dataDir, 'uploads');
    mkdirSync(this.dir, { recursive: true });
  }

  async upload(file: File, phoneNumberId: string): Promise<UploadedMedia> {
    const mime = (file.type || 'application/octet-stream').toLowerCase();
    const kind = KIND_BY_MIME.find(([re]) => re.test(mime))?.[1];
    if (!kind) throw new AppError('unsupported_media_type', 422, `file: ${mime} cannot be sent on WhatsApp`);
    const limit = MEDIA_LIMITS[kind]!;
    if (file.size > limit.max)
      throw new AppError(
        'media_too_large',
        413,
        `file: ${kind} files can be at most ${Math.round(limit.max / 1024 / 1024)} MB on WhatsApp (got ${(file.size / 1024 / 1024).toFixed(1)} MB)`,
      );
    if (file.size === 0) throw new AppError('empty_file', 422, 'file: empty');
    const id = await this.ctx.graph.uploadMedia(phoneNumberId, file, file.name || `upload.${kind}`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    writeFileSync(join(this.dir, safe(id)), bytes);
    const meta: UploadedMedia = { id, mime_type: mime, filename: file.name || `upload-${id}`, size: file.size, kind };
    writeFileSync(join(this.dir, `${safe(id)}.json`), JSON.stringify(meta));
    return meta;
  }

  /** Attach a previously uploaded file to the message that sends it (for the operator's own view). */
  async attachTo(messageId: string, mediaId: string): Promise<void> {
    const base = join(this.dir, safe(mediaId));
    if (!existsSync(base) || !existsSync(`${base}.json`)) return;
    const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as UploadedMedia;
    const form = new FormData();
    form.set('media', new Blob([new Uint8Array(readFileSync(base))], { type: meta.mime_type }), meta.filename);
    form.set('media_status', 'ready');
    await updateRecord(this.ctx.pb, 'messages', messageId, form);
  }
}

const safe = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');
