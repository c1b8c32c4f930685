/** WhatsApp's media limits, checked before uploading (the server checks again). */
export const LIMITS = {
  image: { max: 5 * 1024 * 1024, types: ['image/jpeg', 'image/png'] },
  document: { max: 100 * 1024 * 1024, types: null },
} as const;

export type AttachmentKind = keyof typeof LIMITS;

export type AttachmentCheck =
  | { ok: true; kind: AttachmentKind }
  | { ok: false; reason: 'type' | 'size'; kind: AttachmentKind; maxMb: number };

/** Images must be JPEG/PNG ≤ 5 MB; anything else goes as a document ≤ 100 MB (audio/video excluded here). */
export function checkAttachment(file: { type: string; size: number }, wanted: AttachmentKind): AttachmentCheck {
  const type = (file.type || '').toLowerCase();
  const kind: AttachmentKind =
    wanted === 'image' && LIMITS.image.types.includes(type as 'image/png') ? 'image' : wanted;
  const maxMb = LIMITS[kind].max / 1024 / 1024;
  if (kind === 'image' && !LIMITS.image.types.includes(type as 'image/png'))
    return { ok: false, reason: 'type', kind, maxMb };
  if (kind === 'document' && /^(video|audio|image)\//.test(type) && !/^image\/(jpeg|png)$/.test(type))
    return { ok: false, reason: 'type', kind, maxMb };
  if (file.size === 0 || file.size > LIMITS[kind].max) return { ok: false, reason: 'size', kind, maxMb };
  return { ok: true, kind };
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
