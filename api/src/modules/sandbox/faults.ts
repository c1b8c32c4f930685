import { z } from 'zod';
import type { FaultControls, FaultPatch, FaultState, MetaErrorSpec } from './types.ts';
import { toRange } from './util.ts';

const MAX_QUEUED = 10_000;

function fresh(): FaultState {
  return {
    duplicateWebhooks: 1,
    reorderStatuses: false,
    webhookDelayMs: [0, 0],
    statusesBeforeResponse: false,
    failNext: [],
    failAfterSend: [],
    stormUntil: 0,
    stormCodes: [],
    slowResponses: [],
    failMediaLookups: [],
    recipients: {},
  };
}

/** How Meta reports each error to a given customer: synchronously for rate limits, by status otherwise. */
const ANSWERED_AT_ONCE = new Set([130429, 131056, 131021, 131047]);

const STORM_CODES = [130429, 131000, 131016, 131056];

const errorSpec = {
  details: z.string().optional(),
  title: z.string().optional(),
  httpStatus: z.number().int().min(400).max(599).optional(),
  retryAfterSec: z.number().int().min(0).optional(),
};
const count = z.number().int().min(0).max(MAX_QUEUED).optional();

/** Body of POST /control/faults. */
export const faultPatchSchema = z.strictObject({
  duplicateWebhooks: z.number().int().min(1).max(50).optional(),
  reorderStatuses: z.boolean().optional(),
  webhookDelayMs: z.union([z.number().min(0), z.tuple([z.number().min(0), z.number().min(0)])]).optional(),
  statusesBeforeResponse: z.boolean().optional(),
  failNext: z.object({ count, code: z.number().int(), ...errorSpec }).optional(),
  failAfterSend: z.object({ count, code: z.number().int().optional(), ...errorSpec }).optional(),
  failMessage: z.object({ wamid: z.string().min(1), code: z.number().int().optional(), ...errorSpec }).optional(),
  storm: z
    .object({ ms: z.number().int().min(0).max(3_600_000), codes: z.array(z.number().int()).min(1).max(20).optional() })
    .optional(),
  recipients: z
    .record(
      z.string().regex(/^\d{6,20}$/),
      z.object({ code: z.number().int(), as: z.enum(['response', 'status']).optional(), ...errorSpec }).nullable(),
    )
    .refine((r) => Object.keys(r).length <= 1000, { message: 'at most 1,000 recipients at once' })
    .optional(),
  slowResponses: z
    .object({ count, ms: z.number().int().min(0).max(600_000), accept: z.boolean().optional() })
    .optional(),
});

function spec(e: number | MetaErrorSpec): MetaErrorSpec {
  return typeof e === 'number' ? { code: e } : { ...e };
}

function specOf(p: { code?: number } & Partial<MetaErrorSpec>, fallback: number): MetaErrorSpec {
  const out: MetaErrorSpec = { code: p.code ?? fallback };
  if (p.details !== undefined) out.details = p.details;
  if (p.title !== undefined) out.title = p.title;
  if (p.httpStatus !== undefined) out.httpStatus = p.httpStatus;
  if (p.retryAfterSec !== undefined) out.retryAfterSec = p.retryAfterSec;
  return out;
}

/**
 * Fault injection shared by the programmatic API and POST /control/faults. `failMessageNow` is wired by the
 * sandbox to emit a failed status for a sent message.
 */
export class Faults implements FaultControls {
  private s: FaultState = fresh();

  constructor(private readonly failMessageNow: (wamid: string, error: MetaErrorSpec) => Promise<boolean>) {}

  get current(): FaultState {
    return this.s;
  }

  duplicateWebhooks(copies: number): void {
    this.s.duplicateWebhooks = Math.max(1, Math.floor(copies));
  }

  reorderStatuses(on = true): void {
    this.s.reorderStatuses = on;
  }

  delayWebhooks(ms: number | [number, number]): void {
    this.s.webhookDelayMs = toRange(ms);
  }

  failNextSends(n: number, error: number | MetaErrorSpec): void {
    for (let i = 0; i < Math.min(n, MAX_QUEUED); i++) this.s.failNext.push(spec(error));
  }

  statusesBeforeResponse(on = true): void {
    this.s.statusesBeforeResponse = on;
  }

  failAfterSend(n: number, error: number | MetaErrorSpec = 131026): void {
    for (let i = 0; i < Math.min(n, MAX_QUEUED); i++) this.s.failAfterSend.push(spec(error));
  }

  failMessage(wamid: string, error: number | MetaErrorSpec = 131026): Promise<boolean> {
    return this.failMessageNow(wamid, spec(error));
  }

  storm(ms: number, codes: number[] = STORM_CODES): void {
    this.s.stormUntil = Date.now() + ms;
    this.s.stormCodes = [...codes];
  }

  slowResponses(n: number, ms: number, accept = true): void {
    for (let i = 0; i < Math.min(n, MAX_QUEUED); i++) this.s.slowResponses.push({ ms, accept });
  }

  /** The storm's next error while it lasts (codes in turn). */
  stormError(): MetaErrorSpec | undefined {
    if (!this.s.stormUntil || Date.now() >= this.s.stormUntil || !this.s.stormCodes.length) return undefined;
    const code = this.s.stormCodes.shift()!;
    this.s.stormCodes.push(code);
    return { code };
  }

  takeSlowResponse(): { ms: number; accept: boolean } | undefined {
    return this.s.slowResponses.shift();
  }

  failMediaLookups(n: number, error: number | MetaErrorSpec): void {
    for (let i = 0; i < Math.min(n, MAX_QUEUED); i++) this.s.failMediaLookups.push(spec(error));
  }

  failRecipient(waId: string, error: ({ as?: 'response' | 'status' } & MetaErrorSpec) | number | null): void {
    const id = waId.replace(/\D/g, '');
    if (error === null) {
      delete this.s.recipients[id];
      return;
    }
    const e = typeof error === 'number' ? { code: error } : error;
    this.s.recipients[id] = {
      ...specOf(e, e.code),
      as: e.as ?? (ANSWERED_AT_ONCE.has(e.code) ? 'response' : 'status'),
    };
  }

  /** The error a send to this customer gets, if one was set. */
  recipientError(waId: string): (MetaErrorSpec & { as: 'response' | 'status' }) | undefined {
    return this.s.recipients[waId];
  }

  /** Consumed by GET /{media-id}. */
  takeFailMediaLookup(): MetaErrorSpec | undefined {
    return this.s.failMediaLookups.shift();
  }

  /** Consumed by the send pipeline. */
  takeFailNext(): MetaErrorSpec | undefined {
    return this.s.failNext.shift();
  }

  takeFailAfterSend(): MetaErrorSpec | undefined {
    return this.s.failAfterSend.shift();
  }

  apply(patch: FaultPatch): FaultState {
    if (patch.duplicateWebhooks !== undefined) this.duplicateWebhooks(patch.duplicateWebhooks);
    if (patch.reorderStatuses !== undefined) this.reorderStatuses(patch.reorderStatuses);
    if (patch.webhookDelayMs !== undefined) this.delayWebhooks(patch.webhookDelayMs);
    if (patch.statusesBeforeResponse !== undefined) this.statusesBeforeResponse(patch.statusesBeforeResponse);
    if (patch.failNext) this.failNextSends(patch.failNext.count ?? 1, specOf(patch.failNext, 131000));
    if (patch.failAfterSend) this.failAfterSend(patch.failAfterSend.count ?? 1, specOf(patch.failAfterSend, 131026));
    if (patch.failMessage) void this.failMessage(patch.failMessage.wamid, specOf(patch.failMessage, 131026));
    if (patch.storm) this.storm(patch.storm.ms, patch.storm.codes);
    for (const [waId, e] of Object.entries(patch.recipients ?? {})) this.failRecipient(waId, e);
    if (patch.slowResponses)
      this.slowResponses(patch.slowResponses.count ?? 1, patch.slowResponses.ms, patch.slowResponses.accept ?? true);
    return this.state();
  }

  state(): FaultState {
    return structuredClone(this.s);
  }

  reset(): void {
    this.s = fresh();
  }
}
