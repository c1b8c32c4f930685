/** Business hours relative to the real "now" (the sandbox stamps customers' messages with real time). */
const ROME = 'Europe/Rome';
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const pad = (n: number) => String(n).padStart(2, '0');

export function romeNow(at = Date.now()): { hour: number; date: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ROME,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { hour: Number(get('hour')), date: `${get('year')}-${get('month')}-${get('day')}` };
}

/** Every day open one hour, six hours away from now: closed now (and for the next five hours). */
export function closedNow(): {
  timezone: string;
  weekly: Record<string, Array<[string, string]>>;
  holidays: unknown[];
} {
  const { hour } = romeNow();
  const range: [string, string] = [`${pad((hour + 6) % 24)}:00`, `${pad((hour + 7) % 24)}:00`];
  return { timezone: ROME, weekly: Object.fromEntries(DAYS.map((d) => [d, [range]])), holidays: [] };
}

/** Open all day, every day. */
export function openNow(): { timezone: string; weekly: Record<string, Array<[string, string]>>; holidays: unknown[] } {
  return {
    timezone: ROME,
    weekly: Object.fromEntries(DAYS.map((d) => [d, [['00:00', '24:00'] as [string, string]]])),
    holidays: [],
  };
}

/** Open all day, but today is a holiday. */
export function holidayToday(name = 'Festa del patrono') {
  return { ...openNow(), holidays: [{ date: romeNow().date, name }] };
}
