/**
 * Dead letters: webhook events the store refused as invalid (a validation error, not an outage), and
 * journal records found damaged at start-up. They live in the journal's own directory
 * (DATA_DIR/journal/dead-letters.log, checksummed lines, fdatasync'd) — not in PocketBase — so an event
 * can leave the journal only once it is durably kept here, whatever state the store is in.
 *
 * The file is an append-only log of changes: `add` (a new letter with the raw body and the reason),
 * `replayed` (applied after a fix) and `replay_failed`. The current list is the fold of those records.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  DurableAppender,
  frame,
  openAppendFile,
  splitLines,
  unframe,
  type OpenAppendFile,
} from '../../lib/framed-log.ts';
import type { Logger } from '../../lib/logger.ts';

export type DeadLetterReason = 'invalid_event' | 'corrupt_record';

export interface DeadLetter {
  id: string;
  /** ISO time it was dead-lettered */
  at: string;
  /** journal position of the event (`segment:offset`) */
  eventId: string;
  reason: DeadLetterReason;
  error: string;
  /** the raw webhook body as Meta sent it (for a corrupt record: the damaged bytes as text) */
  raw: string;
  state: 'dead' | 'replayed';
  replayedAt?: string;
  replayAttempts: number;
  lastReplayError?: string;
}

type Change =
  | { t: 'add'; letter: Omit<DeadLetter, 'state' | 'replayAttempts'> }
  | { t: 'replayed'; id: string; at: string }
  | { t: 'replay_failed'; id: string; at: string; error: string };

export class DeadLetterStore {
  private readonly file: string;
  private out: DurableAppender | undefined;
  private readonly letters = new Map<string, DeadLetter>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly log: Logger,
    private readonly openFile: OpenAppendFile = openAppendFile,
  ) {
    const dir = join(dataDir, 'journal');
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'dead-letters.log');
  }

  async open(): Promise<void> {
    let size = 0;
    if (existsSync(this.file)) {
      const buf = readFileSync(this.file);
      const { lines, tail } = splitLines(buf);
      for (const { line, start } of lines) {
        const rec = unframe(line);
        let change: Change | undefined;
        try {
          change = rec.ok ? (JSON.parse(rec.payload) as Change) : undefined;
        } catch {
          change = undefined;
        }
        if (!change) {
          this.log.error('dead-letter log: damaged record skipped', {
            offset: start,
            reason: rec.ok ? 'unreadable' : rec.reason,
          });
          continue;
        }
        this.fold(change);
      }
      // the appender cuts a failed write off, so a tail only remains after a power loss mid-write
      size = tail;
      if (tail < buf.length) this.log.warn('dead-letter log: torn tail ignored', { bytes: buf.length - tail });
      if (tail < statSync(this.file).size) {
        const fh = await this.openFile(this.file);
        await fh.truncate(tail);
        await fh.close();
      }
    }
    this.out = new DurableAppender(await this.openFile(this.file), size);
  }

  private fold(c: Change): void {
    if (c.t === 'add') {
      this.letters.set(c.letter.id, { ...c.letter, state: 'dead', replayAttempts: 0 });
      return;
    }
    const l = this.letters.get(c.id);
    if (!l) return;
    l.replayAttempts++;
    if (c.t === 'replayed') {
      l.state = 'replayed';
      l.replayedAt = c.at;
      delete l.lastReplayError;
    } else {
      l.lastReplayError = c.error;
    }
  }

  /** Appends one change durably (serialised), then applies it to the in-memory list. */
  private write(c: Change): Promise<void> {
    const run = this.queue.then(async () => {
      if (!this.out) throw new Error('dead-letter log not open');
      await this.out.append(frame(JSON.stringify(c)));
      this.fold(c);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Keeps an event. Re-processing after a crash may refuse the same journal event again: it is kept once.
   * Resolves only when the letter is on disk; rejects when it could not be written (the caller must not
   * advance the journal past the event then).
   */
  async add(input: { eventId: string; reason: DeadLetterReason; error: string; raw: string }): Promise<DeadLetter> {
    const existing = [...this.letters.values()].find((l) => l.eventId === input.eventId && l.state === 'dead');
    if (existing) return existing;
    const letter = {
      id: randomBytes(8).toString('hex'),
      at: new Date().toISOString(),
      ...input,
      error: input.error.slice(0, 2000),
    };
    await this.write({ t: 'add', letter });
    return this.letters.get(letter.id)!;
  }

  markReplayed(id: string): Promise<void> {
    return this.write({ t: 'replayed', id, at: new Date().toISOString() });
  }

  markReplayFailed(id: string, error: string): Promise<void> {
    return this.write({ t: 'replay_failed', id, at: new Date().toISOString(), error: error.slice(0, 2000) });
  }

  get(id: string): DeadLetter | undefined {
    return this.letters.get(id);
  }

  /** Newest first. */
  list(): DeadLetter[] {
    return [...this.letters.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }

  get pending(): number {
    let n = 0;
    for (const l of this.letters.values()) if (l.state === 'dead') n++;
    return n;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.out?.close();
    this.out = undefined;
  }
}
