import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../web/src/i18n/locales.ts';
import { PUSH_TEXTS, pushText } from './push-texts.ts';

describe('push texts', () => {
  it('every language the app speaks has every text the server writes', () => {
    const keys = Object.keys(PUSH_TEXTS.en).sort();
    expect(Object.keys(PUSH_TEXTS).sort()).toEqual([...LOCALES].sort());
    for (const l of LOCALES) {
      expect(Object.keys(PUSH_TEXTS[l]).sort(), l).toEqual(keys);
      for (const k of keys) expect(PUSH_TEXTS[l][k as keyof typeof PUSH_TEXTS.en], `${l}.${k}`).not.toBe('');
    }
  });

  it.each([
    ['it', '↪ Chat assegnata a te'],
    ['en', '↪ Chat assigned to you'],
    ['fr', '↪ Discussion qui vous est attribuée'],
    ['es-ES', '↪ Chat asignado a ti'],
    ['', '↪ Chat assigned to you'],
    ['de', '↪ Chat assigned to you'],
    [undefined, '↪ Chat assigned to you'],
  ])('"chat assigned to you" for a user whose language is %s', (lang, text) => {
    expect(pushText('assigned', lang)).toBe(text);
  });

  it('the test notification is in the user’s language too', () => {
    expect(pushText('test', 'fr')).toBe('🔔 Les notifications fonctionnent sur cet appareil');
    expect(pushText('test', 'es')).toBe('🔔 Las notificaciones funcionan en este dispositivo');
  });
});
