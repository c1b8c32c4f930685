import { describe, expect, it } from 'vitest';
import { createCalendar } from '../calendar/business-calendar.ts';
import { closureAt, DEFAULT_SETTINGS, replyKey, replyText, type OutOfHoursSettings } from './out-of-hours.rules.ts';

const calendar = createCalendar({
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
});
const at = (iso: string) => new Date(iso).getTime();

describe('closureAt', () => {
  it.each([
    ['Monday 10:00 Rome (open)', '2026-03-02T09:00:00Z', null],
    ['Monday 13:30 Rome (lunch break)', '2026-03-02T12:30:00Z', { kind: 'closed' }],
    ['Monday 22:00 Rome', '2026-03-02T21:00:00Z', { kind: 'closed' }],
    ['Sunday 01:00 Rome (Saturday shift past midnight)', '2026-03-08T00:00:00Z', null],
    ['Wednesday (no hours)', '2026-03-04T10:00:00Z', { kind: 'closed' }],
    ['Christmas, a Friday', '2026-12-25T10:00:00Z', { kind: 'holiday', name: 'Natale' }],
    ['Tuesday in the August closure, during usual hours', '2026-08-11T08:00:00Z', { kind: 'holiday', name: 'Ferie' }],
  ])('%s', (_name, iso, expected) => {
    expect(closureAt(calendar, at(iso))).toEqual(expected);
  });
});

describe('replyText', () => {
  const s: OutOfHoursSettings = {
    ...DEFAULT_SETTINGS,
    enabled: true,
    text: 'Siamo chiusi: rispondiamo dalle 9.',
    holiday_text: 'Oggi siamo chiusi per festività.',
    texts: { en: 'We are closed…', 'pt-BR': 'Estamos fechados' },
    holiday_texts: { de: 'Heute geschlossen (Feiertag).' },
  };
  it.each([
    ['closed, no language → default', { kind: 'closed' } as const, '', 'Siamo chiusi: rispondiamo dalle 9.'],
    ['closed, English', { kind: 'closed' } as const, 'en', 'We are closed…'],
    ['closed, en-GB falls back to en', { kind: 'closed' } as const, 'en-GB', 'We are closed…'],
    ['closed, exact regional variant', { kind: 'closed' } as const, 'pt-BR', 'Estamos fechados'],
    ['closed, unknown language → default', { kind: 'closed' } as const, 'fr', 'Siamo chiusi: rispondiamo dalle 9.'],
    ['holiday → holiday text', { kind: 'holiday', name: 'Natale' } as const, 'it', 'Oggi siamo chiusi per festività.'],
    [
      'holiday in German → its holiday variant',
      { kind: 'holiday', name: 'Natale' } as const,
      'de',
      'Heute geschlossen (Feiertag).',
    ],
  ])('%s', (_name, closure, lang, expected) => {
    expect(replyText(s, closure, lang)).toBe(expected);
  });
  it('a holiday without a holiday text answers with the closed text', () => {
    expect(replyText({ ...s, holiday_text: '', holiday_texts: {} }, { kind: 'holiday', name: 'Natale' }, 'en')).toBe(
      'We are closed…',
    );
  });
  it('keys name the conversation and the window', () => {
    expect(replyKey('abc', 1_700_000_000_000)).toBe('ooh:abc:1700000000000');
  });
});
