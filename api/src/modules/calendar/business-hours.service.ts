/**
 * Business hours kept in the `settings` collection: `business_hours` (global) and
 * `business_hours:<wa_numbers id>` (a number's own, falling back to the global ones). Answers the
 * calendar of a number — for the inbox header now, for out-of-hours replies and SLA timers later.
 */
import type { Clock } from '../../engine/scheduler/clock.ts';
import { notFound } from '../../lib/errors.ts';
import { isNotFound, type PocketBase } from '../../lib/pb.ts';
import {
  createCalendar,
  wallClock,
  type BusinessCalendar,
  type BusinessHours,
  type CalendarState,
} from './business-calendar.ts';
import { presetHolidays } from './holiday-presets.ts';
import { updateRecord } from '../../lib/record-update.ts';

const KEY = 'business_hours';

export interface StoredHours {
  hours: BusinessHours;
  scope: 'global' | 'number';
  number: string | null;
  configured: boolean;
}

export class BusinessHoursService {
  private readonly cache = new Map<string, BusinessHours | null>();

  constructor(private readonly deps: { pb: PocketBase; clock: Clock; defaultTimezone: string }) {}

  private async read(key: string): Promise<BusinessHours | null> {
    if (this.cache.has(key)) return this.cache.get(key)!;
    const { pb } = this.deps;
    const r = await pb
      .collection('settings')
      .getList<{ value: BusinessHours }>(1, 1, { filter: pb.filter('key = {:k}', { k: key }) });
    const v = r.items[0]?.value ?? null;
    this.cache.set(key, v);
    return v;
  }

  private async checkNumber(number: string | undefined): Promise<void> {
    if (!number) return;
    try {
      await this.deps.pb.collection('wa_numbers').getOne(number, { fields: 'id' });
    } catch (err) {
      if (isNotFound(err)) throw notFound('WhatsApp number');
      throw err;
    }
  }

  async get(number?: string): Promise<StoredHours> {
    await this.checkNumber(number);
    const own = number ? await this.read(`${KEY}:${number}`) : null;
    const global = await this.read(KEY);
    const hours = own ??
      global ?? { timezone: this.deps.defaultTimezone, weekly: {}, holidays: [], national_holidays: null };
    return { hours, scope: own ? 'number' : 'global', number: number ?? null, configured: !!(own ?? global) };
  }

  async put(hours: BusinessHours, number?: string): Promise<StoredHours> {
    await this.checkNumber(number);
    const { pb } = this.deps;
    const key = number ? `${KEY}:${number}` : KEY;
    const value: BusinessHours = {
      timezone: hours.timezone,
      weekly: hours.weekly,
      holidays: hours.holidays ?? [],
      national_holidays: hours.national_holidays ?? null,
    };
    const r = await pb
      .collection('settings')
      .getList<{ id: string }>(1, 1, { filter: pb.filter('key = {:k}', { k: key }), fields: 'id' });
    if (r.items[0]) await updateRecord(pb, 'settings', r.items[0].id, { value });
    else await pb.collection('settings').create({ key, value });
    this.cache.set(key, value);
    return this.get(number);
  }

  /** A number's own hours removed: it follows the global ones again (no number: no hours at all). */
  async remove(number?: string): Promise<StoredHours> {
    await this.checkNumber(number);
    const { pb } = this.deps;
    const key = number ? `${KEY}:${number}` : KEY;
    const r = await pb
      .collection('settings')
      .getList<{ id: string }>(1, 1, { filter: pb.filter('key = {:k}', { k: key }), fields: 'id' });
    if (r.items[0]) await pb.collection('settings').delete(r.items[0].id);
    this.cache.set(key, null);
    return this.get(number);
  }

  calendarOf(hours: BusinessHours): BusinessCalendar {
    const country = hours.national_holidays;
    return createCalendar(hours, country ? { presetHolidays: (year) => presetHolidays(country, year) } : {});
  }

  /** The calendar that applies to a number (or the global one). */
  async calendar(number?: string): Promise<{ stored: StoredHours; calendar: BusinessCalendar }> {
    const stored = await this.get(number);
    return { stored, calendar: this.calendarOf(stored.hours) };
  }

  async status(number?: string): Promise<{ stored: StoredHours; state: CalendarState }> {
    const { stored, calendar } = await this.calendar(number);
    return { stored, state: calendar.state(this.deps.clock.now()) };
  }

  /** The preset's holidays this year and next (in the business's zone), for the admin screen. */
  presetList(hours: BusinessHours): Array<{ date: string; name: string }> {
    if (!hours.national_holidays) return [];
    const year = Number(wallClock(this.deps.clock.now(), hours.timezone).date.slice(0, 4));
    return [...presetHolidays(hours.national_holidays, year), ...presetHolidays(hours.national_holidays, year + 1)];
  }
}
