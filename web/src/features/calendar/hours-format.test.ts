import { describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/index.ts';
import { stateText } from './hours-format.ts';

const t = (iso: string) => Date.parse(iso);
// Monday 5 January 2026, 10:30 in Rome
const NOW = t('2026-01-05T09:30:00Z');

describe('the open / closed line', () => {
  it.each([
    ['en', { open: true, holiday: null, next: { at: t('2026-01-05T17:00:00Z'), open: false } }, 'Open · closes 18:00'],
    [
      'en',
      { open: false, holiday: null, next: { at: t('2026-01-06T08:00:00Z'), open: true } },
      'Closed · opens tomorrow 09:00',
    ],
    [
      'en',
      { open: false, holiday: null, next: { at: t('2026-01-10T21:00:00Z'), open: true } },
      'Closed · opens Sat 22:00',
    ],
    [
      'en',
      { open: false, holiday: 'Ferie', next: { at: t('2026-01-22T08:00:00Z'), open: true } },
      'Closed for Ferie · opens Jan 22 09:00',
    ],
    ['en', { open: false, holiday: null, next: null }, 'Closed'],
    [
      'it',
      { open: true, holiday: null, next: { at: t('2026-01-05T17:00:00Z'), open: false } },
      'Aperto · chiude alle 18:00',
    ],
    [
      'it',
      { open: false, holiday: null, next: { at: t('2026-01-06T08:00:00Z'), open: true } },
      'Chiuso · apre domani alle 09:00',
    ],
    ['it', { open: false, holiday: '', next: null }, 'Chiuso per festività'],
  ] as const)('%s: %j', async (lang, state, text) => {
    // the Italian, French and Spanish dictionaries load on demand
    await setLocale(lang);
    expect(stateText(state, 'Europe/Rome', NOW)).toBe(text);
  });

  it('counts days in the business zone, not the viewer’s: 23:30 UTC is already tomorrow in Rome', async () => {
    await setLocale('en');
    const lateNow = t('2026-01-05T22:30:00Z'); // 23:30 Monday in Rome
    expect(
      stateText(
        { open: false, holiday: null, next: { at: t('2026-01-05T23:30:00Z'), open: true } },
        'Europe/Rome',
        lateNow,
      ),
    ).toBe('Closed · opens tomorrow 00:30');
  });
});
