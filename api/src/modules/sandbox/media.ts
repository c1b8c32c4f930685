import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphError } from './errors.ts';
import type { PersistedPart } from './sandbox.state.ts';
import { newNumericId } from './util.ts';

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

export interface MediaRecord {
  id: string;
  mimeType: string;
  kind: MediaKind | 'other';
  sha256Hex: string;
  size: number;
  filename?: string;
  createdAt: number;
  phoneNumberId?: string;
  /** who uploaded it: the business through Graph, or the customer's phone */
  origin: 'business' | 'customer';
  animated?: boolean;
}

const MB = 1024 * 1024;
const DOCUMENT_TYPES = [
  'text/plain',
  'application/pdf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];
/** Meta's upload limits per MIME type (docs, media reference). */
const LIMITS: Array<{ kind: MediaKind; types: string[]; max: number }> = [
  { kind: 'image', types: ['image/jpeg', 'image/png'], max: 5 * MB },
  { kind: 'video', types: ['video/mp4', 'video/3gpp'], max: 16 * MB },
  { kind: 'audio', types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], max: 16 * MB },
  { kind: 'sticker', types: ['image/webp'], max: 100 * 1024 },
  { kind: 'document', types: DOCUMENT_TYPES, max: 100 * MB },
];
const ANIMATED_STICKER_MAX = 500 * 1024;
const MEDIA_TTL_MS = 30 * 24 * 3600 * 1000;
/** the download URL Graph hands out is short-lived, like Meta's lookaside URLs */
export const DOWNLOAD_URL_TTL_MS = 5 * 60 * 1000;

export function baseMime(mime: string): string {
  return mime.split(';')[0]!.trim().toLowerCase();
}

export function mediaKindOf(mime: string): MediaKind | 'other' {
  const base = baseMime(mime);
  return LIMITS.find((l) => l.types.includes(base))?.kind ?? 'other';
}

/** An animated WebP carries an ANIM chunk; Meta allows those up to 500 KB instead of 100 KB. */
function isAnimatedWebp(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  return head.startsWith('RIFF') && head.includes('ANIM');
}

export class MediaStore implements PersistedPart {
  readonly key = 'media';
  private readonly records = new Map<string, MediaRecord>();
  private readonly memory = new Map<string, Uint8Array>();

  constructor(
    private readonly mediaDir: string | undefined,
    private readonly urlSecret: string,
    private readonly now: () => number,
  ) {
    if (mediaDir) mkdirSync(mediaDir, { recursive: true });
  }

  /** Stores bytes; `enforce` applies Meta's upload type/size limits (131053 like Meta). */
  put(
    bytes: Uint8Array,
    mimeType: string,
    meta: { filename?: string; phoneNumberId?: string; origin: MediaRecord['origin']; enforce: boolean },
  ): MediaRecord {
    const base = baseMime(mimeType);
    const rule = LIMITS.find((l) => l.types.includes(base));
    const animated = base === 'image/webp' && isAnimatedWebp(bytes);
    if (meta.enforce) {
      if (!rule) {
        throw new GraphError(
          131053,
          `Param file must be a file with one of the following types: ${LIMITS.flatMap((l) => l.types).join(', ')}. Received file of type '${base || 'unknown'}'.`,
        );
      }
      const max = animated ? ANIMATED_STICKER_MAX : rule.max;
      if (bytes.byteLength > max) {
        throw new GraphError(131053, `File size ${bytes.byteLength} bytes exceeds the ${max} bytes limit for ${base}.`);
      }
      if (bytes.byteLength === 0) throw new GraphError(131053, 'Uploaded file is empty.');
    }
    const rec: MediaRecord = {
      id: newNumericId(),
      mimeType,
      kind: rule?.kind ?? 'other',
      sha256Hex: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.byteLength,
      createdAt: this.now(),
      origin: meta.origin,
      ...(meta.filename ? { filename: meta.filename } : {}),
      ...(meta.phoneNumberId ? { phoneNumberId: meta.phoneNumberId } : {}),
      ...(animated ? { animated } : {}),
    };
    if (this.mediaDir) writeFileSync(join(this.mediaDir, rec.id), bytes);
    else this.memory.set(rec.id, new Uint8Array(bytes));
    this.records.set(rec.id, rec);
    return rec;
  }

  get(id: string): MediaRecord | undefined {
    const rec = this.records.get(id);
    if (!rec) return undefined;
    if (this.now() - rec.createdAt > MEDIA_TTL_MS) {
      this.delete(id);
      return undefined;
    }
    return rec;
  }

  bytes(id: string): Uint8Array | undefined {
    if (!this.get(id)) return undefined;
    if (!this.mediaDir) return this.memory.get(id);
    const file = join(this.mediaDir, id);
    return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
  }

  delete(id: string): boolean {
    const had = this.records.delete(id);
    this.memory.delete(id);
    if (this.mediaDir) rmSync(join(this.mediaDir, id), { force: true });
    return had;
  }

  /** Meta returns the SHA-256 as hex from GET /{media-id} but base64 inside inbound webhooks. */
  static sha256Base64(rec: MediaRecord): string {
    return Buffer.from(rec.sha256Hex, 'hex').toString('base64');
  }

  downloadUrl(publicBaseUrl: string, id: string): string {
    const exp = Math.floor((this.now() + DOWNLOAD_URL_TTL_MS) / 1000);
    return `${publicBaseUrl.replace(/\/$/, '')}/media-download/${id}?exp=${exp}&hash=${this.sign(id, exp)}`;
  }

  /** 'ok', or why the URL no longer works (tampered or older than 5 minutes). */
  checkDownload(id: string, exp: string | undefined, hash: string | undefined): 'ok' | 'expired' | 'invalid' {
    const expNum = Number(exp);
    if (!exp || !hash || !Number.isFinite(expNum)) return 'invalid';
    const want = Buffer.from(this.sign(id, expNum));
    const got = Buffer.from(hash);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'invalid';
    return expNum * 1000 < this.now() ? 'expired' : 'ok';
  }

  private sign(id: string, exp: number): string {
    return createHmac('sha256', this.urlSecret).update(`${id}.${exp}`).digest('hex').slice(0, 32);
  }

  clear(): void {
    for (const id of [...this.records.keys()]) this.delete(id);
  }

  /** Only media whose bytes survive a restart (on disk) are worth remembering. */
  snapshot(): unknown {
    return this.mediaDir ? [...this.records.values()] : [];
  }

  restore(value: unknown): void {
    if (!this.mediaDir || !Array.isArray(value)) return;
    for (const rec of value as MediaRecord[]) {
      if (rec && typeof rec.id === 'string' && existsSync(join(this.mediaDir, rec.id))) this.records.set(rec.id, rec);
    }
  }
}
