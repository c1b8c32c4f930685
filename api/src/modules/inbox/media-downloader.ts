/**
 * Inbound media: Meta gives a media id; GET /{media-id} returns a URL valid for five minutes that needs
 * the bearer token. We fetch it, enforce WhatsApp's size/type limits, and store the bytes as a
 * PocketBase file on the message. Each download is a scheduler row (`media:<message>`), so a failed one
 * (network, 5xx, 429, the store restarting) is retried with back-off — every attempt asks Meta for a
 * fresh URL, and the media id lives 30 days — and one interrupted by a crash runs again. A download that
 * cannot succeed (type not allowed, too large, Meta says no) marks the message failed at once; so does
 * the last attempt.
 */
import type { GraphClient } from '../channels/whatsapp/graph-client.ts';
import { ChannelSendError } from '../channels/channel.types.ts';
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { isNotFound } from '../../lib/pb.ts';
import { PermanentFailure, type Scheduler, type WorkItem } from '../../engine/scheduler/scheduler.ts';
import type { MediaJob } from './ingest.ts';
import { updateRecord } from '../../lib/record-update.ts';

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
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'application/pdf': 'pdf',
};

export const MEDIA_DOWNLOAD = 'media.download';

export class MediaDownloader {
  constructor(
    private readonly deps: {
      pb: PocketBase;
      graph: GraphClient;
      log: Logger;
      maxBytes: number;
      scheduler: Scheduler;
      concurrency?: number;
    },
  ) {
    deps.scheduler.register<MediaJob>(MEDIA_DOWNLOAD, {
      concurrency: deps.concurrency ?? 4,
      maxAttempts: 8,
      // 1 min, 2, 4 … capped at an hour: about two hours of trying in all
      backoff: { baseMs: 60_000, maxMs: 60 * 60_000, jitter: 0.2 },
      leaseMs: 10 * 60_000,
      handler: (item) => this.download(item),
      onDead: (item, err) => this.markFailed(item.payload, err),
    });
  }

  enqueue(job: MediaJob): void {
    this.deps.scheduler
      .schedule({ kind: MEDIA_DOWNLOAD, dedupeKey: `media:${job.messageId}`, payload: job, principal: 'system:inbox' })
      .catch((err) =>
        this.deps.log.error('could not schedule a media download (recovered at the next start)', {
          messageId: job.messageId,
          err: String(err),
        }),
      );
  }

  /** Messages still waiting for their media, e.g. written just before a crash that lost the schedule call. */
  async recover(): Promise<void> {
    type Row = {
      id: string;
      type: string;
      payload: { media?: { id: string; mimeType: string; filename?: string } };
      expand?: { conversation?: { expand?: { wa_number?: { phone_number_id: string } } } };
    };
    const rows = await this.deps.pb.collection('messages').getFullList<Row>({
      filter: "media_status = 'pending' && direction = 'in'",
      fields: 'id,type,payload,expand.conversation.expand.wa_number.phone_number_id',
      expand: 'conversation.wa_number',
    });
    for (const r of rows) {
      const m = r.payload?.media;
      // the number that received it: its app's token reads the media
      const phoneNumberId = r.expand?.conversation?.expand?.wa_number?.phone_number_id;
      if (m?.id) {
        this.enqueue({
          messageId: r.id,
          mediaId: m.id,
          mimeType: m.mimeType,
          type: r.type,
          ...(m.filename ? { filename: m.filename } : {}),
          ...(phoneNumberId ? { phoneNumberId } : {}),
        });
      }
    }
  }

  private async download(item: WorkItem<MediaJob>): Promise<void> {
    const { pb, graph } = this.deps;
    const job = item.payload;
    const limit = MEDIA_LIMITS[job.type] ?? MEDIA_LIMITS.document!;
    let bytes: Uint8Array<ArrayBuffer>;
    let mime: string;
    try {
      const info = await graph.getMedia(job.mediaId, job.phoneNumberId);
      mime = (info.mime_type || job.mimeType || '').toLowerCase();
      if (!limit.mimes.test(mime)) throw new PermanentFailure(`media type ${mime} is not allowed for ${job.type}`);
      const max = Math.min(limit.max, this.deps.maxBytes);
      if (info.file_size && info.file_size > max)
        throw new PermanentFailure(`media is ${info.file_size} bytes, above the ${max} limit`);
      bytes = await graph.downloadMedia(info.url, max, job.phoneNumberId);
    } catch (err) {
      // Meta refused for good (not found, too large, bad request): retrying cannot help
      if (err instanceof ChannelSendError && !err.retryable) throw new PermanentFailure(err.message);
      throw err;
    }
    const name = job.filename || `${job.type}-${job.mediaId}.${EXT[mime.split(';')[0]!] ?? 'bin'}`;
    const form = new FormData();
    form.set('media', new Blob([bytes], { type: mime }), name);
    form.set('media_status', 'ready');
    try {
      await updateRecord(pb, 'messages', job.messageId, form);
    } catch (err) {
      if (isNotFound(err)) return; // the message was deleted meanwhile: nothing left to do
      throw err;
    }
  }

  private async markFailed(job: MediaJob, err: string): Promise<void> {
    this.deps.log.warn('inbound media download failed', { messageId: job.messageId, err });
    try {
      await updateRecord(this.deps.pb, 'messages', job.messageId, { media_status: 'failed' });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
