/**
 * National-holiday presets from the maintained `date-holidays` package (server only: its data is far too
 * big for the web bundle). Public holidays only — observances such as Mother's Day do not close a shop.
 */
import Holidays from 'date-holidays';
import type { HolidayDate } from './business-calendar.ts';

const cache = new Map<string, HolidayDate[]>();
let countries: Array<{ code: string; name: string }> | undefined;

/** Countries with a preset, by English name. */
export function presetCountries(): Array<{ code: string; name: string }> {
  if (!countries) {
    const all = new Holidays().getCountries('en') as Record<string, string>;
    countries = Object.entries(all)
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  return countries;
}

export function isPresetCountry(code: string): boolean {
  return presetCountries().some((c) => c.code === code);
}

/** The public holidays of a country in a year, named in the country's language. */
export function presetHolidays(country: string, year: number): HolidayDate[] {
  const key = `${country}:${year}`;
  let out = cache.get(key);
  if (!out) {
    const h = new Holidays(country);
    out = (h.getHolidays(year) || [])
      .filter((x) => x.type === 'public')
      .map((x) => ({ date: x.date.slice(0, 10), name: x.name }));
    cache.set(key, out);
  }
  return out;
}
