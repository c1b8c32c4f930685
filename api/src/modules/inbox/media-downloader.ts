/**
 * Inbound media: Meta gives a media id; GET /{media-id} returns a URL valid for five minutes that needs
 * the bearer token. We fetch it right away, enforce WhatsApp's size/type limits, and store the bytes
 * as a PocketBase file on the message. Pending downloads are retried after a restart (the id lives 30 days).
 */
import type { GraphClient } from '../channels/whatsapp/graph-client.ts';
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';
import type { MediaJob } from './ingest.ts';

const MB = 1024 * 1024;
/** Meta's limits per type; anything else is refused rather than stored. */
export const MEDIA_LIMITS: Record<string, { max: number; mimes: RegExp }> = {
  image: { max: 5 * MB, mimes: /^image\/(jpeg|png|webp)$/ },
  video: { max: 16 * MB, mimes: /^video\/(mp4|3gpp)$/ },
  audio: { max: 16 * MB, mimes: /^audio\/(aac|amr|mpeg|mp4|ogg)(;.*)?$/ },
  document: { max: 100 * MB, mimes: /^[a-z]+\/[a-z0-9.+-]+$/i },
  sticker: { max: 500 * 1024, mimes: /^image\/webp$/ },
};

const EXT: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'video/mp4': 'mp4', 'video/3gpp': '3gp', 'audio/aac': 'aac',
  'audio/amr': 'amr', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/ogg': 'ogg', 'application/pdf': 'pdf',
};

export class MediaDownloader {
  private readonly queue: MediaJob[] = [];
  private active = 0;

  constructor(private readonly deps: { pb: PocketBase; graph: GraphClient; log: Logger; maxBytes: number; concurrency?: number }) {}

  enqueue(job: MediaJob): void {
    this.queue.push(job);
    this.pump();
  }

  async recover(): Promise<void> {
    const rows = await this.deps.pb.collection('messages').getFullList<{ id: string; type: string; payload: { media?: { id: string; mimeType: string; filename?: string } } }>({
      filter: "media_status = 'pending' && direction = 'in'",
      fields: 'id,type,payload',
    });
    for (const r of rows) {
      const m = r.payload?.media;
      if (m?.id) this.enqueue({ messageId: r.id, mediaId: m.id, mimeType: m.mimeType, type: r.type, ...(m.filename ? { filename: m.filename } : {}) });
    }
  }

  private pump(): void {
    while (this.active < (this.deps.concurrency ?? 4) && this.queue.length) {
      const job = this.queue.shift()!;
      this.active++;
      void this.download(job).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async download(job: MediaJob): Promise<void> {
    const { pb, graph, log } = this.deps;
    try {
      const info = await graph.getMedia(job.mediaId, job.phoneNumberId);
      const limit = MEDIA_LIMITS[job.type] ?? MEDIA_LIMITS.document!;
      const mime = (info.mime_type || job.mimeType || '').toLowerCase();
      if (!limit.mimes.test(mime)) throw new Error(`media type ${mime} is not allowed for ${job.type}`);
      const max = Math.min(limit.max, this.deps.maxBytes);
      if (info.file_size && info.file_size > max) throw new Error(`media is ${info.file_size} bytes, above the ${max} limit`);
      const bytes = await graph.downloadMedia(info.url, max, job.phoneNumberId);
      const name = job.filename || `${job.type}-${job.mediaId}.${EXT[mime.split(';')[0]!] ?? 'bin'}`;
      const form = new FormData();
      form.set('media', new Blob([bytes], { type: mime }), name);
      form.set('media_status', 'ready');
      await pb.collection('messages').update(job.messageId, form);
    } catch (err) {
      log.warn('inbound media download failed', { messageId: job.messageId, err: String(err) });
      await pb.collection('messages').update(job.messageId, { media_status: 'failed' }).catch(() => undefined);
    }
  }
}
