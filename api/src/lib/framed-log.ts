/**
 * Line framing and durable appends for our own append-only files (the webhook journal, the dead letters).
 *
 * A record is one line: `<crc32 of the payload, 8 hex digits> <payload>\n`, where the payload is JSON
 * (which never holds a raw newline). The checksum tells a record that was written whole from a torn or
 * damaged one; the newline alone cannot, because a short write followed by another append would glue a
 * torn record to the next one.
 *
 * Appends go through `DurableAppender`, which checks how many bytes the kernel took, cuts a partial
 * write back off the file before anything else is written, and only then reports success — so a full
 * disk means "not recorded" (the webhook caller answers 503 and Meta retries), never a damaged log.
 */
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/** The part of a FileHandle the appender uses: small on purpose, so tests can inject write faults. */
export interface AppendFile {
  write(buf: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(len: number): Promise<void>;
  close(): Promise<void>;
}

export type OpenAppendFile = (path: string) => Promise<AppendFile>;

export const openAppendFile: OpenAppendFile = async (path) => open(path, 'a');

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

export function frame(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`${hex8(crc32(body))} `, 'latin1'), body, Buffer.from('\n', 'latin1')]);
}

export type Unframed =
  | { ok: true; payload: string; legacy: boolean }
  | { ok: false; reason: 'checksum_mismatch' | 'unreadable' };

/**
 * Decodes one line (without its newline). Lines written before checksums existed were a bare JSON
 * string (`"…"`) and are still accepted if they parse.
 */
export function unframe(line: Buffer): Unframed {
  if (line[0] === 0x22 /* " */) {
    try {
      JSON.parse(line.toString('utf8'));
      return { ok: true, payload: line.toString('utf8'), legacy: true };
    } catch {
      return { ok: false, reason: 'unreadable' };
    }
  }
  if (line.length < 10 || line[8] !== 0x20) return { ok: false, reason: 'unreadable' };
  const want = line.subarray(0, 8).toString('latin1');
  const body = line.subarray(9);
  if (hex8(crc32(body)) !== want) return { ok: false, reason: 'checksum_mismatch' };
  return { ok: true, payload: body.toString('utf8'), legacy: false };
}

export interface SplitRecord {
  /** byte offset just past the record's newline */
  end: number;
  start: number;
  line: Buffer;
}

/** Splits a file's bytes into complete lines; `tail` is the start of bytes after the last newline. */
export function splitLines(buf: Buffer): { lines: SplitRecord[]; tail: number } {
  const lines: SplitRecord[] = [];
  let start = 0;
  for (let i = buf.indexOf(0x0a, start); i !== -1; i = buf.indexOf(0x0a, start)) {
    lines.push({ start, end: i + 1, line: buf.subarray(start, i) });
    start = i + 1;
  }
  return { lines, tail: start };
}

export class ShortWriteError extends Error {
  override name = 'ShortWriteError';
  constructor(
    readonly written: number,
    readonly wanted: number,
  ) {
    super(`short write: ${written} of ${wanted} bytes reached the file`);
  }
}

/**
 * Appends whole buffers to one file with fdatasync. `size` is the length of the file's good prefix;
 * after a failed or partial write the file is cut back to it before the next append, and until that
 * cut succeeds nothing else is appended (each append retries it first and fails while it cannot).
 */
export class DurableAppender {
  private needsRepair = false;

  constructor(
    private readonly fh: AppendFile,
    public size: number,
  ) {}

  async append(buf: Buffer): Promise<void> {
    if (this.needsRepair) {
      await this.fh.truncate(this.size);
      this.needsRepair = false;
    }
    try {
      let done = 0;
      // A regular file may take fewer bytes than asked (e.g. the disk filled up mid-write): write the rest,
      // and if the kernel takes nothing more, give up and cut the partial record off.
      while (done < buf.length) {
        const { bytesWritten } = await this.fh.write(buf, done, buf.length - done);
        if (bytesWritten <= 0) throw new ShortWriteError(done, buf.length);
        done += bytesWritten;
      }
      await this.fh.datasync();
    } catch (err) {
      this.needsRepair = true;
      try {
        await this.fh.truncate(this.size);
        this.needsRepair = false;
      } catch {
        // stays flagged: the next append retries the cut before writing anything
      }
      throw err;
    }
    this.size += buf.length;
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}
