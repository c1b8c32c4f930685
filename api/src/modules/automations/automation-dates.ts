/**
 * Date triggers: a birthday every year at a chosen local time, N minutes/hours/days before or after a
 * booking (a date or datetime field). One recurring scheduler job looks every minute for contacts whose
 * moment has come; each moment enters once (the entry key names the contact and the moment), so a job
 * run twice, or late after a restart (up to LOOKBACK_MS), sends nothing twice and forgets nobody.
 */
import { TZDate } from '@date-fns/tz';
import type { AppContext } from '../../lib/context.ts';
import type { ContactRecord } from '../../lib/records.ts';
import { wallClock } from '../calendar/business-calendar.ts';
import { delayMs } from './automation-rules.ts';
import type { TriggerT } from './automation.schema.ts';
import type { AutomationRunner } from './automation-runner.ts';
import type { AutomationStore } from './automation-store.ts';

type DateTrigger = Extract<TriggerT, { type: 'date' }>;

export const DATES_KIND = 'automation.dates';
/** a moment missed by up to this much (Spunta was down) still fires */
export const LOOKBACK_MS = 6 * 3_600_000;
const PAGE = 500;

/** The instant of a stored date ("YYYY-MM-DD", at `time` local) or datetime (ISO UTC). */
export function instantOf(value: string, tz: string, time = '09:00'): number | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    return new TZDate(y, m - 1, d, hh, mm, tz).getTime();
  }
  const t = Date.parse(value.replace(' ', 'T'));
  return Number.isNaN(t) ? undefined : t;
}

/**
 * before / after: which stored values are due now — the field value range [from, to] whose moment
 * (value ∓ offset) falls in (now − LOOKBACK_MS, now]. Values compare as strings (dates and ISO datetimes
 * are stored so that string order is time order); the exact moment is checked per contact.
 */
export function offsetRange(t: DateTrigger, now: number): { from: string; to: string; shift: number } {
  const off = delayMs(t.offset);
  const shift = t.mode === 'before' ? -off : off;
  // a date field's value is a day: widen by a day each side, the exact check follows
  const lo = new Date(now - LOOKBACK_MS - shift - 86_400_000).toISOString();
  const hi = new Date(now - shift + 86_400_000).toISOString();
  return { from: lo.slice(0, 10), to: hi, shift };
}

/** yearly: today's "-MM-DD" in the zone, once the local time has come (undefined before it). */
export function yearlyToday(t: DateTrigger, now: number, tz: string): { monthDay: string; year: string } | undefined {
  const w = wallClock(now, tz);
  if (w.time < (t.time ?? '09:00')) return undefined;
  return { monthDay: w.date.slice(4), year: w.date.slice(0, 4) };
}

export class DateTriggers {
  constructor(
    private readonly ctx: AppContext,
    private readonly store: AutomationStore,
    private readonly runner: AutomationRunner,
  ) {}

  async register(): Promise<void> {
    const { scheduler } = this.ctx;
    scheduler.register(DATES_KIND, { handler: () => this.scan(), concurrency: 1, maxAttempts: 5 });
    await scheduler.recurring(DATES_KIND, { everyMs: 60_000 }, { runNow: true, principal: 'system:automation' });
  }

  async scan(): Promise<void> {
    const active = (await this.store.activeAutomations()).filter((a) => a.definition.trigger.type === 'date');
    const now = this.ctx.scheduler.clock.now();
    for (const a of active) {
      const t = a.definition.trigger as DateTrigger;
      const tz = t.timezone || this.ctx.config.defaultTimezone;
      const key = `fields.${t.field}`;
      if (t.mode === 'yearly') {
        const today = yearlyToday(t, now, tz);
        if (!today) continue;
        await this.each(a.id, this.ctx.pb.filter(`${key} ~ {:md}`, { md: today.monthDay }), (c) => {
          const v = String(c.fields?.[t.field] ?? '');
          if (v.slice(4, 10) !== today.monthDay) return undefined;
          return { contact: c.id, key: `date:${c.id}:${today.year}`, trigger: { type: 'date', value: v } };
        });
      } else {
        const r = offsetRange(t, now);
        await this.each(a.id, this.ctx.pb.filter(`${key} >= {:from} && ${key} <= {:to}`, r), (c) => {
          const v = String(c.fields?.[t.field] ?? '');
          const at = instantOf(v, tz, t.time);
          if (at === undefined) return undefined;
          const due = at + r.shift;
          if (due > now || due <= now - LOOKBACK_MS) return undefined;
          return { contact: c.id, key: `date:${c.id}:${v}`, trigger: { type: 'date', value: v } };
        });
      }
    }
  }

  /** Every contact matching `filter`, a page at a time: who `entry` names enters (paced, see triggerPlanned). */
  private async each(
    automation: string,
    filter: string,
    entry: (c: ContactRecord) => { contact: string; key: string; trigger: Record<string, unknown> } | undefined,
  ): Promise<void> {
    let after = '';
    for (;;) {
      const page = await this.ctx.pb.collection('contacts').getList<ContactRecord>(1, PAGE, {
        filter: `${filter} && deleted_at = ''${after ? ` && ${this.ctx.pb.filter('id > {:a}', { a: after })}` : ''}`,
        sort: 'id',
        fields: 'id,fields',
        skipTotal: true,
        requestKey: null,
      });
      await this.runner.triggerPlanned(
        automation,
        page.items.map(entry).filter((x) => x !== undefined),
      );
      if (page.items.length < PAGE) return;
      after = page.items[page.items.length - 1]!.id;
    }
  }
}
