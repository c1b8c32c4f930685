/**
 * The durable inbox of raw webhook bodies: an append-only log in DATA_DIR/journal with group commit.
 * Bodies arriving together are written in one write + one fdatasync, and each POST is acknowledged
 * only after its bytes are on disk. Every record carries a checksum (lib/framed-log.ts); a write the
 * disk took only in part is cut off again and answered with an error, so Meta retries it.
 *
 * The journal is the source of truth for what has been acknowledged: processing advances the
 * checkpoint only past events whose effect is committed in the store or that were dead-lettered in the
 * journal's own files (dead-letters.ts). After a crash everything past the checkpoint is processed
 * again, which is safe because applying an event is idempotent (wamid de-duplication, monotonic statuses).
 *
 * Why a file and not PocketBase rows: measured on a 2-core machine PocketBase tops out near 4,000
 * record writes/s, and a row per event (create + mark processed) halved ingestion capacity.
 */
import { mkdirSync, existsSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DurableAppender,
  frame,
  openAppendFile,
  splitLines,
  unframe,
  type OpenAppendFile,
} from '../../../lib/framed-log.ts';
import type { RawEvent } from '../../inbox/inbox-writer.ts';

const SEGMENT_BYTES = 32 * 1024 * 1024;
/** how often the processed position is written (see checkpoint) */
const CHECKPOINT_EVERY_MS = 200;

interface Pending {
  line: Buffer;
  raw: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Position {
  seg: number;
  offset: number;
}

/** A record found damaged when the journal was opened: skipped for processing, reported, dead-lettered. */
export interface CorruptRecord {
  eventId: string;
  reason: 'checksum_mismatch' | 'unreadable';
  /** the damaged bytes as text (may be partial) */
  text: string;
}

export interface RecoveryReport {
  /** bytes after the last newline of the newest segment: a write never acknowledged, cut off */
  tornTailBytes: number;
  corrupt: CorruptRecord[];
}

export interface JournalOptions {
  /** test seam: how segment files are opened for appending (e.g. to inject short writes or ENOSPC) */
  openFile?: OpenAppendFile;
  /** where a checkpoint that could not be written is reported */
  log?: (msg: string, detail: string) => void;
}

const segName = (seg: number) => `wal-${String(seg).padStart(8, '0')}.log`;
export const eventPosition = (id: string): Position => {
  const [seg, offset] = id.split(':').map(Number);
  return { seg: seg ?? 0, offset: offset ?? 0 };
};

export class WebhookJournal {
  readonly dir: string;
  private out: DurableAppender | undefined;
  private seg = 0;
  private pending: Pending[] = [];
  private flushing = false;
  private checkpointAt: Position = { seg: 0, offset: 0 };
  /** the position last written to checkpoint.json */
  private writtenAt: Position = { seg: 0, offset: 0 };
  private checkpointTimer: NodeJS.Timeout | undefined;
  private checkpointWrite: Promise<void> = Promise.resolve();
  private recorded = 0;
  private failedWrites = 0;
  private readonly openFile: OpenAppendFile;
  recovery: RecoveryReport = { tornTailBytes: 0, corrupt: [] };

  constructor(
    dataDir: string,
    private readonly onRecorded: (events: RawEvent[]) => void,
    private readonly opts: JournalOptions = {},
  ) {
    this.dir = join(dataDir, 'journal');
    this.openFile = opts.openFile ?? openAppendFile;
    mkdirSync(this.dir, { recursive: true });
  }

  /**
   * Opens the log and returns the events recorded but not yet processed (oldest first). Damaged records
   * are left out of that list and listed in `recovery` instead (the caller dead-letters them).
   */
  async open(): Promise<RawEvent[]> {
    const cp = join(this.dir, 'checkpoint.json');
    if (existsSync(cp)) {
      this.checkpointAt = JSON.parse(readFileSync(cp, 'utf8')) as Position;
      this.writtenAt = this.checkpointAt;
    }
    const segs = this.segments();
    const unprocessed: RawEvent[] = [];
    const report: RecoveryReport = { tornTailBytes: 0, corrupt: [] };
    for (const seg of segs) {
      if (seg < this.checkpointAt.seg) continue;
      const file = join(this.dir, segName(seg));
      const buf = readFileSync(file);
      const { lines, tail } = splitLines(buf);
      for (const { end, line } of lines) {
        if (seg === this.checkpointAt.seg && end <= this.checkpointAt.offset) continue;
        const eventId = `${seg}:${end}`;
        const rec = unframe(line);
        let raw: string | undefined;
        if (rec.ok) {
          try {
            raw = JSON.parse(rec.payload) as string;
          } catch {
            raw = undefined;
          }
        }
        if (typeof raw === 'string') unprocessed.push({ id: eventId, raw });
        else
          report.corrupt.push({
            eventId,
            reason: rec.ok ? 'unreadable' : rec.reason,
            text: line.toString('utf8').slice(0, 4_000_000),
          });
      }
      // A torn tail was never acknowledged (the ack waits for fdatasync, and a failed write is cut off):
      // drop it, and say so.
      if (tail < buf.length) {
        report.tornTailBytes += buf.length - tail;
        truncateSync(file, tail);
      }
    }
    this.recovery = report;
    this.seg = segs.length ? segs[segs.length - 1]! : 0;
    await this.openSegment(this.seg);
    return unprocessed;
  }

  private segments(): number[] {
    return readdirSync(this.dir)
      .map((f) => /^wal-(\d+)\.log$/.exec(f)?.[1])
      .filter((x): x is string => !!x)
      .map(Number)
      .sort((a, b) => a - b);
  }

  private async openSegment(seg: number): Promise<void> {
    const file = join(this.dir, segName(seg));
    const size = existsSync(file) ? statSync(file).size : 0;
    // open the next file before letting go of the current one, so a failure leaves a working journal
    const next = new DurableAppender(await this.openFile(file), size);
    const prev = this.out;
    this.out = next;
    this.seg = seg;
    await prev?.close().catch(() => undefined);
  }

  /** Resolves once the body is on disk; rejects if it could not be written (the caller answers 5xx so Meta retries). */
  append(raw: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ line: frame(JSON.stringify(raw)), raw, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length) {
        const group = this.pending.splice(0, this.pending.length);
        try {
          if (!this.out) throw new Error('journal not open');
          if (this.out.size > SEGMENT_BYTES) await this.openSegment(this.seg + 1);
          const out = this.out!;
          const events: RawEvent[] = [];
          let offset = out.size;
          for (const p of group) {
            offset += p.line.length;
            events.push({ id: `${this.seg}:${offset}`, raw: p.raw });
          }
          await out.append(Buffer.concat(group.map((p) => p.line)));
          this.recorded += group.length;
          for (const p of group) p.resolve();
          this.onRecorded(events);
        } catch (err) {
          this.failedWrites += group.length;
          for (const p of group) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Everything up to and including this event is committed or dead-lettered; older segments can go.
   * The position is written at most every CHECKPOINT_EVERY_MS (the writer finishes a chunk dozens of times a
   * second, and each write was a file, a rename and a directory listing on the event loop): a crash replays
   * at most that much more, which is safe because applying an event is idempotent.
   */
  checkpoint(eventId: string): void {
    const pos = eventPosition(eventId);
    if (
      pos.seg < this.checkpointAt.seg ||
      (pos.seg === this.checkpointAt.seg && pos.offset <= this.checkpointAt.offset)
    )
      return;
    this.checkpointAt = pos;
    this.checkpointTimer ??= setTimeout(() => this.writeCheckpoint(), CHECKPOINT_EVERY_MS);
  }

  /** Writes the newest position (off the event loop; one write at a time) and removes older segments. */
  private writeCheckpoint(): Promise<void> {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    this.checkpointWrite = this.checkpointWrite.then(async () => {
      const pos = this.checkpointAt;
      if (pos.seg === this.writtenAt.seg && pos.offset === this.writtenAt.offset) return;
      const file = join(this.dir, 'checkpoint.json');
      try {
        await writeFile(`${file}.tmp`, JSON.stringify(pos));
        await rename(`${file}.tmp`, file);
        this.writtenAt = pos;
        for (const seg of this.segments()) if (seg < pos.seg) await rm(join(this.dir, segName(seg)), { force: true });
      } catch (err) {
        // the next checkpoint writes it again; until then a crash replays a little more (idempotent)
        this.opts.log?.('journal: checkpoint not written', String(err));
      }
    });
    return this.checkpointWrite;
  }

  get stats(): { recorded: number; failedWrites: number } {
    return { recorded: this.recorded, failedWrites: this.failedWrites };
  }

  async close(): Promise<void> {
    while (this.flushing) await new Promise((r) => setTimeout(r, 5));
    await this.writeCheckpoint();
    await this.out?.close();
    this.out = undefined;
  }
}
