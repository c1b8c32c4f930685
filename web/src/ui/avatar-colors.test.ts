import { describe, expect, it } from 'vitest';
import { contrast } from '../lib/contrast.ts';
import { avatarBackground, avatarHue, HUES } from './avatar-colors.ts';

describe('avatar colours', () => {
  it.each(HUES)('white initials on hue %i meet WCAG AA (4.5:1)', (hue) => {
    expect(contrast('#ffffff', avatarBackground(hue))).toBeGreaterThanOrEqual(4.5);
  });

  it('a contact keeps its colour', () => {
    expect(avatarHue('Giulia Rossi')).toBe(avatarHue('Giulia Rossi'));
    expect(HUES).toContain(avatarHue('x'));
  });

  it('measures contrast like WCAG', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrast('#0f766e', '#e2e8e6')).toBeCloseTo(4.41, 2); // the old active settings tab
    expect(contrast('#ffffff', 'hsl(172 55% 34%)')).toBeLessThan(4.5); // the old teal avatar
  });
});
