/**
 * A slice's hand-over: recipients to the send path, as a stream rather than page by page.
 *
 * The pages of unsent recipients (and their contacts) are read one ahead of the workers, the workers take
 * recipients from the stream without waiting for a page's slowest send, and the recipient rows learn their
 * message ids in batches written alongside. Before, every page ended with the outbound queue draining while
 * the last sends of the page, the rows' update and the next page's reads went one after another: at an
 * 80 mps cap the number idled for a second or more every few seconds (bench:campaign).
 *
 * Never more than `pace` messages wait in the outbound queue (not yet on the wire); a pause or cancel stops the workers within
 * about STATE_CHECK_MS; the messaging limit and a template refusal stop them at once.
 */
import type { AppContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { rowsWhereAnyOf } from '../../lib/pb-any-of.ts';
import { pbDate, type MessageRecord, type WaNumberRecord } from '../../lib/records.ts';
import { systemPrincipal } from '../../engine/policy/permissions.ts';
import { recipientClientId, type AudienceContact } from './campaign-rules.ts';
import type { CampaignRecord } from './campaign.record.ts';
import type { CampaignStats } from './campaign-stats.ts';
import { buildMessage, loadContentContext } from './content.ts';
import type { RecipientRow, RecipientStore, StatusItem } from './recipient-store.ts';

const PAGE = 500;
/**
 * Enqueues running at once: the pace, within these bounds. Each waits about a second under load (a few
 * store reads and one write, which the send path batches with the others': coalesced reads, the writer's
 * chunks), so fewer than a pace's worth at once leaves the number idle between waves; more at once is
 * fewer, larger round-trips, and the pace keeps the outbound queue bounded whatever this is.
 */
const PARALLEL = { min: 24, max: 1000 };
const STATE_CHECK_MS = 500;
/** recipient rows written per batch as they learn their message */
const FLUSH_EVERY = 200;
/** the message states a recipient row follows */
const REPORTED = new Set(['sent', 'delivered', 'read', 'failed']);
/** templates the campaign pauses on: every further send would be refused the same way */
const FATAL = new Set(['template_paused', 'template_disabled', 'template_not_approved', 'template_not_found']);

export interface HandOverOutcome {
  /** the messaging limit stopped it: resume at */
  retryAt?: number;
  /** a template refusal makes every further send pointless */
  fatal?: string;
  /** every unsent recipient due now was handed over */
  exhausted: boolean;
}

interface Page {
  rows: RecipientRow[];
  contacts: Map<string, AudienceContact>;
}

/** The unsent recipients of an occurrence, a page read ahead of the consumer. */
class RecipientFeed {
  private buf: RecipientRow[] = [];
  private contacts = new Map<string, AudienceContact>();
  private ahead: Promise<Page> | undefined;
  private after = '';
  private done = false;

  constructor(private readonly load: (after: string) => Promise<Page>) {}

  private fetch(): void {
    if (this.ahead || this.done) return;
    this.ahead = this.load(this.after);
    // read ahead: a failure reaches whoever awaits it, never the process as an unhandled rejection
    this.ahead.catch(() => undefined);
  }

  /** The next recipient and their contact (undefined: deleted), or undefined at the end. */
  async take(): Promise<{ row: RecipientRow; contact: AudienceContact | undefined } | undefined> {
    for (;;) {
      const row = this.buf.shift();
      if (row) {
        // the next page is read while this one is handed over
        if (this.buf.length < PAGE / 2) this.fetch();
        return { row, contact: this.contacts.get(row.contact) };
      }
      if (this.done && !this.ahead) return undefined;
      this.fetch();
      const page = await this.ahead!;
      this.ahead = undefined;
      if (!page.rows.length || page.rows.length < PAGE) this.done = true;
      if (page.rows.length) {
        this.after = page.rows[page.rows.length - 1]!.id;
        this.buf.push(...page.rows);
        for (const [k, v] of page.contacts) this.contacts.set(k, v);
      }
      // contacts of rows already handed over are not needed any more
      if (this.contacts.size > 4 * PAGE) {
        const keep = new Set(this.buf.map((r) => r.contact));
        for (const k of this.contacts.keys()) if (!keep.has(k)) this.contacts.delete(k);
      }
    }
  }
}

export class HandOver {
  constructor(
    private readonly ctx: AppContext,
    private readonly deps: { recipients: RecipientStore; stats: CampaignStats },
  ) {}

  /**
   * Hands the occurrence's unsent recipients to the send path, many at a time (PARALLEL), until none is
   * left, the slice's `deadline` passes, the campaign stops sending, the limit or a template refusal.
   */
  async run(
    c: CampaignRecord,
    number: WaNumberRecord,
    opts: { pace: number; signal: AbortSignal; deadline: number; now: () => number },
  ): Promise<HandOverOutcome> {
    const { pace, signal, deadline } = opts;
    const { pb } = this.ctx;
    const cc = await loadContentContext(pb, number, { template: c.template ?? undefined });
    const principal = systemPrincipal('campaign', c.id);
    const feed = new RecipientFeed(async (after) => {
      const rows = await this.deps.recipients.unsent(c.id, c.occurrence, pbDate(opts.now()), after, PAGE);
      return { rows, contacts: await this.contactsOf(rows.map((r) => r.contact)) };
    });
    let updates: Array<{ id: string; set: Partial<RecipientRow> }> = [];
    let linked: string[] = [];
    let flushing: Promise<void> = Promise.resolve();
    const flush = () => {
      const u = updates;
      const l = linked;
      updates = [];
      linked = [];
      if (!u.length && !l.length) return flushing;
      flushing = flushing.then(async () => {
        await this.deps.recipients.update(u);
        await this.syncStatuses(l);
        this.deps.stats.touch(c.id);
      });
      return flushing;
    };
    const note = (id: string, set: Partial<RecipientRow>, message?: string) => {
      updates.push({ id, set });
      if (message) linked.push(message);
      if (updates.length >= FLUSH_EVERY) void flush().catch(() => undefined);
    };
    let retryAt: number | undefined;
    let fatal: string | undefined;
    let exhausted = false;
    // enqueues started but not yet in the outbound queue count against the pace too
    let starting = 0;
    let stopped = false;
    let checked = Date.now();
    let checking: Promise<void> | undefined;
    const stillSending = async () => {
      if (Date.now() - checked > STATE_CHECK_MS) {
        checking ??= pb
          .collection('campaigns')
          .getOne<CampaignRecord>(c.id, { fields: 'id,state,occurrence', requestKey: null })
          .then((x) => {
            stopped = x.state !== 'sending' || x.occurrence !== c.occurrence;
            checked = Date.now();
          })
          .finally(() => {
            checking = undefined;
          });
        await checking;
      }
      return !stopped;
    };
    // A full queue is refilled a chunk at a time, not one send per freed slot: the chunk's enqueues start
    // together, so the send path reads their contacts, chats and template and writes their messages in one
    // round-trip each (one at a time, a 80 mps campaign made ~4 store requests per message).
    const chunk = Math.max(1, Math.ceil(pace / 8));
    let refilling = true;
    const mayStart = () => {
      const used = this.ctx.outbound.waiting + starting;
      if (used >= pace) refilling = false;
      else if (used <= pace - chunk) refilling = true;
      return refilling;
    };
    // Workers waiting for room are woken by one timer, which takes their slot for them (`starting`) before
    // they run, so workers woken together never overshoot the pace. (Each polling on its own timer was
    // tens of thousands of wake-ups a second with hundreds of workers.)
    const waiters: Array<(go: boolean) => void> = [];
    let ticker: NodeJS.Timeout | undefined;
    const tick = () => {
      const over = signal.aborted || Date.now() > deadline;
      while (waiters.length && (over || mayStart())) {
        if (!over) starting++;
        waiters.shift()!(!over);
      }
      if (!waiters.length && ticker) {
        clearInterval(ticker);
        ticker = undefined;
      }
    };
    const reserve = (): Promise<boolean> | boolean => {
      if (!waiters.length && mayStart()) {
        starting++;
        return true;
      }
      if (signal.aborted || Date.now() > deadline) return false;
      ticker ??= setInterval(tick, 10);
      return new Promise((res) => waiters.push(res));
    };
    const worker = async () => {
      for (;;) {
        // the slice's time is up: the rest stays queued for the next slice (well within the lease)
        if (retryAt || fatal || signal.aborted || Date.now() > deadline || !(await stillSending())) return;
        if (!(await reserve())) return;
        if (retryAt || fatal) {
          starting--;
          return;
        }
        try {
          const next = await feed.take();
          if (!next) {
            exhausted = true;
            return;
          }
          const { row: r, contact } = next;
          if (!contact) {
            note(r.id, { state: 'excluded', excluded_reason: 'deleted' });
            continue;
          }
          const built = buildMessage({ template: c.template ?? undefined, text: c.text ?? undefined }, cc, contact);
          if (!built.ok) {
            if ('reason' in built) note(r.id, { state: 'excluded', excluded_reason: built.reason });
            else note(r.id, failure(built.error));
            continue;
          }
          try {
            const res = await this.ctx.send.enqueue({
              principal,
              to: { contactId: r.contact },
              body: built.body,
              clientId: recipientClientId(c.id, c.occurrence, r.contact),
              purpose: 'campaign',
              campaign: c.id,
            });
            note(r.id, { message: res.message.id, state: 'queued', retry_at: '' }, res.message.id);
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            if (err.code === 'messaging_limit') {
              const s = Number((err.details as { retry_after_s?: number } | undefined)?.retry_after_s) || 60;
              retryAt = Math.max(retryAt ?? 0, this.ctx.scheduler.clock.now() + s * 1000);
              return;
            }
            if (FATAL.has(err.code)) {
              fatal = err.message;
              return;
            }
            note(r.id, failure(err));
          }
        } finally {
          starting--;
        }
      }
    };
    const parallel = Math.max(PARALLEL.min, Math.min(PARALLEL.max, pace));
    try {
      await Promise.all(Array.from({ length: parallel }, worker));
    } finally {
      if (ticker) clearInterval(ticker);
      for (const w of waiters.splice(0)) w(false);
      await flush();
    }
    return { exhausted, ...(retryAt ? { retryAt } : {}), ...(fatal ? { fatal } : {}) };
  }

  /**
   * A status may have been stored before its recipient row learnt the message id (the send path is fast,
   * or the message was created by a slice that died): read the messages once and move the rows forward.
   */
  async syncStatuses(messageIds: string[]): Promise<void> {
    if (!messageIds.length) return;
    // by id alone, the status picked here: with a status condition in the query, SQLite walks the status
    // index (every sent message of every campaign) once the ids are more than about fifteen
    const rows = (await rowsWhereAnyOf<MessageRecord>(this.ctx.pb, 'messages', 'id', messageIds)).filter((m) =>
      REPORTED.has(m.status),
    );
    const items: StatusItem[] = rows.map((m) => {
      const status = m.status as StatusItem['status'];
      const at = m[`${status}_at` as 'sent_at'] || pbDate(Date.now());
      return {
        message: m.id,
        status,
        at,
        ...(status === 'failed' ? { error_code: m.error_code ?? 0, error_text: m.error_title ?? '' } : {}),
      };
    });
    const touched = await this.deps.recipients.status(items);
    for (const id of touched) this.deps.stats.touch(id);
  }

  private async contactsOf(ids: string[]): Promise<Map<string, AudienceContact>> {
    const rows = await rowsWhereAnyOf<AudienceContact>(this.ctx.pb, 'contacts', 'id', ids, {
      extra: "deleted_at = ''",
    });
    return new Map(rows.map((r) => [r.id, r]));
  }
}

function failure(err: AppError): Partial<RecipientRow> {
  return {
    state: 'failed',
    error_code:
      typeof (err.details as { code?: unknown } | undefined)?.code === 'number'
        ? (err.details as { code: number }).code
        : 0,
    error_text: `${err.code}: ${err.message}`.slice(0, 1000),
    failed_at: pbDate(Date.now()),
  };
}
