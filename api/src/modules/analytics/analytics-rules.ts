/**
 * The metric definitions, as one pure reducer: a conversation's history as "facts" in time order (a
 * customer message, an outbound message, a status reached, the chat opened / reopened / closed / assigned)
 * becomes contributions to the hourly rollups. The live consumer (domain events) and the rebuild (messages
 * table + lifecycle history) feed the same facts through this one function, so every view and export
 * counts the same way. Definitions (README "Analytics: one definition"), modelled on Chatwoot's
 * reporting events but business-hours aware:
 *
 * - a *cycle* opens when a chat is created or reopened and ends when it is closed;
 * - *first response*: from the cycle's opening to the first message an operator (a person) sends in it;
 * - *response time*: from the first customer message not yet answered (waiting since) to the next
 *   operator message — automatic replies (out-of-hours, consent, automations) answer nobody;
 * - *resolution*: from the cycle's opening to its close, credited to the assignee at that moment (else
 *   whoever closed it);
 * - each duration is counted raw and in business hours only (the number's business calendar), in the
 *   hour the response / close happened; the API answers means (sum / count);
 * - *handled*: cycles in which the operator sent at least one message (counted once, at their first);
 * - *windows*: customer-service sessions started (a customer message after 24 h of silence);
 * - statuses count the message's stages reached (sent ⊂ delivered ⊂ read), in the hour the message was
 *   written, whatever order Meta's webhooks came in; a template's category is Meta's pricing category.
 */

export const METRICS = [
  'inbound',
  'outbound',
  'windows',
  'opened',
  'sent',
  'delivered',
  'read',
  'failed',
  'templates',
  'tpl_marketing',
  'tpl_utility',
  'tpl_authentication',
  'free',
  'human_out',
  'handled',
  'first_n',
  'first_raw',
  'first_biz',
  'resp_n',
  'resp_raw',
  'resp_biz',
  'resol_n',
  'resol_raw',
  'resol_biz',
] as const;
export type Metric = (typeof METRICS)[number];
export type Counters = Record<Metric, number>;

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export const hourOf = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;
export const minuteOf = (t: number) => Math.floor(t / MINUTE_MS) * MINUTE_MS;

export const emptyCounters = (): Counters => Object.fromEntries(METRICS.map((m) => [m, 0])) as Counters;

export type Stage = 'sent' | 'delivered' | 'read' | 'failed';
const LADDER = ['queued', 'sent', 'delivered', 'read'] as const;

/** The stages a status change passes: from `sent` to `read` passes delivered and read. */
export function stagesBetween(from: string, to: string): Stage[] {
  if (to === 'failed') return from === 'failed' ? [] : ['failed'];
  const i = LADDER.indexOf(from as (typeof LADDER)[number]);
  const a = i < 0 ? 0 : i; // queued, unknown: nothing reached yet
  const b = LADDER.indexOf(to as (typeof LADDER)[number]);
  if (b < 0) return [];
  return LADDER.slice(a + 1, b + 1) as Stage[];
}

/** The stages a stored message has reached (the rebuild reads them from its timestamps). */
export function stagesReached(m: { sent_at?: string; delivered_at?: string; read_at?: string; status: string }) {
  const to = m.read_at || m.status === 'read' ? 'read' : m.delivered_at || m.status === 'delivered' ? 'delivered' : '';
  const reached = m.sent_at || m.status === 'sent' || to ? stagesBetween('queued', to || 'sent') : [];
  return m.status === 'failed' ? [...reached, 'failed' as const] : reached;
}

export type TemplateCategory = 'marketing' | 'utility' | 'authentication';
/** Meta's pricing category as one of the report's three (marketing_lite is marketing; service is none). */
export function templateCategory(pricingCategory: string | undefined): TemplateCategory | null {
  const c = (pricingCategory ?? '').toLowerCase();
  if (c.startsWith('marketing')) return 'marketing';
  if (c.startsWith('utility')) return 'utility';
  if (c.startsWith('authentication')) return 'authentication';
  return null;
}

export type Fact =
  /** a customer's message; `newWindow` when it opened a customer-service session */
  | { k: 'in'; at: number; conv: string; number: string; newWindow: boolean }
  /** an outbound message written (by an operator when `agent` is set, else by the system or the phone app) */
  | { k: 'out'; at: number; conv: string; number: string; agent: string }
  /** stages an outbound message reached; `at` is when the message was written */
  | {
      k: 'status';
      at: number;
      conv: string;
      number: string;
      agent: string;
      contact: string;
      stages: Stage[];
      template: boolean;
      category: TemplateCategory | null;
      free: boolean;
    }
  | { k: 'open'; at: number; conv: string; number: string }
  | { k: 'close'; at: number; conv: string; number: string; agent: string }
  | { k: 'assign'; at: number; conv: string; number: string; agent: string };

export interface ThreadState {
  number: string;
  open: boolean;
  /** when the current cycle opened (ms) */
  openedAt: number;
  firstDone: boolean;
  /** the first customer message not answered yet by an operator (ms), or 0 */
  waitingSince: number;
  assignee: string;
  /** operators who wrote in this cycle */
  handledBy: string[];
}

export const newThread = (number: string): ThreadState => ({
  number,
  open: false,
  openedAt: 0,
  firstDone: false,
  waitingSince: 0,
  assignee: '',
  handledBy: [],
});

export interface Sink {
  add(hour: number, number: string, agent: string, metric: Metric, value: number): void;
  minute(minute: number, number: string, dir: 'inbound' | 'outbound'): void;
  reach(hour: number, number: string, contact: string): void;
}

/** Business time between two instants for a number (ms). */
export type BusinessMs = (number: string, from: number, to: number) => number;

const s = (ms: number) => Math.max(0, ms) / 1000;

function openCycle(t: ThreadState, at: number, sink: Sink, number: string): void {
  t.open = true;
  t.openedAt = at;
  t.firstDone = false;
  t.handledBy = [];
  t.waitingSince = 0;
  sink.add(hourOf(at), number, '', 'opened', 1);
}

/** Applies one fact to its conversation's state, writing its contributions to the sink. */
export function applyFact(t: ThreadState, f: Fact, sink: Sink, businessMs: BusinessMs): void {
  const number = f.number || t.number;
  if (f.number) t.number = f.number;
  const h = hourOf(f.at);
  switch (f.k) {
    case 'open':
      openCycle(t, f.at, sink, number);
      return;
    case 'in':
      // a chat older than the analytics (or whose opening we never saw) opens with its first message
      if (!t.open) openCycle(t, f.at, sink, number);
      sink.add(h, number, '', 'inbound', 1);
      sink.minute(f.at, number, 'inbound');
      if (f.newWindow) sink.add(h, number, '', 'windows', 1);
      if (!t.waitingSince) t.waitingSince = f.at;
      return;
    case 'out': {
      sink.add(h, number, f.agent, 'outbound', 1);
      sink.minute(f.at, number, 'outbound');
      if (!f.agent) return; // automatic messages answer nobody
      sink.add(h, number, f.agent, 'human_out', 1);
      if (!t.open) return;
      if (!t.firstDone) {
        t.firstDone = true;
        sink.add(h, number, f.agent, 'first_n', 1);
        sink.add(h, number, f.agent, 'first_raw', s(f.at - t.openedAt));
        sink.add(h, number, f.agent, 'first_biz', s(businessMs(number, t.openedAt, f.at)));
      }
      if (!t.handledBy.includes(f.agent)) {
        t.handledBy.push(f.agent);
        sink.add(h, number, f.agent, 'handled', 1);
      }
      if (t.waitingSince) {
        sink.add(h, number, f.agent, 'resp_n', 1);
        sink.add(h, number, f.agent, 'resp_raw', s(f.at - t.waitingSince));
        sink.add(h, number, f.agent, 'resp_biz', s(businessMs(number, t.waitingSince, f.at)));
        t.waitingSince = 0;
      }
      return;
    }
    case 'status':
      for (const st of f.stages) {
        sink.add(h, number, f.agent, st, 1);
        if (st !== 'sent') continue;
        sink.reach(h, number, f.contact);
        if (f.template) {
          sink.add(h, number, f.agent, 'templates', 1);
          if (f.category) sink.add(h, number, f.agent, `tpl_${f.category}`, 1);
        }
        if (f.free) sink.add(h, number, f.agent, 'free', 1);
      }
      return;
    case 'assign':
      t.assignee = f.agent;
      return;
    case 'close': {
      if (!t.open) return;
      const agent = t.assignee || f.agent;
      sink.add(h, number, agent, 'resol_n', 1);
      sink.add(h, number, agent, 'resol_raw', s(f.at - t.openedAt));
      sink.add(h, number, agent, 'resol_biz', s(businessMs(number, t.openedAt, f.at)));
      t.open = false;
      t.waitingSince = 0;
      return;
    }
  }
}

/** Free of charge per Meta's pricing (or, with no pricing data, a free-form message inside the window). */
export function isFree(m: { billable?: boolean; pricing_model?: string; type: string }): boolean {
  if (m.pricing_model) return !m.billable;
  return m.type !== 'template';
}
