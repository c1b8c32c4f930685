/**
 * Meta's Resumable Upload API, as template header samples use it: `POST /{app-id}/uploads?file_name&
 * file_length&file_type` opens a session (`{id:"upload:…"}`), `POST /upload:…` with a `file_offset` header
 * sends bytes from that offset and, once the file is whole, answers the handle `{h}`; `GET /upload:…`
 * tells where to resume (`{id, file_offset}`). The handle is what `example.header_handle` must carry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GraphError, invalid } from './errors.ts';
import type { PersistedPart } from './sandbox.state.ts';

const TYPES = ['application/pdf', 'image/jpeg', 'image/jpg', 'image/png', 'video/mp4'];
const MAX_BYTES = 100 * 1024 * 1024;

interface Session {
  appId: string;
  fileName: string;
  length: number;
  type: string;
  chunks: Buffer[];
  offset: number;
}

/** A stable numeric app id per access token, like Meta's app ids. */
export function appIdFor(token: string): string {
  const n = BigInt(`0x${createHash('sha256').update(`app:${token}`).digest('hex').slice(0, 14)}`);
  return String(100_000_000_000_000n + (n % 899_999_999_999_999n));
}

export class UploadStore implements PersistedPart {
  readonly key = 'uploads';
  private readonly sessions = new Map<string, Session>();
  /** handle → what was uploaded (bytes are not kept: review only needs to know the handle is real) */
  private readonly handles = new Map<string, { type: string; fileName: string; size: number }>();

  open(appId: string, q: { file_name?: string; file_length?: string; file_type?: string }): { id: string } {
    const length = Number(q.file_length);
    if (!Number.isInteger(length) || length <= 0)
      throw invalid('The parameter file_length is required and must be a positive integer.');
    if (length > MAX_BYTES) throw invalid(`file_length is above the ${MAX_BYTES} bytes limit.`);
    const type = q.file_type ?? '';
    if (!TYPES.includes(type)) throw invalid(`Param file_type must be one of {${TYPES.join(', ')}}.`);
    const id = `upload:${randomBytes(24).toString('base64url')}`;
    this.sessions.set(id, { appId, fileName: q.file_name || 'file', length, type, chunks: [], offset: 0 });
    return { id };
  }

  status(id: string): { id: string; file_offset: number } | undefined {
    const s = this.sessions.get(id);
    return s ? { id, file_offset: s.offset } : undefined;
  }

  /** Appends bytes at `file_offset`; the handle comes back once the declared length is reached. */
  append(
    id: string,
    appId: string,
    offsetHeader: string | undefined,
    bytes: Uint8Array,
  ): { h: string } | { id: string; file_offset: number } {
    const s = this.sessions.get(id);
    if (!s || s.appId !== appId)
      throw new GraphError(100, `Upload session ${id} does not exist or belongs to another app.`, { subcode: 33 });
    const offset = Number(offsetHeader ?? '0');
    if (!Number.isInteger(offset) || offset !== s.offset)
      throw invalid(`file_offset must be ${s.offset} (bytes already received).`);
    if (offset + bytes.byteLength > s.length) throw invalid('More bytes than the declared file_length.');
    s.chunks.push(Buffer.from(bytes));
    s.offset += bytes.byteLength;
    if (s.offset < s.length) return { id, file_offset: s.offset };
    const h = `4::${Buffer.from(s.type).toString('base64url')}:${randomBytes(18).toString('base64url')}`;
    this.handles.set(h, { type: s.type, fileName: s.fileName, size: s.length });
    this.sessions.delete(id);
    return { h };
  }

  hasHandle(h: string): boolean {
    return this.handles.has(h);
  }

  snapshot(): unknown {
    return [...this.handles.entries()];
  }

  restore(value: unknown): void {
    if (!Array.isArray(value)) return;
    for (const e of value) if (Array.isArray(e) && typeof e[0] === 'string') this.handles.set(e[0], e[1]);
  }
}
