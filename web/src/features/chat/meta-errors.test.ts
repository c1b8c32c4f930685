import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { META_ADVICE, metaAdvice, metaDetails } from './meta-errors.ts';

describe('Meta failure advice', () => {
  it('131026 reads "not on WhatsApp"', () => {
    expect(en.metaErrors[metaAdvice(131026)!]).toMatch(/^This number is not on WhatsApp/);
  });

  it('every common code of docs/whatsapp-cloud-api.md has advice in the dictionary', () => {
    for (const code of [
      130429, 131056, 131048, 131057, 131047, 131026, 131049, 131050, 131051, 131052, 131053, 131000, 131016, 135000,
      132000, 132001, 132005, 132007, 132012, 132015, 132016, 132018, 368, 131031, 130497,
    ]) {
      const key = metaAdvice(code);
      expect(key, String(code)).toBeDefined();
      expect(en.metaErrors[key!], String(code)).toBeTruthy();
    }
    for (const key of Object.values(META_ADVICE)) expect(en.metaErrors).toHaveProperty(key);
  });

  it('unknown codes have no advice (Meta’s title is shown)', () => {
    expect(metaAdvice(999999)).toBeUndefined();
    expect(metaAdvice(0)).toBeUndefined();
  });

  it('details keep Meta’s code and words', () => {
    expect(
      metaDetails({ error_code: 131026, error_title: 'Message undeliverable', error_details: 'Unable to deliver' }),
    ).toBe('(#131026) Message undeliverable — Unable to deliver');
    expect(metaDetails({ error_code: 0, error_title: '', error_details: '' })).toBe('');
  });
});
