import { describe, expect, it } from 'vitest';
import { createCalendar, validateHours, wallClock, type BusinessHours } from './business-calendar.ts';

/** The body from the issue, as written. */
const SHOP: BusinessHours = {
  timezone: 'Europe/Rome',
  weekly: {
    mon: [
      ['09:00', '13:00'],
      ['14:30', '18:00'],
    ],
    tue: [['09:00', '18:00']],
    sat: [['22:00', '02:00']],
  },
  holidays: [
    { date: '2026-12-25', name: 'Natale' },
    { from: '2026-08-10', to: '2026-08-20', name: 'Ferie' },
  ],
};
const t = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const H = 3_600_000;

describe('business calendar: open, closed and the next change', () => {
  const cal = createCalendar(SHOP);
  // 2026-01-05 is a Monday; Rome is UTC+1 in January and UTC+2 in August
  const cases: Array<[string, string, boolean, string | null]> = [
    ['Monday before opening', '2026-01-05T08:59:00+01:00', false, '2026-01-05T09:00:00+01:00'],
    ['Monday morning shift', '2026-01-05T09:00:00+01:00', true, '2026-01-05T13:00:00+01:00'],
    ['Monday lunch break (split shift)', '2026-01-05T13:00:00+01:00', false, '2026-01-05T14:30:00+01:00'],
    ['Monday afternoon shift', '2026-01-05T14:30:00+01:00', true, '2026-01-05T18:00:00+01:00'],
    ['Monday evening: opens Tuesday', '2026-01-05T18:00:00+01:00', false, '2026-01-06T09:00:00+01:00'],
    ['Tuesday evening: opens Saturday night', '2026-01-06T18:30:00+01:00', false, '2026-01-10T22:00:00+01:00'],
    ['Wednesday (left out: closed)', '2026-01-07T12:00:00+01:00', false, '2026-01-10T22:00:00+01:00'],
    ['Saturday night shift', '2026-01-10T23:00:00+01:00', true, '2026-01-11T02:00:00+01:00'],
    ['Sunday 00:00–02:00 belongs to Saturday', '2026-01-11T01:59:00+01:00', true, '2026-01-11T02:00:00+01:00'],
    ['Sunday after the night shift', '2026-01-11T02:00:00+01:00', false, '2026-01-12T09:00:00+01:00'],
    ['holiday range (Ferie), on a Monday', '2026-08-10T10:00:00+02:00', false, '2026-08-22T22:00:00+02:00'],
    ['last day of the range', '2026-08-20T10:00:00+02:00', false, '2026-08-22T22:00:00+02:00'],
    ['after the range', '2026-08-24T10:00:00+02:00', true, '2026-08-24T13:00:00+02:00'],
  ];
  it.each(cases)('%s', (_label, at, open, next) => {
    expect(cal.isOpen(t(at))).toBe(open);
    const n = cal.nextChange(t(at));
    expect(iso(n?.at)).toBe(next === null ? undefined : iso(t(next)));
    expect(n?.open).toBe(!open);
  });

  it('names holidays, single and ranges', () => {
    expect(cal.isHoliday(t('2026-12-25T12:00:00+01:00'))).toBe('Natale');
    expect(cal.isHoliday(t('2026-08-15T12:00:00+02:00'))).toBe('Ferie');
    expect(cal.isHoliday(t('2026-08-21T12:00:00+02:00'))).toBeNull();
    // the local date decides: 23:30 UTC on the 24th is already Christmas in Rome
    expect(cal.isHoliday(t('2026-12-24T23:30:00Z'))).toBe('Natale');
  });

  it('counts business time: a week of the shop is 20.5 hours', () => {
    expect(cal.businessMs(t('2026-01-05T00:00:00+01:00'), t('2026-01-12T00:00:00+01:00'))).toBe(20.5 * H);
    expect(cal.businessMs(t('2026-01-05T12:00:00+01:00'), t('2026-01-05T15:00:00+01:00'))).toBe(1.5 * H);
    expect(cal.businessMs(t('2026-01-05T15:00:00+01:00'), t('2026-01-05T12:00:00+01:00'))).toBe(0);
  });

  it('reports the state in one call', () => {
    expect(cal.state(t('2026-12-25T10:00:00+01:00'))).toEqual({
      open: false,
      holiday: 'Natale',
      next: { at: t('2026-12-26T22:00:00+01:00'), open: true },
    });
  });
});

describe('business calendar: holidays repeat and presets', () => {
  const base: BusinessHours = {
    timezone: 'Europe/Rome',
    weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], sat: [['22:00', '02:00']] },
  };
  const cases: Array<[string, BusinessHours['holidays'], string, boolean, string | null]> = [
    [
      'a yearly date, years later',
      [{ date: '2020-01-06', yearly: true, name: 'Epifania' }],
      '2026-01-06T10:00:00+01:00',
      false,
      'Epifania',
    ],
    [
      'a yearly range across New Year',
      [{ from: '2025-12-24', to: '2026-01-02', yearly: true, name: 'Natale' }],
      '2029-01-01T10:00:00+01:00',
      false,
      'Natale',
    ],
    [
      '…and the day after it',
      [{ from: '2025-12-24', to: '2026-01-02', yearly: true, name: 'Natale' }],
      '2029-01-08T10:00:00+01:00',
      true,
      null,
    ],
    [
      'a holiday on Sunday: the Saturday night shift still runs past midnight',
      [{ date: '2026-01-11', name: 'X' }],
      '2026-01-11T01:00:00+01:00',
      true,
      'X',
    ],
    [
      'a holiday on Saturday: its night shift does not start',
      [{ date: '2026-01-17', name: 'Y' }],
      '2026-01-18T01:00:00+01:00',
      false,
      null,
    ],
  ];
  it.each(cases)('%s', (_label, holidays, at, open, holiday) => {
    const cal = createCalendar({ ...base, holidays });
    expect(cal.isOpen(t(at))).toBe(open);
    expect(cal.isHoliday(t(at))).toBe(holiday);
  });

  it('a national preset adds its holidays only when chosen', () => {
    const presetHolidays = (year: number) => [{ date: `${year}-04-06`, name: 'Lunedì dell’Angelo' }];
    const at = t('2026-04-06T10:00:00+02:00'); // Easter Monday 2026
    expect(createCalendar(base, { presetHolidays }).isOpen(at)).toBe(true);
    const it_ = createCalendar({ ...base, national_holidays: 'IT' }, { presetHolidays });
    expect(it_.isOpen(at)).toBe(false);
    expect(it_.isHoliday(at)).toBe('Lunedì dell’Angelo');
  });
});

describe('business calendar: DST days in Europe/Rome', () => {
  // 29 March 2026: 02:00 CET → 03:00 CEST; 25 October 2026: 03:00 CEST → 02:00 CET (both Sundays)
  const cases: Array<[string, [string, string], string, number, string]> = [
    [
      'a night shift on the spring-forward day lasts 3 hours',
      ['00:00', '04:00'],
      '2026-03-29',
      3,
      '2026-03-28T23:00:00Z',
    ],
    ['a night shift on the fall-back day lasts 5 hours', ['00:00', '04:00'], '2026-10-25', 5, '2026-10-24T22:00:00Z'],
    [
      'a day shift on the spring-forward day: 09:00 is 07:00 UTC',
      ['09:00', '18:00'],
      '2026-03-29',
      9,
      '2026-03-29T07:00:00Z',
    ],
    [
      'a day shift on the fall-back day: 09:00 is 08:00 UTC',
      ['09:00', '18:00'],
      '2026-10-25',
      9,
      '2026-10-25T08:00:00Z',
    ],
    [
      'a start in the skipped hour opens after the jump (02:30 → 03:30 CEST)',
      ['02:30', '05:00'],
      '2026-03-29',
      1.5,
      '2026-03-29T01:30:00Z',
    ],
    [
      'a start in the repeated hour opens at its first occurrence',
      ['02:30', '05:00'],
      '2026-10-25',
      3.5,
      '2026-10-25T00:30:00Z',
    ],
  ];
  it.each(cases)('%s', (_label, range, day, hours, opensAt) => {
    const cal = createCalendar({ timezone: 'Europe/Rome', weekly: { sun: [range] } });
    const [from, to] = [t(`${day}T00:00:00Z`) - 3 * H, t(`${day}T00:00:00Z`) + 24 * H];
    expect(cal.businessMs(from, to)).toBe(hours * H);
    expect(iso(cal.nextChange(from)?.at)).toBe(iso(t(opensAt)));
    expect(cal.isOpen(t(opensAt))).toBe(true);
    expect(cal.isOpen(t(opensAt) - 1)).toBe(false);
  });

  it('reads wall-clock time on both sides of the change', () => {
    expect(wallClock(t('2026-03-29T00:59:00Z'), 'Europe/Rome')).toEqual({
      date: '2026-03-29',
      time: '01:59',
      weekday: 'sun',
    });
    expect(wallClock(t('2026-03-29T01:00:00Z'), 'Europe/Rome')).toEqual({
      date: '2026-03-29',
      time: '03:00',
      weekday: 'sun',
    });
  });
});

describe('business calendar: edge cases', () => {
  it('never open: no next change', () => {
    const cal = createCalendar({ timezone: 'Europe/Rome', weekly: {} });
    expect(cal.isOpen(Date.now())).toBe(false);
    expect(cal.nextChange(Date.now())).toBeNull();
  });

  it('always open: adjacent days merge and nothing changes', () => {
    const all = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
    );
    const cal = createCalendar({ timezone: 'America/New_York', weekly: all });
    expect(cal.isOpen(t('2026-03-08T07:30:00Z'))).toBe(true);
    expect(cal.nextChange(t('2026-03-08T07:30:00Z'))).toBeNull();
  });

  it('a shift ending at 24:00 joins the next day starting at 00:00', () => {
    const cal = createCalendar({ timezone: 'UTC', weekly: { mon: [['20:00', '24:00']], tue: [['00:00', '03:00']] } });
    expect(iso(cal.nextChange(t('2026-01-05T21:00:00Z'))?.at)).toBe('2026-01-06T03:00:00.000Z');
  });
});

describe('validation', () => {
  const v = (h: Partial<BusinessHours>) =>
    validateHours({ timezone: 'Europe/Rome', weekly: {}, ...h }).map((i) => `${i.path}: ${i.message}`);
  it('accepts the issue body', () => expect(validateHours(SHOP)).toEqual([]));
  it.each([
    ['bad zone', { timezone: 'Europe/Roma' }, 'timezone: "Europe/Roma" is not an IANA time zone (e.g. Europe/Rome)'],
    [
      'bad time',
      { weekly: { mon: [['9:00', '13:00']] } },
      'weekly.mon.0: 9:00–13:00: times are HH:MM from 00:00 to 23:59 (24:00 may end a range)',
    ],
    [
      '24:00 start',
      { weekly: { mon: [['24:00', '13:00']] } },
      'weekly.mon.0: 24:00–13:00: times are HH:MM from 00:00 to 23:59 (24:00 may end a range)',
    ],
    [
      'empty range',
      { weekly: { mon: [['10:00', '10:00']] } },
      'weekly.mon.0: 10:00–10:00 is empty (for a whole day use 00:00–24:00)',
    ],
    [
      'overlap in a day',
      {
        weekly: {
          mon: [
            ['09:00', '13:00'],
            ['12:00', '18:00'],
          ],
        },
      },
      'weekly: mon 09:00–13:00 overlaps mon 12:00–18:00',
    ],
    [
      'overlap past midnight',
      { weekly: { sat: [['22:00', '02:00']], sun: [['01:00', '05:00']] } },
      'weekly: sat 22:00–02:00 overlaps sun 01:00–05:00',
    ],
    [
      'overlap across the week',
      { weekly: { sun: [['23:00', '01:00']], mon: [['00:30', '05:00']] } },
      'weekly: sun 23:00–01:00 overlaps mon 00:30–05:00',
    ],
    [
      'unknown day',
      { weekly: { lun: [['09:00', '10:00']] } as never },
      'weekly.lun: "lun" is not a weekday (use mon, tue, wed, thu, fri, sat, sun)',
    ],
    ['bad date', { holidays: [{ date: '2026-02-30' }] }, 'holidays.0.date: "2026-02-30" is not a date (YYYY-MM-DD)'],
    [
      'range backwards',
      { holidays: [{ from: '2026-08-20', to: '2026-08-10' }] },
      'holidays.0: the range ends (2026-08-10) before it starts (2026-08-20)',
    ],
  ])('%s', (_label, h, message) => {
    expect(v(h as Partial<BusinessHours>)).toEqual([message]);
  });
  it('touching ranges do not overlap', () =>
    expect(
      v({
        weekly: {
          mon: [
            ['09:00', '13:00'],
            ['13:00', '18:00'],
          ],
        },
      }),
    ).toEqual([]));
});
