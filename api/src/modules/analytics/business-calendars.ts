/**
 * The business calendar of each number (its own hours, else the global ones), for the business-hours
 * durations. Read through the calendar module's service (whose cache the hours routes update) and kept
 * here a few seconds, so a consumer batch asks for each number once.
 */
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import type { BusinessHoursService } from '../calendar/business-hours.service.ts';
import type { BusinessMs } from './analytics-rules.ts';

const TTL_MS = 10_000;

export class BusinessCalendars {
  private readonly cache = new Map<string, { at: number; calendar: BusinessCalendar; timezone: string }>();

  constructor(private readonly hours: BusinessHoursService) {}

  async of(number: string): Promise<{ calendar: BusinessCalendar; timezone: string }> {
    const hit = this.cache.get(number);
    if (hit && Date.now() - hit.at < TTL_MS) return hit;
    let entry: { calendar: BusinessCalendar; timezone: string };
    try {
      const { stored, calendar } = await this.hours.calendar(number || undefined);
      entry = { calendar, timezone: stored.hours.timezone };
    } catch {
      // a number removed since: the global hours
      const { stored, calendar } = await this.hours.calendar();
      entry = { calendar, timezone: stored.hours.timezone };
    }
    this.cache.set(number, { ...entry, at: Date.now() });
    return entry;
  }

  /** A synchronous businessMs for the given numbers (loaded first). */
  async businessMsFor(numbers: string[]): Promise<BusinessMs> {
    const cals = new Map<string, BusinessCalendar>();
    for (const n of numbers) cals.set(n, (await this.of(n)).calendar);
    return (number, from, to) => {
      const cal = cals.get(number);
      return cal && to > from ? cal.businessMs(from, to) : 0;
    };
  }
}
