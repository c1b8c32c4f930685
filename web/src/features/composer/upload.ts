import { api } from '../../lib/api.ts';

export interface UploadedMedia {
  id: string;
  mime_type: string;
  filename: string;
  size: number;
}

/** POST /api/v1/media (multipart "file") → the media id to put in the send body. */
export function uploadMedia(file: File): Promise<UploadedMedia> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<UploadedMedia>('/api/v1/media', { form });
}
