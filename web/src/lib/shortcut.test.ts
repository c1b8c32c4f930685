import { describe, expect, it } from 'vitest';
import { normaliseShortcut, SHORTCUT_PATTERN, SHORTCUT_RE } from './shortcut.ts';

/** How a browser applies <input pattern>: anchored, compiled with the v flag (HTML spec). */
const asBrowser = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'v');

describe('quick-reply shortcut rule', () => {
  it('the pattern is valid where browsers compile it (v flag); the old one was not', () => {
    expect(() => asBrowser('[a-z0-9_-]+')).toThrow(SyntaxError);
    expect(() => asBrowser(SHORTCUT_PATTERN)).not.toThrow();
  });

  it.each(['ciao', 'orari-negozio', 'iban_2', 'a', 'Ciao', '/orari'])('accepts %s (form and server agree)', (s) => {
    expect(asBrowser(SHORTCUT_PATTERN).test(s)).toBe(true);
    expect(SHORTCUT_RE.test(normaliseShortcut(s))).toBe(true);
  });

  it.each(['con spazio', 'perché', 'a/b', 'prezzo€', '', '/'])('refuses %j (form and server agree)', (s) => {
    expect(asBrowser(SHORTCUT_PATTERN).test(s)).toBe(false);
    expect(SHORTCUT_RE.test(normaliseShortcut(s))).toBe(false);
  });

  it('normalises what people type', () => {
    expect(normaliseShortcut('  /Orari ')).toBe('orari');
  });
});
