/**
 * Dead letters for admins: list them with the reason, replay one or all after a fix. Replaying goes
 * through the inbox writer with every wamid checked against the store, so it is idempotent: replaying
 * twice (or a letter whose event Meta delivered again meanwhile) stores once.
 */
import type { AppContext } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isStoreUnavailable, refusalText } from '../../lib/store-errors.ts';
import { unframe } from '../../lib/framed-log.ts';
import { parseWebhook } from '../channels/whatsapp/webhook-parser.ts';
import type { DeadLetter } from './dead-letters.ts';

export interface DeadLetterView {
  id: string;
  at: string;
  reason: DeadLetter['reason'];
  error: string;
  event_id: string;
  state: DeadLetter['state'];
  replayed_at: string | null;
  replay_attempts: number;
  last_replay_error: string | null;
  /** what the body holds, when it can be read */
  summary: { messages: number; statuses: number; other: number; senders: string[] } | null;
  size: number;
  raw_preview: string;
}

export type ReplayOutcome =
  | { id: string; result: 'replayed' | 'already_replayed' }
  | { id: string; result: 'failed'; error: string };

/** The webhook body a letter holds; a damaged journal record is read back if its text still parses. */
function bodyOf(l: DeadLetter): string | undefined {
  if (l.reason !== 'corrupt_record') return l.raw;
  const line = Buffer.from(l.raw, 'utf8');
  const rec = unframe(line);
  const payload = rec.ok ? rec.payload : l.raw.replace(/^[0-9a-f]{8} /, '');
  try {
    const body = JSON.parse(payload) as unknown;
    return typeof body === 'string' ? body : undefined;
  } catch {
    return undefined;
  }
}

function summarise(raw: string | undefined): DeadLetterView['summary'] {
  if (raw === undefined) return null;
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return null;
  }
  const updates = parseWebhook(body);
  const senders = new Set<string>();
  let messages = 0;
  let statuses = 0;
  for (const u of updates) {
    if (u.kind === 'message') {
      messages++;
      senders.add(`+${u.from}`);
    } else if (u.kind === 'status') statuses++;
  }
  return { messages, statuses, other: updates.length - messages - statuses, senders: [...senders].slice(0, 20) };
}

export class DeadLettersService {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: Pick<AppContext, 'deadLetters' | 'writer' | 'log'>) {}

  list(state: 'dead' | 'replayed' | 'all' = 'all'): DeadLetterView[] {
    return this.ctx.deadLetters
      .list()
      .filter((l) => state === 'all' || l.state === state)
      .map((l) => ({
        id: l.id,
        at: l.at,
        reason: l.reason,
        error: l.error,
        event_id: l.eventId,
        state: l.state,
        replayed_at: l.replayedAt ?? null,
        replay_attempts: l.replayAttempts,
        last_replay_error: l.lastReplayError ?? null,
        summary: summarise(bodyOf(l)),
        size: Buffer.byteLength(l.raw),
        raw_preview: l.raw.slice(0, 1000),
      }));
  }

  /** One at a time, so "replay all" and "replay one" never race on the same letter. */
  replay(id: string): Promise<ReplayOutcome> {
    const run = this.chain.then(() => this.replayNow(id));
    this.chain = run.catch(() => undefined);
    return run;
  }

  async replayAll(): Promise<{ replayed: number; failed: Array<{ id: string; error: string }> }> {
    const failed: Array<{ id: string; error: string }> = [];
    let replayed = 0;
    for (const l of this.ctx.deadLetters.list().reverse()) {
      if (l.state !== 'dead') continue;
      const out = await this.replay(l.id);
      if (out.result === 'replayed') replayed++;
      else if (out.result === 'failed') failed.push({ id: out.id, error: out.error });
    }
    return { replayed, failed };
  }

  private async replayNow(id: string): Promise<ReplayOutcome> {
    const letter = this.ctx.deadLetters.get(id);
    if (!letter) throw notFound('Dead letter');
    if (letter.state === 'replayed') return { id, result: 'already_replayed' };
    const body = bodyOf(letter);
    if (body === undefined) {
      const error = 'The record is not readable JSON: there is nothing to apply.';
      await this.ctx.deadLetters.markReplayFailed(id, error);
      return { id, result: 'failed', error };
    }
    try {
      await this.ctx.writer.replay(body);
    } catch (err) {
      if (isStoreUnavailable(err))
        throw new AppError('store_unavailable', 503, 'The store is not answering; try again in a moment');
      const error = refusalText(err);
      await this.ctx.deadLetters.markReplayFailed(id, error);
      this.ctx.log.warn('dead letter replay refused', { id, err: error.slice(0, 300) });
      return { id, result: 'failed', error };
    }
    await this.ctx.deadLetters.markReplayed(id);
    this.ctx.log.info('dead letter replayed', { id });
    return { id, result: 'replayed' };
  }
}
